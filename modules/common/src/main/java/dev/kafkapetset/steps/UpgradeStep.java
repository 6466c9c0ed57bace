package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.ClusterAdmin;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kafka.KubernetesKafka;
import dev.kafkapetset.kube.ClusterIdRecord;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.PlatformVersion;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A new Kafka version, the way Kafka's upgrade guide has it. In ZooKeeper mode: first every broker on
 * the new image with {@code inter.broker.protocol.version} pinned to the old version (so old and new
 * brokers understand each other), rolled one at a time, safely; then the pin lifted, rolled again. In
 * KRaft mode: the controllers, then the brokers, then {@code metadata.version} ({@link #kraftPlan}).
 * Each stage shows on the cluster, so a run after a failure goes on where it stopped. Within the 7.9
 * line at most; going back a minor version, and any change while a migration runs, are refused.
 */
public final class UpgradeStep implements Step {
    private final KafkaCluster cluster;
    private final KubeOptions kube;
    private final WaitOptions waiting;

    /** Upgrades the brokers of {@code cluster}, as many as run, to its image. */
    public UpgradeStep(KafkaCluster cluster, KubeOptions kube, WaitOptions waiting) {
        this.cluster = cluster;
        this.kube = kube;
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "upgrade";
    }

    @Override
    public String purpose() {
        return "move the cluster to " + cluster.spec().image() + " in safe rolls";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        String namespace = cluster.spec().namespace();
        LiveState.requireNamespace(state, namespace);
        StatefulSet liveSet = state.get(StatefulSet.class, namespace, cluster.statefulSetName());
        if (liveSet == null) {
            throw ToolException.failed("statefulset.apps/" + cluster.statefulSetName() + " not found in namespace "
                    + namespace + ": deploy it first (deploy-petset)");
        }
        dev.kafkapetset.kube.Objects.requireOurs(liveSet, "refusing to upgrade it; choose another --name");
        DeployedKafka live = DeployedKafka.from(liveSet);
        String controllerSet = KraftControllers.statefulSetName(cluster.spec().name());
        StatefulSet liveControllers = state.get(StatefulSet.class, namespace, controllerSet);
        boolean migrating = live.metadata().migrating() || live.metadata().kraft() && !live.metadata().finalized()
                || live.metadata().zooKeeper() && liveControllers != null
                || live.metadata().finalized() && liveControllers != null && inMigrationMode(state, liveControllers);
        if (migrating) {
            throw ToolException.failed("cluster " + cluster.spec().name() + " is leaving ZooKeeper (brokers in "
                    + live.metadata().mode().word() + " mode, statefulset.apps/" + controllerSet + (liveControllers == null
                    ? " not deployed" : inMigrationMode(state, liveControllers) ? " in migration mode" : " out of it")
                    + "): Kafka forbids a metadata.version or protocol version change while a migration runs; finish it"
                    + " (the migrate-* steps, up to migrate-finalize) or roll it back (migrate-rollback) first");
        }
        String target = cluster.spec().image();
        PlatformVersion from = version(live.image(), "the running image");
        PlatformVersion to = version(target, "--image");
        if (to.compareTo(PlatformVersion.LAST_ZOOKEEPER_LINE) > 0) {
            throw ToolException.usage("--image " + target + ": Confluent Platform " + to + " ships Kafka 4, " + (live.metadata()
                    .kraft() ? "beyond the 7.9 line this toolkit renders and tests" : "which has no ZooKeeper mode; the last"
                    + " line with it is 7.9. Move the cluster to KRaft first"));
        }
        refuseGoingBack(from, to, target);
        if (live.metadata().kraft()) {
            return kraftPlan(state, live, liveControllers, from, to);
        }
        RollStep roll = RollStep.brokers(cluster, kube, false, waiting);
        int brokers = Workloads.replicas(liveSet);
        boolean imageDone = live.image().equals(target);
        String pinned = imageDone ? live.protocolVersion() : from.kafkaVersion();
        List<PlanEntry> plan = new ArrayList<>();
        if (imageDone && pinned == null) {
            plan.add(Note.info("statefulset.apps/" + live.name() + " runs " + target + " with nothing pinned: the upgrade"
                    + " is done"));
            plan.addAll(roll.restartsOfOutdated(state));
            return plan;
        }
        if (from.sameKafkaAs(to) && !imageDone) {
            plan.add(Note.info("Kafka stays " + to.kafkaVersion() + ": one roll is enough"));
            plan.add(Workloads.statefulSet(state, brokersOn(target, null, brokers)));
            plan.addAll(roll.restartsAfterTemplateChange(state));
            return plan;
        }
        plan.add(Note.info("upgrade Kafka " + from.kafkaVersion() + " to " + to.kafkaVersion() + " in two rolls: first "
                + target + " with inter.broker.protocol.version " + pinned + ", then without the pin"));
        if (!imageDone) {
            plan.add(Workloads.statefulSet(state, brokersOn(target, pinned, brokers)));
            plan.addAll(roll.restartsAfterTemplateChange(state));
        } else {
            plan.addAll(roll.restartsOfOutdated(state));
        }
        plan.add(new Action("raise", "then lift the pin: inter.broker.protocol.version " + pinned + " -> "
                + to.kafkaVersion() + " (the image's own), update statefulset.apps/" + live.name() + " and roll again the"
                + " same way", execution -> {
                    LiveState now = new LiveState(execution.client());
                    List<PlanEntry> raise = new ArrayList<>();
                    raise.add(Workloads.statefulSet(now, brokersOn(target, null, brokers)));
                    raise.addAll(roll.restartsAfterTemplateChange(now));
                    execution.carryOut(raise);
                }));
        return plan;
    }

    /**
     * A KRaft cluster's upgrade, as Kafka's upgrade guide has it: the controllers first, then the
     * brokers, each rolled safely; only then {@code metadata.version} raised to the new Kafka's (Kafka
     * checks the nodes support it), which Kafka does not lower again. A run after a failure finds what
     * is done: the StatefulSets' images and pod templates, and, once both rolls are, the finalized
     * version itself.
     */
    private List<PlanEntry> kraftPlan(ClusterState state, DeployedKafka live, StatefulSet liveControllers,
            PlatformVersion brokersFrom, PlatformVersion to) {
        String target = cluster.spec().image();
        KafkaCluster upgraded = new KafkaCluster(cluster.spec().upgradedTo(target, null));
        int voters = live.metadata().controllers();
        KraftControllers controllers = upgraded.controllers(voters);
        if (liveControllers == null) {
            throw ToolException.failed("statefulset.apps/" + controllers.statefulSetName() + " not found in namespace "
                    + cluster.spec().namespace() + ": the brokers' KRaft controllers are missing (deploy-controllers)");
        }
        PlatformVersion controllersFrom = version(DeployedKafka.image(liveControllers, KraftControllers.CONTAINER_NAME),
                "the controllers' image");
        refuseGoingBack(controllersFrom, to, target);
        requireNothingToUnregister(state, controllers);
        MetadataVersion metadataVersion = MetadataVersion.fromVersionString(to.kafkaVersion());
        Supplier<KafkaTarget> kafka = () -> KubernetesKafka.open(kube, cluster.statefulSetName());
        PlatformVersion from = controllersFrom.compareTo(brokersFrom) < 0 ? controllersFrom : brokersFrom;
        List<PlanEntry> plan = new ArrayList<>();
        plan.add(Note.info((from.sameKafkaAs(to) ? "Kafka " + to.kafkaVersion() : "upgrade Kafka " + from.kafkaVersion()
                + " to " + to.kafkaVersion()) + " in KRaft mode: the " + voters + " controller" + (voters == 1 ? "" : "s")
                + " first, then the brokers, one at a time, as they need it; then metadata.version " + metadataVersion));
        ObjectChange controllerSet = Workloads.statefulSet(state, controllers.generateStatefulSet(),
                running -> DeployControllersStep.refuseResize(running, voters));
        plan.add(controllerSet);
        List<PlanEntry> restarts = new ArrayList<>(Workloads.rollAfter(controllerSet, state, new RollStep(upgraded,
                controllers.statefulSetName(), controllers.labels(), new ControllerRoll(kafka, voters), waiting), false));
        plan.addAll(restarts);
        ObjectChange brokerSet = Workloads.statefulSet(state, upgraded.generateStatefulSet(live.replicas()));
        plan.add(brokerSet);
        List<PlanEntry> brokerRestarts = Workloads.rollAfter(brokerSet, state, RollStep.brokers(upgraded, kafka, false,
                waiting), false);
        plan.addAll(brokerRestarts);
        restarts.addAll(brokerRestarts);
        boolean rolled = restarts.isEmpty() && controllerSet.verb() == ObjectChange.Verb.UNCHANGED
                && brokerSet.verb() == ObjectChange.Verb.UNCHANGED;
        MetadataVersion now = rolled && state.isLive() ? BrokerRoll.ask(kafka, ClusterAdmin::metadataVersion) : null;
        if (now != null && !now.isLessThan(metadataVersion)) {
            plan.add(Note.info("metadata.version is " + now + " already: the upgrade is done"));
            return plan;
        }
        plan.add(new Action("raise", "raise metadata.version " + (now == null ? "" : "from " + now + " ") + "to "
                + metadataVersion + " (feature level " + metadataVersion.featureLevel() + "), as kafka-features upgrade"
                + " does, unless it is there by then: Kafka refuses a level a node does not support, and does not"
                + " lower it again", execution -> {
                    MetadataVersion before = BrokerRoll.ask(kafka, admin -> admin.raiseMetadataVersion(metadataVersion));
                    execution.report().line(before.isLessThan(metadataVersion) ? "metadata.version " + before + " -> "
                            + metadataVersion : "metadata.version is " + before + " already");
                }));
        return plan;
    }

    /** A migrate-finalize stopped half-way leaves a controller pod, or their template, in migration mode. */
    private boolean inMigrationMode(ClusterState state, StatefulSet controllers) {
        KraftControllers quorum = cluster.controllers(Workloads.replicas(controllers));
        return Workloads.setsVariable(controllers.getSpec().getTemplate().getSpec(), KraftControllers.MIGRATION_ENV)
                || IntStream.range(0, quorum.replicas())
                        .mapToObj(ordinal -> state.get(Pod.class, cluster.spec().namespace(), quorum.podName(ordinal)))
                        .anyMatch(pod -> pod != null && Workloads.setsVariable(pod.getSpec(), KraftControllers.MIGRATION_ENV));
    }

    /**
     * Kafka raises metadata.version only when every registered broker supports it, and a broker a
     * scale-down removed stays registered until unregistered: scale does that, and records the ids
     * it has left to do.
     */
    private void requireNothingToUnregister(ClusterState state, KraftControllers controllers) {
        Set<Integer> left = KraftControllers.unregistering(ClusterIdRecord.data(state, cluster));
        if (!left.isEmpty()) {
            throw ToolException.failed("configmap/" + controllers.clusterIdRecordName() + " records brokers " + left
                    + " still to unregister from the controllers, which then refuse a new metadata.version: run scale"
                    + " --replicas " + Workloads.replicas(state.get(StatefulSet.class, cluster.spec().namespace(),
                            cluster.statefulSetName())) + " again to finish that first");
        }
    }

    /**
     * A change of Kafka's minor version is upgrade's, not a plain redeploy's: it rolls in the order,
     * and with the version settings, Kafka's upgrade guide asks for. A patch-level change is not.
     */
    static void refuseVersionJump(String running, String wanted) {
        Optional<PlatformVersion> was = PlatformVersion.of(running);
        Optional<PlatformVersion> will = PlatformVersion.of(wanted);
        if (was.isPresent() && will.isPresent() && !was.get().sameKafkaAs(will.get())) {
            throw ToolException.failed("--image " + wanted + " changes Kafka from " + was.get().kafkaVersion() + " to "
                    + will.get().kafkaVersion() + ", which takes the rolls and version settings of Kafka's upgrade guide:"
                    + " run upgrade --image " + wanted + ", or pass --image " + running + " to keep it");
        }
    }

    /** Kafka can't go back a minor version once its nodes ran the newer one. */
    private static void refuseGoingBack(PlatformVersion from, PlatformVersion to, String target) {
        if (to.major() < from.major() || to.major() == from.major() && to.minor() < from.minor()) {
            throw ToolException.usage("--image " + target + " would take Kafka back from " + from.kafkaVersion() + " to "
                    + to.kafkaVersion() + ": this toolkit does not take Kafka back a minor version (Kafka allows it only"
                    + " before the protocol or metadata version is raised, and not for every version)");
        }
    }

    /** The brokers' StatefulSet on {@code image}, with the protocol version pinned to {@code pinned} unless null. */
    private StatefulSet brokersOn(String image, String pinned, int brokers) {
        ClusterSpec spec = cluster.spec().upgradedTo(image, pinned);
        return new KafkaCluster(spec).generateStatefulSet(brokers);
    }

    private static PlatformVersion version(String image, String what) {
        return PlatformVersion.of(image).orElseThrow(() -> ToolException.usage(what + " " + image + ": its tag names no"
                + " Confluent Platform version (such as 7.9.11), so the upgrade can't tell which Kafka it is"));
    }
}
