package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.model.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * A roll's members restarted in ordinal order, for when the one leading the others is not among
 * them, or can't be known when the plan is made; the checks are the members' own.
 *
 * @param reason why, for the plan's order line
 */
record InOrdinalOrder(RollStep.Members members, String reason) implements RollStep.Members {

    static final String KRAFT_LEADS = "by ordinal: a KRaft controller leads the cluster, not one of the brokers";

    /**
     * The brokers of {@code cluster} while a KRaft controller leads them: none of them is the active
     * controller (a KRaft-mode broker even names a random broker as the controller when asked).
     */
    static RollStep kraftLeads(KafkaCluster cluster, Supplier<KafkaTarget> kafka, WaitOptions waiting) {
        return new RollStep(cluster, cluster.statefulSetName(), cluster.labels(), new InOrdinalOrder(new BrokerRoll(kafka,
                false), KRAFT_LEADS), waiting);
    }

    @Override
    public String what() {
        return members.what();
    }

    @Override
    public List<Integer> order(List<Integer> ordinals) {
        return ordinals.stream().sorted().toList();
    }

    @Override
    public String orderReason() {
        return reason;
    }

    @Override
    public void requireSafeWithout(int ordinal, Duration timeout, Report report) {
        members.requireSafeWithout(ordinal, timeout, report);
    }

    @Override
    public String checks() {
        return members.checks();
    }

    @Override
    public void awaitWhole(int ordinal, Duration timeout, Report report) {
        members.awaitWhole(ordinal, timeout, report);
    }
}
