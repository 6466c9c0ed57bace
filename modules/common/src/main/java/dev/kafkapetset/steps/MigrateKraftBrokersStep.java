package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Metadata;
import dev.kafkapetset.zookeeper.ZooKeeperMigration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Leaving ZooKeeper, after migrate-brokers: the brokers into KRaft mode ({@code process.roles=broker},
 * node id = broker id, registered with the controllers alone, no ZooKeeper), rolled safely as roll
 * does. Only once the controllers lead and have copied the metadata: before, a KRaft-mode broker
 * can't register. The step waits until no broker is left registered in ZooKeeper (Kafka's
 * MigratingZkBrokerCount at 0), which finalizing needs. The controllers still write every change to
 * ZooKeeper, so migrate-rollback can still go back. Run again after a failure, it goes on with the
 * brokers not rolled yet.
 */
public final class MigrateKraftBrokersStep extends BrokerMigrationStep {

    public MigrateKraftBrokersStep(KafkaCluster cluster, KubeOptions kube, Supplier<KafkaTarget> kafka, WaitOptions waiting) {
        super(cluster, kube, kafka, waiting);
    }

    @Override
    public String alias() {
        return "migrate-kraft-brokers";
    }

    @Override
    public String purpose() {
        return "roll the brokers into KRaft mode, until none is left registered in ZooKeeper";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        DeployedKafka live = MigratePreflightStep.requireZooKeeperBrokers(state, cluster);
        if (live.metadata().finalized()) {
            throw ToolException.failed("the migration is finalized: the brokers are KRaft brokers for good");
        }
        if (live.metadata().zooKeeper()) {
            throw ToolException.failed("the brokers run in ZooKeeper mode: migrate-brokers takes them into migration mode"
                    + " first, and the controllers must have copied the metadata");
        }
        String clusterId = MigrateControllersStep.recordedClusterId(state, cluster);
        int voters = MigrateBrokersStep.requireControllersReady(state, cluster, "a broker in KRaft mode knows the cluster"
                + " from them alone");
        KafkaCluster kraft = new KafkaCluster(cluster.spec().withMetadata(Metadata.kraftBrokers(voters)));
        List<PlanEntry> plan = new ArrayList<>();
        // A KRaft-mode broker can't register with controllers still waiting to copy the metadata (pre-migration).
        plan.add(MigrateBrokersStep.checkZnodes(kube, cluster, clusterId, waiting, "lead the cluster and have copied its"
                + " metadata from ZooKeeper " + cluster.spec().zookeeper(), ZooKeeperMigration::metadataMigrated,
                "lead the cluster in dual write", znodes -> "the controllers have not copied the metadata yet"
                        + " (" + (znodes.kraftController() ? "/migration offset " + znodes.migratedOffset()
                                : "ZooKeeper's controller is broker " + znodes.controller()) + "): run migrate-brokers,"
                        + " which waits for it"));
        ObjectChange brokers = Workloads.statefulSet(state, kraft.generateStatefulSet(live.replicas()));
        plan.add(brokers);
        plan.addAll(Workloads.rollAfter(brokers, state, InOrdinalOrder.kraftLeads(kraft, kafka, waiting), false));
        if (waiting.enabled()) {
            plan.add(new Action("wait", "wait until no broker is left registered in ZooKeeper: every one runs in KRaft"
                    + " mode (timeout " + Durations.format(waiting.timeout()) + ")",
                    execution -> MigrateControllersStep.awaitZnodes(kube, cluster, clusterId, waiting, execution.report(),
                            znodes -> znodes.zooKeeperBrokers().isEmpty(),
                            znodes -> "brokers " + znodes.zooKeeperBrokers() + " still registered in ZooKeeper",
                            "every broker runs in KRaft mode; the controllers still write every change to ZooKeeper",
                            "those brokers' pods run an old template or have not stopped: status shows which")));
        }
        plan.add(Note.info("the brokers are KRaft brokers and ZooKeeper still holds every change: migrate-rollback goes"
                + " back to ZooKeeper mode from here (two rolls). Finalizing (the controllers without ZooKeeper) is the"
                + " point of no return"));
        return plan;
    }
}
