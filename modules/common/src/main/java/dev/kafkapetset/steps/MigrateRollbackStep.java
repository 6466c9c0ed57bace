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
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import dev.kafkapetset.zookeeper.ZooKeeperMigration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Leaving ZooKeeper, undone: back to a ZooKeeper-mode cluster from anywhere before the brokers run
 * in KRaft mode, as Kafka's documentation has it. The controllers are deleted and their pods awaited
 * gone (so none can take the cluster back); then ZooKeeper's {@code /controller} (a broker is elected
 * in its place) and {@code /migration} are deleted, in the cluster's own ZooKeeper only; then the
 * brokers are rolled, safely, without the migration settings, and the recorded cluster id is
 * dropped, so a new attempt starts with the pre-flight. The controllers' volumes and claims are kept:
 * their log is in a directory of that attempt's own, which a new attempt never reads. Run again
 * after a failure, it goes on where it stopped.
 */
public final class MigrateRollbackStep implements Step {
    private final KafkaCluster cluster;
    private final KubeOptions kube;
    private final Supplier<KafkaTarget> kafka;
    private final WaitOptions waiting;

    public MigrateRollbackStep(KafkaCluster cluster, KubeOptions kube, Supplier<KafkaTarget> kafka, WaitOptions waiting) {
        this.cluster = cluster;
        this.kube = kube;
        this.kafka = kafka;
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "migrate-rollback";
    }

    @Override
    public String purpose() {
        return "take the cluster back to ZooKeeper mode: controllers deleted, brokers rolled without the migration";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        DeployedKafka live = MigratePreflightStep.requireZooKeeperBrokers(state, cluster);
        String namespace = cluster.spec().namespace();
        String controllers = cluster.spec().name() + KraftControllers.SUFFIX;
        String recordName = KraftControllers.clusterIdRecordName(cluster.spec().name());
        ConfigMap record = state.get(ConfigMap.class, namespace, recordName);
        boolean controllersDeployed = state.get(StatefulSet.class, namespace, controllers) != null;
        if (record == null && !controllersDeployed && !cluster.spec().metadata().migrating()) {
            return List.of(Note.info("nothing to roll back: no migration of cluster " + cluster.spec().name()
                    + " is under way"));
        }
        String clusterId = record == null || record.getData() == null ? null : record.getData().get(KraftControllers.CLUSTER_ID_KEY);
        if (clusterId == null) {
            throw ToolException.failed("configmap/" + recordName + " holds no cluster id, so the ZooKeeper reached can't be"
                    + " proved to be this cluster's: restore it (migrate-preflight records it) before rolling back");
        }
        List<PlanEntry> plan = new ArrayList<>();
        plan.add(Apply.deletion(state, StatefulSet.class, namespace, controllers));
        plan.add(Apply.deletion(state, PodDisruptionBudget.class, namespace, controllers));
        plan.add(Apply.deletion(state, Service.class, namespace, controllers));
        plan.add(new Action("wait", "wait until the controllers' pods are gone (timeout " + Durations.format(waiting.timeout())
                + ")", execution -> awaitGone(execution, controllers)));
        plan.add(new Action("clear", "delete /migration and, if a KRaft controller holds it, /controller in ZooKeeper "
                + cluster.spec().zookeeper() + " (cluster " + clusterId + " only), in one transaction: a broker becomes the"
                + " controller again", execution -> {
                    try (KubernetesZooKeeper zooKeeper = KubernetesZooKeeper.open(kube, cluster.statefulSetName())) {
                        ZooKeeperCheck.clearMigration(zooKeeper, waiting.timeout(), clusterId).ifPresentOrElse(
                                migration -> execution.report().line("/migration and the KRaft controller's /controller"
                                        + " deleted; /migration held " + migration),
                                () -> execution.report().line("/migration is gone and a broker holds /controller already:"
                                        + " nothing deleted"));
                    }
                }));
        KafkaCluster zooKeeperMode = new KafkaCluster(cluster.spec().withMetadata(Metadata.ZOOKEEPER));
        ObjectChange brokers = Workloads.statefulSet(state, zooKeeperMode.generateStatefulSet(live.replicas()));
        plan.add(brokers);
        RollStep roll = new RollStep(zooKeeperMode, zooKeeperMode.statefulSetName(), zooKeeperMode.labels(),
                new InOrdinalOrder(new BrokerRoll(kafka, false)), waiting);
        plan.addAll(Workloads.rollAfter(brokers, state, roll, false));
        if (waiting.enabled()) {
            plan.add(new Action("wait", "wait until a broker is ZooKeeper's controller again (timeout "
                    + Durations.format(waiting.timeout()) + ")",
                    execution -> MigrateControllersStep.awaitZnodes(kube, cluster, clusterId, waiting, execution.report(),
                            MigrateRollbackStep::brokerLeads, znodes -> "no broker is ZooKeeper's controller yet",
                            "the cluster is in ZooKeeper mode again", "the brokers' logs say why")));
        }
        plan.add(Apply.deletion(state, ConfigMap.class, namespace, recordName));
        return plan;
    }

    /**
     * The roll's members in ordinal order: the broker that will be ZooKeeper's controller is elected
     * only once /controller is deleted, after the plan is made, so no order can put it last and be
     * the plan's. Restarting it early costs one more election.
     */
    private record InOrdinalOrder(RollStep.Members members) implements RollStep.Members {
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
            return "by ordinal: ZooKeeper elects its controller only once /controller is deleted";
        }

        @Override
        public void requireSafeWithout(int ordinal) {
            members.requireSafeWithout(ordinal);
        }

        @Override
        public String checks() {
            return members.checks();
        }

        @Override
        public void awaitWhole(int ordinal, java.time.Duration timeout, dev.kafkapetset.cli.Report report) {
            members.awaitWhole(ordinal, timeout, report);
        }
    }

    private static boolean brokerLeads(ZooKeeperMigration znodes) {
        return znodes.controller() != null && !znodes.kraftController() && znodes.controller() < KraftControllers.NODE_ID_BASE
                && !znodes.controllersArrived();
    }

    private void awaitGone(Execution execution, String controllers) throws InterruptedException {
        try {
            execution.client().pods().inNamespace(cluster.spec().namespace())
                    .withLabels(cluster.controllers(0).labels().selector())
                    .informOnCondition(List<Pod>::isEmpty)
                    .get(waiting.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ToolException.failed("pods of statefulset " + controllers + " still running after "
                    + Durations.format(waiting.timeout()) + ": ZooKeeper is left as it is until they are gone");
        } catch (ExecutionException e) {
            throw KubernetesClientException.launderThrowable(e.getCause());
        }
        execution.report().line("the controllers' pods are gone");
    }
}
