package dev.kafkapetset.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.zookeeper.client.FourLetterWordMain;

/**
 * A real ZooKeeper ensemble (quorum peers with leader election) in this JVM, whose servers a test
 * can stop and start again. Servers are numbered 0..size-1 in {@link #addresses()} order.
 */
public final class LocalZooKeeperEnsemble implements AutoCloseable {
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private final TestingCluster cluster;
    private final List<InstanceSpec> specs;
    private final TreeSet<Integer> running = new TreeSet<>();

    private LocalZooKeeperEnsemble(TestingCluster cluster) {
        this.cluster = cluster;
        this.specs = new ArrayList<>(cluster.getInstances());
        for (int i = 0; i < specs.size(); i++) {
            running.add(i);
        }
    }

    /** Starts {@code size} servers with every four-letter word allowed and waits for a quorum. */
    public static LocalZooKeeperEnsemble start(int size) {
        TestingCluster cluster = new TestingCluster(size);
        try {
            cluster.start();
        } catch (Exception e) {
            throw new IllegalStateException("the ZooKeeper ensemble did not start", e);
        }
        FourLetterWords.ALL.apply();
        LocalZooKeeperEnsemble ensemble = new LocalZooKeeperEnsemble(cluster);
        ensemble.awaitQuorum();
        return ensemble;
    }

    /** {@code 127.0.0.1:port} of every server, stopped ones included. */
    public List<String> addresses() {
        return specs.stream().map(spec -> "127.0.0.1:" + spec.getPort()).toList();
    }

    public String connectString() {
        return String.join(",", addresses());
    }

    public void stop(int server) {
        try {
            cluster.killServer(specs.get(server));
        } catch (Exception e) {
            throw new IllegalStateException("could not stop ZooKeeper server " + server, e);
        }
        running.remove(server);
    }

    /** Waits until the running servers have elected exactly one leader and follow it. */
    public void awaitQuorum() {
        awaitModes("one leader, the others following",
                modes -> modes.stream().filter("leader"::equals).count() == 1
                        && modes.stream().allMatch(mode -> mode.equals("leader") || mode.equals("follower")));
    }

    /** Waits until no running server serves clients (after losing the quorum). */
    public void awaitNoQuorum() {
        awaitModes("no server serving", modes -> modes.stream().allMatch("not serving"::equals));
    }

    private void awaitModes(String wanted, Predicate<List<String>> reached) {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        List<String> modes = List.of();
        while (System.nanoTime() < deadline) {
            modes = running.stream().map(this::mode).toList();
            if (reached.test(modes)) {
                return;
            }
            pause();
        }
        throw new IllegalStateException("ZooKeeper servers " + running + " did not reach '" + wanted
                + "' within " + SETTLE + "; modes: " + modes);
    }

    private String mode(int server) {
        try {
            String reply = FourLetterWordMain.send4LetterWord("127.0.0.1", specs.get(server).getPort(), "srvr", false, 1000);
            for (String line : reply.split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring("Mode: ".length()).trim();
                }
            }
            return "not serving";
        } catch (Exception e) {
            return "unreachable";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
