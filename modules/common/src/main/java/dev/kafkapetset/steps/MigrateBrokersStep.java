package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.Metadata;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import dev.kafkapetset.zookeeper.ZooKeeperMigration;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Leaving ZooKeeper, after migrate-controllers: the brokers into migration mode (still ZooKeeper's,
 * registered with the KRaft controllers too), rolled one at a time as roll does, each only when
 * every partition keeps its minimum in sync without it. Once every broker has registered with them,
 * the controllers take the cluster over, copy its metadata from ZooKeeper and from then on write
 * every change back to it (dual write); the step waits for that. Run again after a failure, it goes
 * on with the brokers not rolled yet. From here a rollback to ZooKeeper is still possible.
 */
public final class MigrateBrokersStep extends BrokerMigrationStep {

    public MigrateBrokersStep(KafkaCluster cluster, KubeOptions kube, Supplier<KafkaTarget> kafka, WaitOptions waiting) {
        super(cluster, kube, kafka, waiting);
    }

    @Override
    public String alias() {
        return "migrate-brokers";
    }

    @Override
    public String purpose() {
        return "roll the brokers into migration mode, until the controllers have copied the metadata (dual write)";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        DeployedKafka live = MigratePreflightStep.requireZooKeeperBrokers(state, cluster);
        if (live.metadata().kraft()) {
            throw ToolException.failed("the brokers run in KRaft mode already: " + (live.metadata().finalized()
                    ? "the migration is finalized, there is no way back" : "migrate-rollback takes them back"));
        }
        String clusterId = MigrateControllersStep.recordedClusterId(state, cluster);
        int voters = requireControllersReady(state, cluster, "a broker in migration mode registers with them");
        KafkaCluster migrating = new KafkaCluster(cluster.spec().withMetadata(Metadata.migration(voters)));
        List<PlanEntry> plan = new ArrayList<>();
        // Ready says only that a controller listens; before any broker is touched, the quorum must have reached this ZooKeeper.
        plan.add(checkZnodes(kube, cluster, clusterId, waiting, "have reached ZooKeeper " + cluster.spec().zookeeper(),
                ZooKeeperMigration::controllersArrived, "have reached ZooKeeper", znodes -> "the controllers have not reached"
                        + " the brokers' ZooKeeper (no /migration): the controllers' logs say why"));
        ObjectChange brokers = Workloads.statefulSet(state, migrating.generateStatefulSet(live.replicas()));
        plan.add(brokers);
        plan.addAll(Workloads.rollAfter(brokers, state, RollStep.brokers(migrating, kafka, false, waiting), false));
        if (waiting.enabled()) {
            plan.add(new Action("wait", "wait until the controllers have taken the cluster over and copied its metadata"
                    + " from ZooKeeper (timeout " + Durations.format(waiting.timeout()) + ")",
                    execution -> MigrateControllersStep.awaitZnodes(kube, cluster, clusterId, waiting, execution.report(),
                            ZooKeeperMigration::metadataMigrated, MigrateBrokersStep::progress,
                            "the controllers lead the cluster and have copied its metadata: dual write, every change also"
                                    + " written to ZooKeeper",
                            "the active controller's log names the brokers it waits for (\"Still waiting for ZK brokers\")")));
        }
        plan.add(Note.info("in dual write the controllers lead, and ZooKeeper still holds every change: migrate-rollback"
                + " goes back to ZooKeeper mode from here"));
        return plan;
    }

    /**
     * The controllers' StatefulSet's voters, once every controller is ready; refused before (the
     * brokers to roll register with them, {@code why}).
     */
    static int requireControllersReady(ClusterState state, KafkaCluster cluster, String why) {
        return requireControllersReady(state, cluster, why, false);
    }

    /** The same, content with a majority of the controllers ready when {@code majority}. */
    static int requireControllersReady(ClusterState state, KafkaCluster cluster, String why, boolean majority) {
        String controllersName = KraftControllers.statefulSetName(cluster.spec().name());
        StatefulSet controllers = state.get(StatefulSet.class, cluster.spec().namespace(), controllersName);
        if (controllers == null) {
            throw ToolException.failed("statefulset.apps/" + controllersName + " not found: run migrate-controllers first");
        }
        int voters = Workloads.replicas(controllers);
        int ready = Workloads.readyReplicas(controllers);
        int needed = majority ? voters / 2 + 1 : voters;
        if (state.isLive() && ready < needed) {
            throw ToolException.failed(ready + " of " + voters + " controllers are ready: " + why + ", so "
                    + (majority ? "a majority" : "they all") + " must serve first");
        }
        return voters;
    }

    /**
     * A read-only check, before any broker is touched, that cluster {@code clusterId}'s ZooKeeper
     * shows the controllers {@code where} ({@code reached} says so); else {@code refusal} says why not.
     */
    static Action checkZnodes(KubeOptions kube, KafkaCluster cluster, String clusterId, WaitOptions waiting, String where,
            Predicate<ZooKeeperMigration> reached, String done, Function<ZooKeeperMigration, String> refusal) {
        return new Action("check", "check that the controllers " + where + " and it holds cluster " + clusterId
                + " (read only)", execution -> {
                    try (KubernetesZooKeeper zooKeeper = KubernetesZooKeeper.open(kube, cluster.statefulSetName())) {
                        ZooKeeperMigration znodes = MigrateControllersStep.clusterZnodes(zooKeeper, clusterId,
                                waiting.timeout(), "no broker was touched");
                        if (!reached.test(znodes)) {
                            throw ToolException.failed(refusal.apply(znodes) + "; no broker was touched");
                        }
                        execution.report().line("the controllers " + done);
                    }
                });
    }

    private static String progress(ZooKeeperMigration znodes) {
        if (!znodes.kraftController()) {
            return "the controllers wait for every broker to register with them (ZooKeeper's controller is broker "
                    + znodes.controller() + ")";
        }
        return "KRaft controller " + znodes.controller() + " leads the cluster and is copying the metadata";
    }
}
