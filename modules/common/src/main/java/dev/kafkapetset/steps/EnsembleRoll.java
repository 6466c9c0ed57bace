package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.zookeeper.Mode;
import dev.kafkapetset.zookeeper.ServerReport;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import dev.kafkapetset.zookeeper.ZooKeeperReport;
import dev.kafkapetset.zookeeper.ZooKeeperTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Rolling a ZooKeeper ensemble safely: followers first, the leader last (one election, not one per
 * restart); a server restarted only when the others keep a quorum; the next one only once every
 * server serves again.
 */
final class EnsembleRoll implements RollStep.Members {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL = Duration.ofSeconds(1);

    private final String statefulSet;
    private final Supplier<ZooKeeperTarget> zookeeper;
    private final boolean allowUnavailable;
    private Integer leader;

    /** @param zookeeper opens every server of the ensemble, each named after its pod */
    EnsembleRoll(String statefulSet, Supplier<ZooKeeperTarget> zookeeper, boolean allowUnavailable) {
        this.statefulSet = statefulSet;
        this.zookeeper = zookeeper;
        this.allowUnavailable = allowUnavailable;
    }

    @Override
    public String what() {
        return "ZooKeeper servers";
    }

    @Override
    public List<Integer> order(List<Integer> ordinals) {
        leader = null;
        for (ServerReport server : check().servers()) {
            if (server.mode() == Mode.LEADER) {
                leader = ordinal(server.server());
            }
        }
        List<Integer> order = new ArrayList<>(ordinals);
        if (leader != null && order.remove(leader)) {
            order.add(leader);
        }
        return order;
    }

    @Override
    public String orderReason() {
        return leader == null ? "no leader now" : "followers first, the leader, " + statefulSet + "-" + leader + ", last";
    }

    @Override
    public String checks() {
        return "before, the other servers keep a quorum; after, every server serves again";
    }

    @Override
    public void requireSafeWithout(int ordinal, Duration timeout, Report report) {
        List<ServerReport> servers = check().servers();
        long others = servers.stream().filter(server -> ordinal(server.server()) != ordinal && server.serving()).count();
        int quorum = servers.size() / 2 + 1;
        if (others < quorum && !allowUnavailable) {
            throw ToolException.failed("restarting " + statefulSet + "-" + ordinal + " refused: without it " + others + " of "
                    + servers.size() + " servers serve, and a quorum needs " + quorum + ": the brokers would lose"
                    + " ZooKeeper. Bring the others back first, or roll with --allow-unavailable to accept that");
        }
    }

    @Override
    public void awaitWhole(int ordinal, Duration timeout, Report report) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (true) {
            ZooKeeperReport status = check();
            long serving = status.servers().stream().filter(ServerReport::serving).count();
            if (serving == status.servers().size() && status.healthy()) {
                report.line("  every server serves again (" + status.ensemble() + ") after "
                        + Durations.elapsed(Duration.ofNanos(System.nanoTime() - start)));
                return;
            }
            if (System.nanoTime() > deadline) {
                throw ToolException.failed("timed out after " + Durations.format(timeout) + " with " + statefulSet + "-"
                        + ordinal + " restarted: " + status.ensemble() + "; run roll again to go on once it serves");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ToolException.failed("interrupted");
            }
        }
    }

    private ZooKeeperReport check() {
        try (ZooKeeperTarget servers = zookeeper.get()) {
            return ZooKeeperCheck.run(servers, new ZooKeeperCheck.Settings(null, CHECK_TIMEOUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted");
        }
    }

    /** A server is named after its pod, {@code <statefulset>-<ordinal>}. */
    private static int ordinal(String server) {
        return Integer.parseInt(server.substring(server.lastIndexOf('-') + 1));
    }
}
