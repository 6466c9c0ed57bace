package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * {@code zookeeper-shell <connect> get <path>} answered in this JVM, with a real ZooKeeper client
 * connected where the pod's own look-up of the hosts leads ({@link ClusterAddresses}), printing
 * what the image's shell prints, on the stream it prints it to, with its exit code. As the real
 * one, it waits for a ZooKeeper it can't reach until it is killed (the caller's {@code timeout}).
 * For a pod without JVM options only: a JAAS file needs the tool's own JVM ({@link ImageTools}).
 */
final class ZooKeeperShell {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int SESSION_TIMEOUT_MILLIS = 30_000;

    /** Whether this answers {@code args} (the shell's arguments): {@code <connect> get <path>}. */
    static boolean answers(List<String> args) {
        return args.size() == 3 && args.get(1).equals("get");
    }

    /** {@code zookeeper-shell <connect> get <path>}: its exit code; it gives up once {@code callerGone}. */
    static int get(ScheduledPod pod, String connect, String path, ImageTools.Output output, BooleanSupplier callerGone)
            throws InterruptedException {
        output.out("Connecting to " + connect);
        Optional<String> local = ClusterAddresses.zooKeeper(pod, connect);
        while (local.isEmpty()) {
            if (callerGone.getAsBoolean()) {
                return 1;
            }
            Thread.sleep(POLL.toMillis());
            local = ClusterAddresses.zooKeeper(pod, connect);
        }
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper session;
        try {
            session = new ZooKeeper(local.get(), SESSION_TIMEOUT_MILLIS, event -> {
                if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    printWatch(output, event);
                    connected.countDown();
                }
            });
        } catch (java.io.IOException e) {
            output.err(e.getMessage());
            return 1;
        }
        try {
            while (!connected.await(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                if (callerGone.getAsBoolean()) {
                    return 1;
                }
            }
            output.out(new String(session.getData(path, false, null), StandardCharsets.UTF_8));
            return 0;
        } catch (KeeperException.NoNodeException e) {
            output.err("Node does not exist: " + path);
            return 1;
        } catch (KeeperException e) {
            output.err(e.getMessage());
            return 1;
        } finally {
            session.close();
        }
    }

    /** ZooKeeperMain's watcher prints each event after an empty line. */
    private static void printWatch(ImageTools.Output output, WatchedEvent event) {
        output.out("\nWATCHER::");
        output.out("\n" + event);
    }

    private ZooKeeperShell() {}
}
