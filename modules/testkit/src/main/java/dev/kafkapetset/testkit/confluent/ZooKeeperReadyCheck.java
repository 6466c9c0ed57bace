package dev.kafkapetset.testkit.confluent;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * The check behind the images' {@code cub zk-ready} (common-docker's {@code ClusterStatus}): a
 * ZooKeeper session within the time-out, and when the JVM has a JAAS configuration
 * ({@code java.security.auth.login.config}) a SASL-authenticated one: it waits for the
 * {@code SaslAuthenticated} event; {@code AuthFailed}, {@code Disconnected} or {@code Expired} fail
 * it at once. It runs in this JVM for a pod with no JVM options, else in a JVM of its own with the
 * pod's {@code KAFKA_OPTS} ({@link #main}), as the image runs it.
 */
final class ZooKeeperReadyCheck {
    /** How a failure's line starts in the check's own JVM's output, so the runtime finds it among the client's logs. */
    static final String VERDICT = "zk-ready: ";

    /**
     * {@code <local connect string> <connect string as the pod names it> <time-out in ms>}: exits
     * 0 when ZooKeeper is ready, else prints why and exits 1.
     */
    public static void main(String[] args) throws InterruptedException {
        boolean sasl = System.getProperty("java.security.auth.login.config") != null;
        Optional<String> failure = failure(args[0], args[1], Integer.parseInt(args[2]), sasl);
        failure.ifPresent(reason -> System.err.println(VERDICT + reason));
        System.exit(failure.isPresent() ? 1 : 0);
    }

    /** Why ZooKeeper at {@code connect} (reached at {@code local}) is not ready, as the check logs it; empty when it is. */
    static Optional<String> failure(String local, String connect, int timeoutMillis, boolean sasl) throws InterruptedException {
        CountDownLatch decided = new CountDownLatch(1);
        String[] failure = new String[1];
        Watcher watcher = event -> {
            if (event.getType() != Watcher.Event.EventType.None) {
                return;
            }
            switch (event.getState()) {
                case SyncConnected -> {
                    if (!sasl) {
                        decided.countDown();
                    }
                }
                case SaslAuthenticated -> decided.countDown();
                case Expired -> fail(failure, "Session expired.", decided);
                case Disconnected -> fail(failure, "Disconnected from the server.", decided);
                case AuthFailed -> fail(failure, "Authentication failed.", decided);
                default -> { }
            }
        };
        ZooKeeper session;
        try {
            session = new ZooKeeper(local, timeoutMillis, watcher);
        } catch (Exception e) {
            return Optional.of("Error while waiting for Zookeeper client to connect to the server [" + connect + "]. " + e);
        }
        try {
            if (!decided.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
                return Optional.of("Timed out waiting for connection to Zookeeper server [" + connect + "].");
            }
            synchronized (failure) {
                return failure[0] == null ? Optional.empty()
                        : Optional.of("Error occurred while connecting to Zookeeper server[" + connect + "]. " + failure[0] + " ");
            }
        } finally {
            session.close();
        }
    }

    private static void fail(String[] failure, String reason, CountDownLatch decided) {
        synchronized (failure) {
            if (failure[0] == null && decided.getCount() > 0) {
                failure[0] = reason;
            }
        }
        decided.countDown();
    }

    private ZooKeeperReadyCheck() {}
}
