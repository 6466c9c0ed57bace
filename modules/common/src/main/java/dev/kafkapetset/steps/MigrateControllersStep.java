package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import dev.kafkapetset.zookeeper.ZooKeeperMigration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Leaving ZooKeeper, after migrate-preflight: the KRaft controller quorum ({@link KraftControllers}) in migration
 * mode, its volumes first, then Service, StatefulSet and budget; waits until every controller is
 * Ready and the quorum has reached the cluster's ZooKeeper ({@code /migration} made). The
 * controllers then wait, in pre-migration mode, until every broker registers with them
 * (migrate-brokers); nothing of the brokers' changes yet, and deleting the controllers undoes it.
 */
public final class MigrateControllersStep implements Step {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final KafkaCluster cluster;
    private final KraftControllers controllers;
    private final KubeOptions kube;
    private final List<String> nodes;
    private final WaitOptions waiting;

    public MigrateControllersStep(KafkaCluster cluster, int controllers, KubeOptions kube, List<String> nodes,
            WaitOptions waiting) {
        this.cluster = cluster;
        this.controllers = cluster.controllers(controllers);
        this.kube = kube;
        this.nodes = List.copyOf(nodes);
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "migrate-controllers";
    }

    @Override
    public String purpose() {
        return controllers.replicas() + " KRaft controllers in migration mode, until they have reached ZooKeeper";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        MigratePreflightStep.requireZooKeeperBrokers(state, cluster);
        String namespace = cluster.spec().namespace();
        ConfigMap record = state.get(ConfigMap.class, namespace, controllers.clusterIdRecordName());
        String clusterId = record == null || record.getData() == null ? null
                : record.getData().get(KraftControllers.CLUSTER_ID_KEY);
        if (clusterId == null) {
            throw ToolException.failed("configmap/" + controllers.clusterIdRecordName() + " holds no cluster id: run"
                    + " migrate-preflight first, which checks the cluster and records it");
        }
        List<PlanEntry> plan = new ArrayList<>();
        VolumePlacement placement = VolumePlacement.plan(state,
                List.of(new VolumePlacement.Pods(controllers.component(), 0, controllers.replicas())), nodes,
                java.util.Optional.empty());
        plan.addAll(CreateVolumesStep.volumes(state, controllers.volumes(placement), placement));
        for (HasMetadata object : controllers.generateWorkload()) {
            plan.add(object instanceof StatefulSet statefulSet
                    ? Workloads.statefulSet(state, statefulSet, this::refuseResize)
                    : Apply.change(state, object));
        }
        plan.addAll(Workloads.awaitReady(namespace, controllers.statefulSetName(), controllers.labels().selector(),
                controllers.replicas(), waiting));
        if (waiting.enabled()) {
            plan.add(new Action("wait", "wait until the controllers have reached ZooKeeper " + cluster.spec().zookeeper()
                    + " and it is cluster " + clusterId + "'s (timeout " + Durations.format(waiting.timeout()) + ")",
                    execution -> awaitArrival(clusterId, execution.report())));
        }
        plan.add(Note.info("the controllers wait in pre-migration mode until every broker registers with them: next,"
                + " migrate-brokers"));
        return plan;
    }

    private void refuseResize(StatefulSet live) {
        int running = Workloads.replicas(live);
        if (running != controllers.replicas()) {
            throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs " + running
                    + " controllers: a static quorum's voters can't change; pass --controllers " + running);
        }
    }

    /** Polls the znodes until a controller has made {@code /migration}, in the ZooKeeper of cluster {@code clusterId}. */
    private void awaitArrival(String clusterId, Report report) throws InterruptedException {
        long deadline = System.nanoTime() + waiting.timeout().toNanos();
        try (KubernetesZooKeeper zooKeeper = KubernetesZooKeeper.open(kube, cluster.statefulSetName())) {
            while (true) {
                ZooKeeperMigration znodes = ZooKeeperCheck.migration(zooKeeper, waiting.timeout());
                if (!clusterId.equals(znodes.clusterId())) {
                    throw ToolException.failed("the ZooKeeper reached holds cluster " + znodes.clusterId() + ", but the"
                            + " controllers were formatted for " + clusterId + ": not this cluster's ZooKeeper");
                }
                if (znodes.controllersArrived()) {
                    report.line("the controllers have reached ZooKeeper (/migration made)");
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw ToolException.failed("timed out after " + Durations.format(waiting.timeout()) + ": no controller"
                            + " has reached ZooKeeper (no /migration); the controllers' logs say why");
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }
}
