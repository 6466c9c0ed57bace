package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.ClusterAdmin;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kube.ClusterIdRecord;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Leaving ZooKeeper, the last step and the point of no return: the KRaft controllers rolled out of
 * migration mode (no migration flag, no ZooKeeper), the quorum's leader last. The first of them to
 * lead ends the migration for good (Kafka records it in the metadata log), so from the first restart
 * on there is no way back to ZooKeeper; the brokers' StatefulSet records that before any controller
 * restarts, and migrate-rollback refuses from then on. Kafka 3.9 does not check that no broker is
 * left on ZooKeeper (KAFKA-20960), so this step does first: every broker registered with the
 * controllers, none in ZooKeeper. Run again after a failure, it goes on with the controllers not
 * rolled yet.
 */
public final class MigrateFinalizeStep extends BrokerMigrationStep {
    private final boolean noRollbackAccepted;

    /**
     * @param kafka opens the KRaft-mode brokers: for the checks, and to ask the quorum during the roll
     * @param noRollbackAccepted the operator said, with --accept-no-rollback, that there is no way back
     */
    public MigrateFinalizeStep(KafkaCluster cluster, KubeOptions kube, Supplier<KafkaTarget> kafka, WaitOptions waiting,
            boolean noRollbackAccepted) {
        super(cluster, kube, kafka, waiting);
        this.noRollbackAccepted = noRollbackAccepted;
    }

    @Override
    public String alias() {
        return "migrate-finalize";
    }

    @Override
    public String purpose() {
        return "roll the KRaft controllers out of migration mode: the point of no return";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        DeployedKafka live = MigratePreflightStep.requireZooKeeperBrokers(state, cluster);
        if (!live.metadata().kraft()) {
            throw ToolException.failed("the brokers are in " + live.metadata().mode().word() + " mode: finalizing would"
                    + " cut off a broker still on ZooKeeper; run migrate-kraft-brokers first");
        }
        String clusterId = MigrateControllersStep.recordedClusterId(state, cluster);
        int voters = MigrateBrokersStep.requireControllersReady(state, cluster, "the roll keeps a majority of them");
        KafkaCluster finalized = new KafkaCluster(cluster.spec().withMetadata(Metadata.kraft(voters)));
        if (RollStep.brokers(finalized, kafka, false, waiting).underWay(state)) {
            throw ToolException.failed("pods of statefulset.apps/" + cluster.statefulSetName() + " run an old template:"
                    + " run migrate-kraft-brokers again to finish their roll first");
        }
        if (!noRollbackAccepted) {
            throw ToolException.usage("finalizing is the point of no return: once a controller out of migration mode"
                    + " leads, the cluster can't go back to ZooKeeper (migrate-rollback refuses from then on) and ZooKeeper"
                    + " no longer gets its changes. Pass --accept-no-rollback (with --dry-run to see the plan first)");
        }
        List<PlanEntry> plan = new ArrayList<>();
        if (live.metadata().finalized()) {
            // Checked before it was recorded; ZooKeeper may be gone since (teardown --zookeeper-only).
            plan.add(Note.info("the migration is finalized: the controllers' roll goes on if it stopped half-way"));
        } else {
            plan.add(checkKraftBrokersOnly(live, clusterId));
        }
        // Recorded first: from the first controller's restart on, a rollback could find the migration ended.
        StatefulSet brokers = finalized.generateStatefulSet(live.replicas());
        ObjectChange record = Workloads.statefulSet(state, brokers);
        plan.add(record);
        plan.addAll(Workloads.rollAfter(record, state, RollStep.brokers(finalized, kafka, false, waiting), false));
        KraftControllers controllers = finalized.controllers(voters);
        plan.add(finalizedRecord(state, controllers));
        ObjectChange change = Workloads.statefulSet(state, controllers.generateStatefulSet());
        plan.add(change);
        RollStep roll = new RollStep(finalized, controllers.statefulSetName(), controllers.labels(),
                new ControllerRoll(kafka, voters), waiting);
        plan.addAll(Workloads.rollAfter(change, state, roll, false));
        plan.add(Note.warning("past the point of no return: the KRaft controllers alone hold the metadata, and ZooKeeper"
                + " keeps the cluster as it was when finalized, unused. Its ensemble can go once nothing else uses it"));
        return plan;
    }

    /**
     * The record of the cluster id, saying the migration is finalized, with the quorum's size and the
     * cluster's security: what a bring-up after a teardown needs to bring the kept data back as it is.
     */
    private ObjectChange finalizedRecord(ClusterState state, KraftControllers controllers) {
        Map<String, String> data = new TreeMap<>(ClusterIdRecord.data(state, cluster));
        data.put(KraftControllers.FINALIZED_KEY, "true");
        data.put(KraftControllers.CONTROLLERS_KEY, Integer.toString(controllers.replicas()));
        data.put(KraftControllers.SECURITY_KEY, cluster.spec().security().word());
        return Apply.change(state, controllers.generateRecord(data, KraftControllers.unregistering(data)));
    }

    /** The check Kafka 3.9 does not make (KAFKA-20960): every broker a KRaft broker, none left on ZooKeeper. */
    private Action checkKraftBrokersOnly(DeployedKafka live, String clusterId) {
        return new Action("check", "check that brokers 0-" + (live.replicas() - 1) + " are registered with the KRaft"
                + " controllers, none is left in ZooKeeper " + cluster.spec().zookeeper() + " (cluster " + clusterId
                + "), and a KRaft controller leads (read only)", execution -> {
                    requireNoZooKeeperBroker(clusterId);
                    requireAllRegistered(live.replicas());
                    execution.report().line("every broker runs in KRaft mode, registered with the controllers");
                });
    }

    /**
     * Whether every controller of {@code cluster} runs out of migration mode: their template without
     * the flag, and no pod on an older one (none deployed counts: they are torn down). Until then the
     * finalized record on the brokers is only the step's intent, and the controllers still use ZooKeeper.
     */
    static boolean controllersFinalized(ClusterState state, KafkaCluster cluster) {
        String name = KraftControllers.statefulSetName(cluster.spec().name());
        StatefulSet live = state.get(StatefulSet.class, cluster.spec().namespace(), name);
        if (live == null) {
            return true;
        }
        boolean flagged = Workloads.setsVariable(live.getSpec().getTemplate().getSpec(), KraftControllers.MIGRATION_ENV);
        RollStep roll = new RollStep(cluster, name, cluster.controllers(Workloads.replicas(live)).labels(), null, null);
        return !flagged && !roll.underWay(state);
    }

    private void requireNoZooKeeperBroker(String clusterId) throws InterruptedException {
        try (KubernetesZooKeeper zooKeeper = KubernetesZooKeeper.open(kube, cluster.statefulSetName())) {
            ZooKeeperMigration znodes = MigrateControllersStep.clusterZnodes(zooKeeper, clusterId, waiting.timeout(),
                    "nothing was changed");
            if (!znodes.zooKeeperBrokers().isEmpty()) {
                throw ToolException.failed("brokers " + znodes.zooKeeperBrokers() + " are still registered in ZooKeeper"
                        + " (Kafka's MigratingZkBrokerCount is not 0): finalizing would cut them off; run"
                        + " migrate-kraft-brokers. Nothing was changed");
            }
            if (!znodes.metadataMigrated()) {
                throw ToolException.failed("no KRaft controller holds ZooKeeper's /controller with the metadata copied:"
                        + " the migration is not in dual write; nothing was changed");
            }
        }
    }

    private void requireAllRegistered(int brokers) {
        Set<Integer> expected = IntStream.range(0, brokers).boxed().collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> alive = BrokerRoll.ask(kafka, ClusterAdmin::describeCluster).alive();
        if (!alive.equals(expected)) {
            throw ToolException.failed("brokers " + alive + " are registered with the KRaft controllers, not " + expected
                    + ": every broker must be up before finalizing; nothing was changed");
        }
    }
}
