package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kafka.KubernetesKafka;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.kube.Rollout;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Labels;
import dev.kafkapetset.model.ZookeeperEnsemble;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Restarts the pods of the brokers' StatefulSet, or of the ZooKeeper ensemble's, one at a time:
 * each only when the cluster stays whole without it, and the next only once the cluster is whole
 * again. The StatefulSets update their pods on delete only, so this is how a new pod template
 * reaches the pods. It restarts the pods that run an old template; when none does, it marks the
 * template restarted (as kubectl rollout restart does), so every pod is. Run again after a
 * failure, it goes on with the pods still on the old template.
 */
public final class RollStep implements Step {
    /** The pod template annotation a roll of pods already on the current template sets. */
    public static final String RESTARTED_AT = "kafka-petset/restartedAt";

    /** What the roll checks before and after each restart, and in which order it goes. */
    public interface Members {
        /** What they are, for messages: "brokers", "ZooKeeper servers". */
        String what();

        /** The ordinals in the order to restart them: the one leading the others last. */
        List<Integer> order(List<Integer> ordinals);

        /** The order's reason, for the plan: "the active controller, broker 1, last". */
        String orderReason();

        /**
         * Fails, naming what would break, when restarting {@code ordinal} leaves the cluster short; a
         * shortfall that can pass by itself (a replica still catching up) is waited out first, up to
         * {@code timeout}, with progress on {@code report}.
         */
        void requireSafeWithout(int ordinal, Duration timeout, Report report);

        /** What is checked before each restart, and waited for after it, for the plan. */
        String checks();

        /** Waits, up to {@code timeout}, until the cluster is whole again with {@code ordinal} back. */
        void awaitWhole(int ordinal, Duration timeout, Report report);
    }

    private final KafkaCluster cluster;
    private final String statefulSet;
    private final Labels labels;
    private final Members members;
    private final WaitOptions waiting;

    /** Rolls StatefulSet {@code statefulSet} of {@code cluster}, whose pods carry {@code labels}. */
    public RollStep(KafkaCluster cluster, String statefulSet, Labels labels, Members members, WaitOptions waiting) {
        this.cluster = cluster;
        this.statefulSet = statefulSet;
        this.labels = labels;
        this.members = members;
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "roll";
    }

    @Override
    public String purpose() {
        return "restart the " + members.what() + " of statefulset.apps/" + statefulSet + " one at a time, each only"
                + " when it is safe";
    }

    /** The brokers of {@code cluster}, reached through port-forwards with {@code kube}'s access. */
    public static RollStep brokers(KafkaCluster cluster, KubeOptions kube, boolean allowUnavailable, WaitOptions waiting) {
        return brokers(cluster, () -> KubernetesKafka.open(kube, cluster.statefulSetName()), allowUnavailable, waiting);
    }

    /** The brokers of {@code cluster}, reached as {@code kafka} reaches them (--bootstrap-servers). */
    public static RollStep brokers(KafkaCluster cluster, Supplier<KafkaTarget> kafka, boolean allowUnavailable,
            WaitOptions waiting) {
        BrokerRoll brokers = new BrokerRoll(kafka, allowUnavailable);
        // KRaft-mode brokers name a random broker as the controller: the one leading them is a KRaft controller.
        return new RollStep(cluster, cluster.statefulSetName(), cluster.labels(), cluster.spec().metadata().kraft()
                ? new InOrdinalOrder(brokers, InOrdinalOrder.KRAFT_LEADS) : brokers, waiting);
    }

    /** The servers of {@code cluster}'s own ZooKeeper ensemble, each reached through a port-forward. */
    public static RollStep ensemble(KafkaCluster cluster, KubeOptions kube, boolean allowUnavailable, WaitOptions waiting) {
        ZookeeperEnsemble ensemble = cluster.ensemble().orElseThrow(() -> ToolException.usage("cluster "
                + cluster.spec().name() + " uses the ZooKeeper at " + cluster.spec().zookeeper() + " (--zookeeper),"
                + " which is not the toolkit's to roll"));
        return new RollStep(cluster, ensemble.statefulSetName(), ensemble.labels(), new EnsembleRoll(
                ensemble.statefulSetName(), () -> KubernetesZooKeeper.open(kube, cluster.spec().zookeeper(), cluster.spec().name()),
                allowUnavailable), waiting);
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        String namespace = cluster.spec().namespace();
        LiveState.requireNamespace(state, namespace);
        StatefulSet live = state.get(StatefulSet.class, namespace, statefulSet);
        if (live == null) {
            throw ToolException.failed("statefulset.apps/" + statefulSet + " not found in namespace " + namespace
                    + ": nothing to roll");
        }
        // Marking another's template restarted would restart its pods at once, with none of the checks.
        dev.kafkapetset.kube.Objects.requireOurs(live, "refusing to roll it; choose another --name");
        List<Pod> pods = pods(state, live);
        List<Pod> outdated = outdated(live, pods);
        List<PlanEntry> plan = new ArrayList<>();
        if (outdated.isEmpty()) {
            plan.add(new Action("mark", "mark the pod template of statefulset.apps/" + statefulSet + " restarted ("
                    + RESTARTED_AT + "), so that every pod is rolled", execution -> {
                        execution.client().apps().statefulSets().inNamespace(namespace).withName(statefulSet)
                                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"template\":{\"metadata\":"
                                        + "{\"annotations\":{\"" + RESTARTED_AT + "\":\"" + Instant.now() + "\"}}}}}");
                        execution.report().line("statefulset.apps/" + statefulSet + " marked restarted");
                    }));
            outdated = pods;
        }
        plan.addAll(restarts(state, outdated));
        return plan;
    }

    /** The restarts after a change to the StatefulSet's pod template: every pod runs the old one. */
    List<PlanEntry> restartsAfterTemplateChange(ClusterState state) {
        return restarts(state, podsToRestart(state, true));
    }

    /** Whether some pod runs an old template: a roll under way, or stopped half-way. */
    boolean underWay(ClusterState state) {
        return !podsToRestart(state, false).isEmpty();
    }

    /** The pods on an old template, if any: a roll that stopped half-way, to go on with. */
    List<PlanEntry> restartsOfOutdated(ClusterState state) {
        return restarts(state, podsToRestart(state, false));
    }

    /**
     * The pods to restart: all of them after a change to the pod template, else those on an old
     * template. Read from the StatefulSet and its pods alone, without asking the cluster anything.
     */
    List<Pod> podsToRestart(ClusterState state, boolean templateChanged) {
        StatefulSet live = state.get(StatefulSet.class, cluster.spec().namespace(), statefulSet);
        if (live == null) {
            return List.of();
        }
        // A pod not made yet is made on the current template: nothing to restart there.
        List<Pod> pods = IntStream.range(0, Workloads.replicas(live))
                .mapToObj(ordinal -> state.get(Pod.class, cluster.spec().namespace(), podName(ordinal)))
                .filter(Objects::nonNull)
                .toList();
        return templateChanged ? pods : outdated(live, pods);
    }

    /**
     * The restarts of {@code pods}: those not ready first (they are down already, so restarting them
     * takes nothing away), then the others in the members' order, each only when it is safe.
     */
    List<PlanEntry> restarts(ClusterState state, List<Pod> pods) {
        String namespace = cluster.spec().namespace();
        List<Integer> down = pods.stream().filter(pod -> !Readiness.isPodReady(pod)).map(RollStep::ordinal).toList();
        List<Integer> up = pods.stream().filter(Readiness::isPodReady).map(RollStep::ordinal).toList();
        List<Integer> order = new ArrayList<>(down);
        order.addAll(state.isLive() && !up.isEmpty() ? members.order(up) : up);
        List<PlanEntry> plan = new ArrayList<>();
        if (order.size() > 1) {
            plan.add(Note.info("order: " + String.join(", ", order.stream().map(this::podName).toList()) + " ("
                    + (down.isEmpty() ? "" : "those not ready first, then ") + members.orderReason() + ")"));
        }
        for (int ordinal : order) {
            String pod = podName(ordinal);
            boolean alreadyDown = down.contains(ordinal);
            plan.add(new Action("restart", "restart pod/" + pod + ": " + (alreadyDown ? "it is not ready, so nothing is"
                    + " checked before; after, " : "") + members.checks() + " (timeout "
                    + Durations.format(waiting.timeout()) + ")", Map.of("pod", pod), execution -> {
                        execution.report().line("restarting " + pod + "...");
                        Rollout rollout = new Rollout(execution.client(), execution.report());
                        // First, so that the check that it is safe is not stale when the pod goes.
                        rollout.awaitTemplateSeen(namespace, statefulSet, waiting.timeout());
                        if (!alreadyDown) {
                            members.requireSafeWithout(ordinal, waiting.timeout(), execution.report());
                        }
                        rollout.restart(namespace, statefulSet, pod, waiting.timeout(), Set.of(KafkaCluster.DATA_CHECK_CONTAINER));
                        members.awaitWhole(ordinal, waiting.timeout(), execution.report());
                        execution.report().outcome("pod/" + pod, "restarted");
                    }));
        }
        return plan;
    }

    private String podName(int ordinal) {
        return statefulSet + "-" + ordinal;
    }

    /** The StatefulSet's pods, in ordinal order; a missing one is a failure (the controller makes them). */
    private List<Pod> pods(ClusterState state, StatefulSet live) {
        List<Pod> pods = new ArrayList<>();
        for (int ordinal = 0; ordinal < Workloads.replicas(live); ordinal++) {
            Pod pod = state.get(Pod.class, cluster.spec().namespace(), podName(ordinal));
            if (pod == null) {
                throw ToolException.failed("pod " + podName(ordinal) + " does not exist: the StatefulSet controller has"
                        + " not made it (status shows why); a roll restarts pods that exist");
            }
            pods.add(pod);
        }
        return pods;
    }

    /** The pods on another template revision than the StatefulSet's current one. */
    private static List<Pod> outdated(StatefulSet live, List<Pod> pods) {
        String current = live.getStatus() == null ? null : live.getStatus().getUpdateRevision();
        if (current == null) {
            return List.of();
        }
        return pods.stream()
                .filter(pod -> !current.equals(Rollout.revision(pod)))
                .toList();
    }

    private static int ordinal(Pod pod) {
        String name = pod.getMetadata().getName();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    }
}
