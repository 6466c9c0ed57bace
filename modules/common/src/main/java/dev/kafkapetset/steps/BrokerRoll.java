package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.ClusterAdmin;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kafka.Reassignment.Partition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Rolling brokers safely: the active controller last; a broker restarted only when every partition
 * keeps {@code min.insync.replicas} in sync without it (so acks=all producers go on); the next one
 * only once it is registered again and every partition is back in sync.
 */
final class BrokerRoll implements RollStep.Members {
    /** Kafka has no way to wait for replicas to catch up: ask again this often. */
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final Supplier<KafkaTarget> kafka;
    private final boolean allowUnavailable;
    private Integer controller;
    private boolean controllerIsBroker;

    /**
     * @param kafka opens the brokers to Kafka's clients, each time the roll asks them
     * @param allowUnavailable restart even when partitions go below their minimum (a single broker, a
     *     replication factor of 1): producers with acks=all stop meanwhile, and the roll says which
     */
    BrokerRoll(Supplier<KafkaTarget> kafka, boolean allowUnavailable) {
        this.kafka = kafka;
        this.allowUnavailable = allowUnavailable;
    }

    @Override
    public String what() {
        return "brokers";
    }

    @Override
    public List<Integer> order(List<Integer> ordinals) {
        controller = ask(ClusterAdmin::describeCluster).controller();
        List<Integer> order = new ArrayList<>(ordinals);
        controllerIsBroker = controller != null && order.remove(controller);
        if (controllerIsBroker) {
            order.add(controller);
        }
        return order;
    }

    @Override
    public String orderReason() {
        if (controller == null) {
            return "no controller elected now";
        }
        // During a migration to KRaft the active controller is a KRaft controller, not one of the brokers.
        return controllerIsBroker ? "the active controller, broker " + controller + ", last"
                : "by ordinal: the active controller is node " + controller + ", not one of them";
    }

    @Override
    public String checks() {
        return "before, every partition keeps min.insync.replicas in sync without it; after, it is registered again"
                + " and every partition is back in sync";
    }

    @Override
    public void requireSafeWithout(int broker, Duration timeout, Report report) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = null;
        while (true) {
            Shortfall shortfall = ask(admin -> shortfall(admin, broker));
            if (shortfall.below().isEmpty() || allowUnavailable) {
                return;
            }
            // A replica out of the in-sync set with enough replicas assigned is catching up (Kafka drops a follower
            // from it only after replica.lag.time.max.ms, so a broker just back may leave it after the last check):
            // waited out. Too few replicas assigned never passes.
            if (shortfall.lasting() || System.nanoTime() > deadline) {
                String which = shortfall.below().size() + " partitions would go below min.insync.replicas without broker "
                        + broker + ": " + String.join(", ", shortfall.below().subList(0, Math.min(5, shortfall.below().size())))
                        + (shortfall.below().size() > 5 ? ", ..." : "");
                throw ToolException.failed("restarting broker " + broker + " refused: " + which + "; producers with"
                        + " acks=all would stop. Wait until they are back in sync, raise their replication factor, or roll"
                        + " with --allow-unavailable to accept that");
            }
            String state = "  " + shortfall.below().size() + " partitions catching up before broker " + broker
                    + " can go (" + shortfall.below().get(0) + (shortfall.below().size() > 1 ? ", ..." : "") + ")";
            if (!state.equals(last)) {
                report.line(state);
                last = state;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ToolException.failed("interrupted while partitions were catching up");
            }
        }
    }

    /**
     * @param below the partitions that would go below their minimum in sync without the broker
     * @param lasting whether one of them has too few replicas for its minimum even when all are in sync
     */
    private record Shortfall(List<String> below, boolean lasting) {}

    private static Shortfall shortfall(ClusterAdmin admin, int broker) {
        List<Partition> held = admin.partitions().stream().filter(p -> p.replicas().contains(broker)).toList();
        Map<String, Integer> minimums = admin.minInsyncReplicas(held.stream().map(Partition::topic)
                .collect(Collectors.toCollection(TreeSet::new)));
        List<String> below = new ArrayList<>();
        boolean lasting = false;
        for (Partition partition : held) {
            int minimum = minimums.get(partition.topic());
            long staying = partition.inSync().stream().filter(id -> id != broker).count();
            if (staying < minimum) {
                below.add(partition.name() + " (in sync without it: " + staying + ", min.insync.replicas " + minimum + ")");
                lasting |= partition.replicas().size() - 1 < minimum;
            }
        }
        return new Shortfall(below, lasting);
    }

    @Override
    public void awaitWhole(int broker, Duration timeout, Report report) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        String last = null;
        while (true) {
            String state = ask(admin -> {
                if (!admin.describeCluster().alive().contains(broker)) {
                    return "broker " + broker + " not registered yet";
                }
                List<String> behind = admin.underReplicated();
                return behind.isEmpty() ? null : behind.size() + " partitions catching up (" + String.join(", ",
                        behind.subList(0, Math.min(3, behind.size()))) + (behind.size() > 3 ? ", ..." : "") + ")";
            });
            if (state == null) {
                report.line("  broker " + broker + " registered, every partition in sync after "
                        + Durations.elapsed(Duration.ofNanos(System.nanoTime() - start)));
                return;
            }
            if (!state.equals(last)) {
                report.line("  " + state);
                last = state;
            }
            if (System.nanoTime() > deadline) {
                throw ToolException.failed("timed out after " + Durations.format(timeout) + " with broker " + broker
                        + " restarted: " + state + "; run roll again to go on once they are (it skips what is done)");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ToolException.failed("interrupted while broker " + broker + " was catching up");
            }
        }
    }

    private <T> T ask(Function<ClusterAdmin, T> question) {
        return ask(kafka, question);
    }

    /** What {@code question} learns from the cluster {@code kafka} opens, in a client of its own. */
    static <T> T ask(Supplier<KafkaTarget> kafka, Function<ClusterAdmin, T> question) {
        try (KafkaTarget target = kafka.get(); ClusterAdmin admin = ClusterAdmin.connect(target, REQUEST_TIMEOUT)) {
            return question.apply(admin);
        }
    }
}
