package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * The images' {@code zookeeper-shell}, for the commands an init container runs: a script on their
 * PATH hands its arguments over a local socket to this class, which runs the command with a real
 * ZooKeeper client in this JVM, connected where the pod's own look-up of the hosts leads
 * ({@link ScheduledPod#resolve}), and hands back what the real shell prints, on the stream it
 * prints it to, and its exit code. As the real one, it waits for a ZooKeeper it can't reach until
 * it is killed (the caller's {@code timeout}). It knows {@code get <path>} only.
 *
 * <p>One serves one container's run; closing it ends what it still serves.
 */
final class ZooKeeperShell implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int SESSION_TIMEOUT_MILLIS = 30_000;
    private static final int DEFAULT_PORT = 2181;

    private final ScheduledPod pod;
    private final ServerSocket server;
    private final Set<Socket> callers = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private ZooKeeperShell(ScheduledPod pod, ServerSocket server) {
        this.pod = pod;
        this.server = server;
    }

    /** Serves the pod's calls of the script it writes at {@code script}. */
    static ZooKeeperShell serve(ScheduledPod pod, Path script) throws IOException {
        ZooKeeperShell shell = new ZooKeeperShell(pod, new ServerSocket(0, 50, LOOPBACK));
        // Arguments go NUL-separated after their count; each line back says where it goes, the last the exit code.
        Files.writeString(script, """
                #!/usr/bin/env bash
                exec 3<>/dev/tcp/%s/%d || exit 1
                printf '%%s\\0' "$#" "$@" >&3
                while IFS= read -r line <&3; do
                  case "$line" in
                    "out "*) printf '%%s\\n' "${line#out }" ;;
                    "err "*) printf '%%s\\n' "${line#err }" >&2 ;;
                    "exit "*) exit "${line#exit }" ;;
                  esac
                done
                exit 1
                """.formatted(LOOPBACK.getHostAddress(), shell.server.getLocalPort()));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Thread accepting = new Thread(shell::accept, "zookeeper-shell-" + pod.name());
        accepting.setDaemon(true);
        accepting.start();
        return shell;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket caller = server.accept();
                callers.add(caller);
                Thread serving = new Thread(() -> serve(caller), "zookeeper-shell-call-" + pod.name());
                serving.setDaemon(true);
                serving.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket caller) {
        try (caller; PrintWriter reply = new PrintWriter(caller.getOutputStream(), true, StandardCharsets.UTF_8)) {
            InputStream in = caller.getInputStream();
            int count = Integer.parseInt(field(in));
            List<String> args = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                args.add(field(in));
            }
            caller.setSoTimeout((int) POLL.toMillis());
            reply.println("exit " + run(args, new Output(reply), caller));
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the caller went away (killed by its timeout), or the shell closed
        } finally {
            callers.remove(caller);
        }
    }

    /** What the shell prints, each line marked with its stream. */
    private record Output(PrintWriter reply) {
        void out(String text) {
            text.lines().forEach(line -> reply.println("out " + line));
        }

        void err(String text) {
            text.lines().forEach(line -> reply.println("err " + line));
        }
    }

    /** {@code zookeeper-shell host:port[,host:port][/chroot] get <path>}, as Kafka's script and ZooKeeperMain run it. */
    private int run(List<String> args, Output output, Socket caller) throws IOException, InterruptedException {
        if (args.isEmpty()) {
            output.out("USAGE: zookeeper-shell zookeeper_host:port[/path] [-zk-tls-config-file file] [args...]");
            return 1;
        }
        String connect = args.get(0);
        List<String> command = args.subList(1, args.size());
        if (command.size() != 2 || !command.get(0).equals("get")) {
            output.err("the stand-in zookeeper-shell runs 'get <path>' only, not '" + String.join(" ", command) + "'");
            return 1;
        }
        output.out("Connecting to " + connect);
        String local = awaitResolved(connect, caller);
        if (local == null) {
            return 1;
        }
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper session = new ZooKeeper(local, SESSION_TIMEOUT_MILLIS, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                printWatch(output, event);
                connected.countDown();
            }
        });
        try {
            while (!connected.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                if (isGone(caller)) {
                    return 1;
                }
            }
            output.out(new String(session.getData(command.get(1), false, null), StandardCharsets.UTF_8));
            return 0;
        } catch (KeeperException.NoNodeException e) {
            output.err("Node does not exist: " + command.get(1));
            return 1;
        } catch (KeeperException e) {
            output.err(e.getMessage());
            return 1;
        } finally {
            session.close();
        }
    }

    /** ZooKeeperMain's watcher prints each event after an empty line. */
    private static void printWatch(Output output, WatchedEvent event) {
        output.out("\nWATCHER::");
        output.out("\n" + event);
    }

    /**
     * The connect string with its hosts looked up as the pod would, once one of them serves; null if
     * the caller went away first. A host that does not serve yet is tried again, as the client would.
     */
    private String awaitResolved(String connect, Socket caller) throws IOException, InterruptedException {
        int slash = connect.indexOf('/');
        String chroot = slash < 0 ? "" : connect.substring(slash);
        List<String> servers = List.of((slash < 0 ? connect : connect.substring(0, slash)).split(","));
        while (!isGone(caller)) {
            List<String> local = new ArrayList<>();
            for (String server : servers) {
                int colon = server.lastIndexOf(':');
                String host = colon < 0 ? server : server.substring(0, colon);
                int port = colon < 0 ? DEFAULT_PORT : Integer.parseInt(server.substring(colon + 1));
                pod.resolve(host, port).ifPresent(address -> local.add(LOOPBACK.getHostAddress() + ":" + address.getPort()));
            }
            if (!local.isEmpty()) {
                return String.join(",", local) + chroot;
            }
            Thread.sleep(POLL.toMillis());
        }
        return null;
    }

    /** Whether the calling script is gone (it sends nothing after its arguments); waits one poll at most. */
    private boolean isGone(Socket caller) throws IOException {
        if (closed) {
            return true;
        }
        try {
            return caller.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillThere) {
            return false;
        }
    }

    private static String field(InputStream in) throws IOException {
        ByteArrayOutputStream field = new ByteArrayOutputStream();
        for (int b = in.read(); b != 0; b = in.read()) {
            if (b < 0) {
                throw new IOException("the caller went away");
            }
            field.write(b);
        }
        return field.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Socket caller : callers) {
            try {
                caller.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
