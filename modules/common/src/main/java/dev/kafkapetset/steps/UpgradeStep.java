package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.PlatformVersion;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/**
 * A new Kafka version, the way Kafka's upgrade guide has it: first every broker on the new image with
 * {@code inter.broker.protocol.version} pinned to the old version (so old and new brokers understand
 * each other), rolled one at a time, safely; then the pin lifted, rolled again. Each stage shows on
 * the StatefulSet, so a run after a failure goes on where it stopped. Within the ZooKeeper line only
 * (Confluent Platform 7.9 at most); Kafka can't go back to an older minor version, so that is refused.
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
        return "move the brokers to " + cluster.spec().image() + " in two safe rolls";
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
        DeployedKafka live = DeployedKafka.from(liveSet);
        if (live.metadata().kraft()) {
            throw ToolException.failed("cluster " + cluster.spec().name() + "'s brokers run in KRaft mode: upgrade follows the"
                    + " ZooKeeper line's two rolls with inter.broker.protocol.version pinned, and a KRaft cluster's upgrade"
                    + " (controllers first, then brokers, then metadata.version) is not in this version");
        }
        String target = cluster.spec().image();
        PlatformVersion from = version(live.image(), "the running image");
        PlatformVersion to = version(target, "--image");
        if (to.compareTo(PlatformVersion.LAST_ZOOKEEPER_LINE) > 0) {
            throw ToolException.usage("--image " + target + ": Confluent Platform " + to + " ships Kafka 4, which has no"
                    + " ZooKeeper mode; the last line with it is 7.9. Move the cluster to KRaft first");
        }
        if (to.major() < from.major() || to.major() == from.major() && to.minor() < from.minor()) {
            throw ToolException.usage("--image " + target + " would take Kafka back from " + from.kafkaVersion() + " to "
                    + to.kafkaVersion() + ": Kafka does not go back a minor version once its brokers ran the newer one");
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
