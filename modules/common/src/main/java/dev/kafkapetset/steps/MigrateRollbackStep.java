package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kube.ClusterIdRecord;
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
 * Leaving ZooKeeper, undone: back to a ZooKeeper-mode cluster from anywhere before the controllers
 * are finalized, as Kafka's documentation has it. Brokers in KRaft mode are first rolled back into
 * migration mode (ZooKeeper's again, the migration flag kept on, as Kafka requires), and awaited
 * registered in ZooKeeper, while the controllers still lead. Then the controllers are deleted and their pods awaited
 * gone (so none can take the cluster back); then ZooKeeper's {@code /controller} (a broker is elected
 * in its place) and {@code /migration} are deleted, in the cluster's own ZooKeeper only; then the
 * brokers are rolled, safely, without the migration settings, and the recorded cluster id is
 * dropped, so a new attempt starts with the pre-flight. The controllers' volumes and claims are kept:
 * their log is in a directory of that attempt's own, which a new attempt never reads. Run again
 * after a failure, it goes on where it stopped.
 */
public final class MigrateRollbackStep extends BrokerMigrationStep {

    public MigrateRollbackStep(KafkaCluster cluster, KubeOptions kube, Supplier<KafkaTarget> kafka, WaitOptions waiting) {
        super(cluster, kube, kafka, waiting);
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
        if (live.metadata().finalized()) {
            throw ToolException.failed("the migration is finalized (migrate-finalize): Kafka can't go back to ZooKeeper"
                    + " from here");
        }
        String namespace = cluster.spec().namespace();
        String controllers = KraftControllers.statefulSetName(cluster.spec().name());
        String recordName = KraftControllers.clusterIdRecordName(cluster.spec().name());
        ConfigMap record = ClusterIdRecord.find(state, cluster);
        boolean controllersDeployed = state.get(StatefulSet.class, namespace, controllers) != null;
        if (ClusterIdRecord.ours(record) == null && !controllersDeployed && live.metadata().zooKeeper()) {
            return List.of(Note.info("nothing to roll back: no migration of cluster " + cluster.spec().name()
                    + " is under way"));
        }
        String clusterId = ClusterIdRecord.data(record).get(KraftControllers.CLUSTER_ID_KEY);
        if (clusterId == null) {
            throw ToolException.failed("configmap/" + recordName + " holds no cluster id, so the ZooKeeper reached can't be"
                    + " proved to be this cluster's: restore it (migrate-preflight records it) before rolling back");
        }
        List<PlanEntry> plan = new ArrayList<>();
        ObjectChange backToMigration = null;
        if (live.metadata().kraft() || kraftBrokersRun(state, live)) {
            backToMigration = backToMigrationMode(state, live, clusterId, plan);
        }
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
        StatefulSet desired = zooKeeperMode.generateStatefulSet(live.replicas());
        ObjectChange brokers = backToMigration == null ? Workloads.statefulSet(state, desired)
                : ObjectChange.after(state, backToMigration, desired);
        plan.add(brokers);
        if (waiting.enabled()) {
            // A broker whose metadata still names the deleted KRaft controller waits for its approval of the controlled
            // shutdown (Kafka 3.9 waits up to 5 min) and is killed at the end of its grace period: an unclean shutdown,
            // its logs recovered at start. Once a broker leads in ZooKeeper, it tells the others.
            plan.add(awaitBrokerLeads(clusterId, "a broker is ZooKeeper's controller: the brokers' controlled shutdowns go"
                    + " to it"));
        }
        RollStep roll = new RollStep(zooKeeperMode, zooKeeperMode.statefulSetName(), zooKeeperMode.labels(),
                // ZooKeeper elects its controller once /controller is deleted, after the plan is made: no order can put it
                // last and be the plan's. Restarting it early costs one more election.
                new InOrdinalOrder(new BrokerRoll(kafka, false), "by ordinal: ZooKeeper elects its controller only once"
                        + " /controller is deleted"), waiting);
        plan.addAll(Workloads.rollAfter(brokers, state, roll, false));
        if (waiting.enabled()) {
            plan.add(awaitBrokerLeads(clusterId, "the cluster is in ZooKeeper mode again"));
        }
        plan.add(Apply.deletion(state, ConfigMap.class, namespace, recordName));
        return plan;
    }

    /**
     * Kafka's first stage back from KRaft-mode brokers: the brokers into migration mode again, rolled
     * safely while the controllers still lead, until every one is registered in ZooKeeper. A roll that
     * stopped half-way (the StatefulSet in migration mode, some pods still KRaft brokers) goes on.
     *
     * @return the StatefulSet's change, which the later one to ZooKeeper mode follows
     */
    private ObjectChange backToMigrationMode(ClusterState state, DeployedKafka live, String clusterId, List<PlanEntry> plan) {
        // The way back needs the quorum, not every controller: a majority ready will do.
        int voters = MigrateBrokersStep.requireControllersReady(state, cluster, "the brokers go back to migration mode"
                + " with the controllers still leading", true);
        KafkaCluster migrating = new KafkaCluster(cluster.spec().withMetadata(Metadata.migration(voters)));
        plan.add(Note.info("the brokers run in KRaft mode: first back into migration mode (registered in ZooKeeper"
                + " again), then the rollback from dual write"));
        ObjectChange brokers = Workloads.statefulSet(state, migrating.generateStatefulSet(live.replicas()));
        plan.add(brokers);
        plan.addAll(Workloads.rollAfter(brokers, state, InOrdinalOrder.kraftLeads(migrating, kafka, waiting), false));
        if (waiting.enabled()) {
            List<Integer> all = java.util.stream.IntStream.range(0, live.replicas()).boxed().toList();
            plan.add(new Action("wait", "wait until brokers " + all + " are registered in ZooKeeper again (timeout "
                    + Durations.format(waiting.timeout()) + ")",
                    execution -> MigrateControllersStep.awaitZnodes(kube, cluster, clusterId, waiting, execution.report(),
                            znodes -> znodes.zooKeeperBrokers().equals(all),
                            znodes -> "brokers " + znodes.zooKeeperBrokers() + " registered in ZooKeeper",
                            "every broker is registered in ZooKeeper again", "the brokers' logs say why")));
        }
        return brokers;
    }

    /** Whether a broker pod runs in KRaft mode: the StatefulSet may be back in migration mode, its roll not done. */
    private static boolean kraftBrokersRun(ClusterState state, DeployedKafka live) {
        return java.util.stream.IntStream.range(0, live.replicas())
                .mapToObj(ordinal -> state.get(Pod.class, live.namespace(), live.podName(ordinal)))
                .filter(java.util.Objects::nonNull)
                .anyMatch(pod -> Workloads.setsVariable(pod.getSpec(), KraftControllers.PROCESS_ROLES_ENV));
    }

    private static boolean brokerLeads(ZooKeeperMigration znodes) {
        return znodes.controller() != null && !znodes.kraftController() && znodes.controller() < KraftControllers.NODE_ID_BASE
                && !znodes.controllersArrived();
    }

    /** Waits until a broker is ZooKeeper's controller, then reports {@code reached}. */
    private Action awaitBrokerLeads(String clusterId, String reached) {
        return new Action("wait", "wait until a broker is ZooKeeper's controller again (timeout "
                + Durations.format(waiting.timeout()) + ")",
                execution -> MigrateControllersStep.awaitZnodes(kube, cluster, clusterId, waiting, execution.report(),
                        MigrateRollbackStep::brokerLeads, znodes -> "no broker is ZooKeeper's controller yet", reached,
                        "the brokers' logs say why"));
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
