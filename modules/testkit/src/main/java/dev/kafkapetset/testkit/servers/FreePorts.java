package dev.kafkapetset.testkit.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * Local ports nothing listens on right now, for addresses that must be known before a server starts
 * (an advertised listener). They are taken below the ephemeral range, as an operator's 19092 is: a
 * port from that range may be any outgoing connection's a moment later.
 */
public final class FreePorts {
    private static final int LOWEST = 10_000;
    /**
     * Every port handed out in this JVM: one chosen for a later server is free, not bound, until that
     * server starts, so it must not be handed out again meanwhile (a broker's listener, a node port).
     */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /** The first of {@code count} consecutive free ports on 127.0.0.1, none of them handed out before. */
    public static synchronized int consecutive(int count) {
        int ceiling = Math.max(ephemeralRangeStart() - count, LOWEST + count);
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
            boolean fresh = IntStream.range(base, base + count).noneMatch(HANDED_OUT::contains);
            if (fresh && allFree(base, count)) {
                IntStream.range(base, base + count).forEach(HANDED_OUT::add);
                return base;
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free local ports below " + ceiling);
    }

    /** Linux says where its ephemeral ports start; elsewhere, assume the IANA range (49152 on). */
    private static int ephemeralRangeStart() {
        try {
            // readAllLines, not readString: /proc files claim a size of 0, and readString stops short.
            String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0);
            return Integer.parseInt(range.trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 49152;
        }
    }

    private static boolean allFree(int base, int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port = base; port < base + count; port++) {
                held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
            }
            return true;
        } catch (IOException taken) {
            return false;
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a socket we only bound can't lose anything.
                }
            }
        }
    }

    private FreePorts() {}
}
