package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Json;
import dev.kafkapetset.cli.Parallel;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.ClusterAdmin;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kafka.Reassignment.Move;
import dev.kafkapetset.kafka.Reassignment.Partition;
import dev.kafkapetset.kafka.Reassignment;
import dev.kafkapetset.kube.ClusterIdRecord;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.kube.PlannedState;
import dev.kafkapetset.model.ExternalAccess;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.Storage;
import dev.kafkapetset.model.VolumeNodes;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import dev.kafkapetset.zookeeper.ZooKeeperTarget;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Day 2: change the number of brokers of a deployed cluster. */
public final class ScaleStep implements Step {
    /** How long Kafka may take to answer one question about its partitions. */
    private static final Duration KAFKA_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** How scaling down treats the replicas the leaving brokers hold. */
    public enum Leaving {
        /** Refuse while they hold any, printing where they would go. */
        GUARD,
        /** Move them to the brokers that stay first, then scale. */
        REASSIGN,
        /** Scale anyway, saying what is at risk. */
        FORCE
    }

    private final KafkaCluster cluster;
    private final int brokers;
    private final boolean createVolumes;
    private final List<String> nodes;
    private final Leaving leaving;
    private final Supplier<KafkaTarget> kafka;
    private final Supplier<ZooKeeperTarget> zookeeper;
    private final WaitOptions waiting;

    /**
     * Scales to {@code brokers}. Going up on hostPath storage, the new brokers' volumes are created
     * first, pinned to {@code nodes} (empty: the schedulable nodes), or, with {@code createVolumes}
     * false, their absence refused. Going down, Kafka is asked
     * first which partitions have replicas on the leaving brokers, once it is proven to be this
     * cluster's Kafka: its cluster id is the one in the cluster's ZooKeeper, and its brokers are the
     * StatefulSet's ordinals.
     *
     * @param kafka opens the deployed brokers to Kafka's clients (port-forwards, or given addresses)
     * @param zookeeper opens the ZooKeeper the StatefulSet's brokers are configured with
     */
    public ScaleStep(KafkaCluster cluster, int brokers, boolean createVolumes, List<String> nodes, Leaving leaving,
            Supplier<KafkaTarget> kafka, Supplier<ZooKeeperTarget> zookeeper, WaitOptions waiting) {
        this.cluster = cluster;
        this.brokers = brokers;
        this.createVolumes = createVolumes;
        this.nodes = List.copyOf(nodes);
        this.leaving = leaving;
        this.kafka = kafka;
        this.zookeeper = zookeeper;
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "scale";
    }

    @Override
    public String purpose() {
        return "change the number of brokers to " + brokers;
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        String namespace = cluster.spec().namespace();
        LiveState.requireNamespace(state, namespace);
        String name = cluster.statefulSetName();
        StatefulSet live = state.get(StatefulSet.class, namespace, name);
        if (live == null) {
            throw ToolException.failed("statefulset.apps/" + name + " not found in namespace " + namespace
                    + ": run deploy-petset first");
        }
        dev.kafkapetset.kube.Objects.requireOurs(live, "refusing to scale it; choose another --name");
        if (!cluster.spec().metadata().zooKeeper() && !cluster.spec().metadata().finalized()) {
            // A broker added now formats its own volume, which a rollback to ZooKeeper mode can't take back.
            throw ToolException.failed("a migration off ZooKeeper is under way (the brokers are in "
                    + cluster.spec().metadata().mode().word() + " mode): finish it (migrate-finalize) or roll it back"
                    + " (migrate-rollback) before scaling");
        }
        requireSameStorage(live);
        Workloads.requireSameRacks(live, cluster.spec().rackKey());
        int current = Workloads.replicas(live);
        List<PlanEntry> plan = new ArrayList<>();
        // KRaft-mode brokers know no ZooKeeper: the record of their cluster id holds it.
        String recordedClusterId = cluster.spec().metadata().kraft() ? MigrateControllersStep.recordedClusterId(state, cluster)
                : null;
        if (brokers < current) {
            plan.addAll(guardLeavingBrokers(current, recordedClusterId));
        }
        if (brokers > current) {
            List<String> missing = Workloads.missingVolumes(state, cluster.volumes(current, brokers, VolumeNodes.UNPINNED));
            if (!missing.isEmpty() && !createVolumes) {
                throw ToolException.failed("the new brokers need volumes, and these are missing: "
                        + String.join(", ", missing) + " (drop --no-create-volumes, or run create-volumes --replicas "
                        + brokers + ")");
            }
            VolumePlacement placement = VolumePlacement.plan(state,
                    List.of(new VolumePlacement.Pods(cluster.brokerComponent(), current, brokers)), nodes,
                    cluster.spec().rackKey());
            plan.addAll(CreateVolumesStep.volumes(state, cluster.volumes(current, brokers, placement), placement));
            if (cluster.spec().secured() && cluster.spec().externalAccess().filter(ExternalAccess::loadBalancers).isEmpty()) {
                // The new brokers' keystores, signed by the cluster's CA (with load balancers, once their addresses are known).
                plan.addAll(new SecretsPlan(cluster, state).keystores(brokers));
            }
            plan.addAll(Workloads.reusedClaims(state, cluster, current, brokers));
            // The new brokers' racks come from the nodes their volumes, planned above, are pinned to.
            PlannedState withVolumes = new PlannedState(state);
            Plan.carryInto(withVolumes, plan);
            plan.addAll(Racks.plan(withVolumes, cluster, brokers));
            // Every broker's, not only the new ones': one deleted meanwhile comes back, as deploy-petset would make it.
            cluster.externalServices(0, brokers).forEach(service -> plan.add(Apply.change(state, service)));
            plan.addAll(LoadBalancers.plan(state, cluster, brokers, waiting));
        }
        String object = "statefulset.apps/" + name;
        Optional<Unregistration> unregistration = recordedClusterId != null
                ? unregistration(state, current, recordedClusterId) : Optional.empty();
        unregistration.map(Unregistration::recorded).ifPresent(plan::add);
        if (brokers == current) {
            plan.add(Note.info(object + " unchanged (" + current + " replicas)"));
        } else {
            plan.add(new Action("scale", "scale " + object + " " + current + " -> " + brokers, execution -> {
                execution.client().apps().statefulSets().inNamespace(namespace).withName(name).scale(brokers);
                execution.report().outcome(object, "scaled");
                execution.report().line("  replicas " + current + " -> " + brokers);
            }));
        }
        // The leaving brokers' ways in go with them.
        cluster.externalServices(brokers, current).forEach(service -> plan.add(
                Apply.deletion(state, Service.class, namespace, service.getMetadata().getName())));
        plan.addAll(Workloads.awaitReady(namespace, name, cluster.labels().selector(), brokers, waiting));
        unregistration.ifPresent(planned -> plan.addAll(planned.afterwards()));
        return plan;
    }

    /**
     * KRaft-mode brokers leaving, and those an earlier scale left, unregistered: the record of them
     * made first, then, after the scale, the unregistration and the record dropped.
     */
    private record Unregistration(ObjectChange recorded, List<PlanEntry> afterwards) {}

    /**
     * KRaft controllers keep a stopped broker's registration, fenced, until told, and a
     * metadata.version upgrade waits for every registered broker. The broker ids leaving are recorded
     * first in the cluster id's ConfigMap, so that a run stopped before unregistering them resumes
     * there; a recorded broker this scale brings back registers again and is dropped from the record.
     * Empty when there is nothing to unregister or drop.
     */
    private Optional<Unregistration> unregistration(ClusterState state, int current, String clusterId) {
        Map<String, String> data = ClusterIdRecord.data(state, cluster);
        Set<Integer> recorded = KraftControllers.unregistering(data);
        Set<Integer> ids = recorded.stream().filter(id -> id >= brokers).collect(Collectors.toCollection(TreeSet::new));
        IntStream.range(brokers, current).forEach(ids::add);
        if (ids.isEmpty() && recorded.isEmpty()) {
            return Optional.empty();
        }
        KraftControllers controllers = cluster.controllers(cluster.spec().metadata().controllers());
        ObjectChange record = Apply.change(state, controllers.generateRecord(data, ids));
        if (ids.isEmpty()) {
            return Optional.of(new Unregistration(record, List.of()));
        }
        ObjectChange drop = ObjectChange.after(state, record, controllers.generateRecord(data, Set.of()));
        String who = "broker" + (ids.size() == 1 ? " " : "s ") + ids(ids);
        if (!waiting.enabled()) {
            return Optional.of(new Unregistration(record, List.of(Note.warning("--no-wait: " + who + (ids.size() == 1
                    ? " stays" : " stay") + " registered with the KRaft controllers; once the pods are gone, run scale again"
                    + " to unregister " + (ids.size() == 1 ? "it" : "them")))));
        }
        Action unregister = new Action("unregister", "once their pods are gone, unregister " + who + " from the KRaft"
                + " controllers of cluster " + clusterId + " (timeout " + Durations.format(waiting.timeout()) + ")",
                execution -> {
                    for (int id : ids) {
                        execution.client().pods().inNamespace(cluster.spec().namespace()).withName(cluster.podName(id))
                                .waitUntilCondition(Objects::isNull, waiting.timeout().toMillis(), TimeUnit.MILLISECONDS);
                    }
                    try (KafkaTarget target = kafka.get(); ClusterAdmin admin = ClusterAdmin.connect(target, requestTimeout())) {
                        ClusterAdmin.Cluster reached = admin.describeCluster();
                        if (!reached.id().equals(clusterId)) {
                            throw ToolException.failed("the Kafka at " + target.bootstrapServers() + " is cluster "
                                    + reached.id() + ", not " + clusterId + ": refusing to unregister brokers there");
                        }
                        ids.forEach(admin::unregister);
                    }
                    execution.report().line(who + " unregistered");
                });
        return Optional.of(new Unregistration(record, List.of(unregister, drop)));
    }

    /** @param recordedClusterId the cluster's id as the migration recorded it; null: as its ZooKeeper holds it */
    private List<PlanEntry> guardLeavingBrokers(int current, String recordedClusterId) {
        Set<Integer> going = IntStream.range(brokers, current).boxed().collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> staying = IntStream.range(0, brokers).boxed().collect(Collectors.toCollection(TreeSet::new));
        String who = "broker" + (going.size() == 1 ? " " : "s ") + ids(going);
        String hold = going.size() == 1 ? " holds" : " hold";
        try (Parallel parallel = new Parallel()) {
            // Read while Kafka is reached: both wait on port-forwards.
            Future<ExpectedId> expected = parallel.start(() -> expectedClusterId(recordedClusterId));
            try (KafkaTarget target = kafka.get(); ClusterAdmin admin = ClusterAdmin.connect(target, requestTimeout())) {
                ClusterAdmin.Cluster reached = admin.describeCluster();
                proveItIsThisCluster(reached, current, target.bootstrapServers(), Parallel.answer(expected));
                List<Partition> partitions = admin.partitions();
                List<Partition> held = Reassignment.onBrokers(partitions, going);
                if (held.isEmpty()) {
                    return List.of(Note.info(who + hold + " no partition replicas: scaling down loses nothing"));
                }
                List<Move> moves = Reassignment.plan(held, staying);
                return switch (leaving) {
                    case REASSIGN -> {
                        refuseStranded(held, reached.alive());
                        yield List.of(new Action("reassign", "move the replicas of " + held.size() + " partitions off "
                                + who + " to the brokers that stay, and wait until they are in sync",
                                Reassignment.asReassignmentJson(moves), execution -> {
                                    try (KafkaTarget again = kafka.get();
                                            ClusterAdmin mover = ClusterAdmin.connect(again, requestTimeout())) {
                                        mover.reassign(moves, waiting.timeout(), execution.report());
                                    }
                                }));
                    }
                    case FORCE -> List.of(Note.warning("--force: " + who + hold + " replicas of " + held.size()
                            + " partitions;" + describeRisk(Reassignment.lostWithout(partitions, going, reached.alive()))));
                    case GUARD -> List.of(new Refusal("scale-down refused: " + who + " still" + hold + " replicas of "
                            + held.size() + " partitions (" + sample(held) + "). Run again with --reassign to move"
                            + " them first (the plan above), or with --force to scale down anyway and risk them",
                            List.of(who + hold + " replicas of " + held.size() + " partitions; moving them to the brokers"
                                    + " that stay would be (kafka-reassign-partitions JSON):",
                                    Json.pretty(Reassignment.asReassignmentJson(moves)))));
                };
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted");
        } catch (ToolException unreachable) {
            if (leaving != Leaving.FORCE || unreachable.exitCode() != ExitCode.UNREACHABLE) {
                throw unreachable;
            }
            return List.of(Note.warning("--force: Kafka can't tell what " + who + hold + " (" + unreachable.getMessage()
                    + "); scaling down anyway"));
        }
    }

    /** This cluster's id, and where it was read: "the ZooKeeper of statefulset.apps/kafka holds", say. */
    private record ExpectedId(String id, String holder) {}

    /** @param recordedClusterId the cluster's id as the migration recorded it; null: read it from its ZooKeeper */
    private ExpectedId expectedClusterId(String recordedClusterId) throws InterruptedException {
        if (recordedClusterId != null) {
            return new ExpectedId(recordedClusterId, "configmap/" + KraftControllers.clusterIdRecordName(cluster.spec().name())
                    + " records");
        }
        try (ZooKeeperTarget servers = zookeeper.get()) {
            return new ExpectedId(ZooKeeperCheck.registration(servers, requestTimeout()).clusterId(),
                    "the ZooKeeper of statefulset.apps/" + cluster.statefulSetName() + " holds");
        }
    }

    /**
     * The guard decides by what the Kafka it reached says: that must be this cluster's Kafka, or
     * "loses nothing" may be another cluster's truth. Its cluster id must be the {@code expected} one,
     * from the StatefulSet's ZooKeeper (KRaft-mode brokers: the one the migration recorded), and its
     * brokers among the StatefulSet's ordinals.
     */
    private void proveItIsThisCluster(ClusterAdmin.Cluster reached, int current, String bootstrapServers,
            ExpectedId expected) {
        String object = "statefulset.apps/" + cluster.statefulSetName();
        if (!reached.id().equals(expected.id())) {
            throw ToolException.failed("the Kafka at " + bootstrapServers + " is cluster " + reached.id() + ", but "
                    + expected.holder() + " cluster " + expected.id() + ": that is another cluster's Kafka, and what it"
                    + " holds says nothing of this one; refusing to judge the scale-down by it (check --bootstrap-servers)");
        }
        Set<Integer> strangers = new TreeSet<>(reached.alive());
        strangers.removeIf(id -> id >= 0 && id < current);
        if (!strangers.isEmpty()) {
            throw ToolException.failed("the Kafka at " + bootstrapServers + " has broker" + (strangers.size() == 1 ? " " : "s ")
                    + ids(strangers) + ", which " + object + " (ordinals 0-" + (current - 1) + ") does not run:"
                    + " refusing to judge the scale-down by a cluster that is not what this one deployed");
        }
    }

    /** Partitions whose in-sync replicas are all on brokers that are down can't be moved: nothing can copy them. */
    private static void refuseStranded(List<Partition> held, Set<Integer> alive) {
        List<Partition> stranded = Reassignment.stranded(held, alive);
        if (!stranded.isEmpty()) {
            Set<Integer> down = new TreeSet<>();
            stranded.forEach(partition -> down.addAll(partition.inSync()));
            throw ToolException.failed(stranded.size() + " partitions can't be moved (" + sample(stranded) + "): their"
                    + " only in-sync replicas are on broker" + (down.size() == 1 ? " " : "s ") + ids(down)
                    + ", which " + (down.size() == 1 ? "is" : "are") + " down, and a move copies from an in-sync replica."
                    + " Bring " + (down.size() == 1 ? "it" : "them") + " back (status shows the pods) and run again; or,"
                    + " if their records may be lost, scale down with --force");
        }
    }

    private Duration requestTimeout() {
        return waiting.timeout().compareTo(KAFKA_REQUEST_TIMEOUT) < 0 ? waiting.timeout() : KAFKA_REQUEST_TIMEOUT;
    }

    private static String describeRisk(List<Partition> lost) {
        if (lost.isEmpty()) {
            return " each has an in-sync replica on a live broker that stays, so they stay available but"
                    + " under-replicated until reassigned";
        }
        return " " + lost.size() + " of them have no in-sync replica on a live broker that stays: they go offline, and"
                + " the records acknowledged since their other replicas fell behind are lost (" + sample(lost) + ")";
    }

    private static String ids(Set<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String sample(List<Partition> partitions) {
        String shown = partitions.stream().limit(5).map(Partition::name)
                .collect(Collectors.joining(", "));
        return partitions.size() > 5 ? shown + ", and " + (partitions.size() - 5) + " more" : shown;
    }

    /** The live claims decide the storage: options saying otherwise are a mistake, not a change. */
    private void requireSameStorage(StatefulSet live) {
        String liveClass = Objects.requireNonNullElse(live.getSpec().getVolumeClaimTemplates(), List.<PersistentVolumeClaim>of())
                .stream()
                .filter(claim -> KafkaCluster.DATA_CLAIM.equals(claim.getMetadata().getName()))
                .map(claim -> Objects.requireNonNullElse(claim.getSpec().getStorageClassName(), ""))
                .findFirst()
                .orElse("");
        String wantedClass = cluster.spec().storage().claimStorageClassName();
        if (!liveClass.equals(wantedClass)) {
            throw ToolException.usage("statefulset.apps/" + cluster.statefulSetName() + " claims its volumes "
                    + (liveClass.isEmpty() ? "as hostPath volumes" : "from storage class '" + liveClass + "'")
                    + ", but the options say " + (cluster.spec().storage() instanceof Storage.HostPath
                            ? "hostPath volumes" : "storage class '" + wantedClass + "'")
                    + ": pass the same storage options as when it was deployed");
        }
    }
}
