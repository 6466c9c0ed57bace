package dev.kafkapetset.testkit.confluent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The cluster DNS names the runtime's own JVMs resolve, all to the loopback address, in a hosts
 * file they read instead of the system's ({@code -Djdk.net.hosts.file}, which the JDK reads again
 * on each look-up): the names brokers advertise, so that a broker connecting to another, and a
 * client, verify its certificate against the name it advertised, as in a cluster. The ports are
 * the servers' local ones. The machine's own name and {@code localhost} are there too.
 */
final class ClusterHosts {
    private static final String LOOPBACK = "127.0.0.1";

    private final Path file;
    private final Set<String> names = new TreeSet<>();

    ClusterHosts(Path file) {
        this.file = file;
        names.add("localhost");
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            // A machine whose own name does not resolve: nothing of it to list.
        }
        write();
    }

    Path file() {
        return file;
    }

    /** Lists {@code hosts} (with or without a trailing dot, as a name may be written) from now on. */
    synchronized void add(Collection<String> hosts) {
        boolean added = false;
        for (String host : hosts) {
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            added |= names.add(name);
            added |= names.add(name + ".");
        }
        if (added) {
            write();
        }
    }

    private synchronized void write() {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, LOOPBACK + " " + String.join(" ", names) + "\n");
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
