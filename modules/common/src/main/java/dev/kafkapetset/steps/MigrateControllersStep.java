package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterIdRecord;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.ZookeeperEnsemble;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import dev.kafkapetset.zookeeper.ZooKeeperMigration;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        String clusterId = recordedClusterId(state, cluster);
        if (cluster.spec().metadata().kraft()) {
            throw ToolException.failed("the brokers run in KRaft mode: the controllers are past this step (status shows"
                    + " where the migration stands)");
        }
        if (!cluster.spec().metadata().zooKeeper() && state.get(StatefulSet.class, namespace, controllers.statefulSetName()) == null) {
            throw ToolException.failed("the brokers are in " + cluster.spec().metadata().mode().word()
                    + " mode and their controllers are gone: a rollback stopped half-way; run migrate-rollback to finish it");
        }
        if (state.isLive() && state.get(StatefulSet.class, namespace, controllers.statefulSetName()) == null) {
            requireCurrentAttempt(state);
        }
        List<PlanEntry> plan = new ArrayList<>();
        // The controllers must reach ZooKeeper: an ensemble deployed before its NetworkPolicy let them in gets the one that does.
        cluster.ensemble().flatMap(ZookeeperEnsemble::generateNetworkPolicy).ifPresent(policy -> plan.add(Apply.change(state, policy)));
        plan.addAll(DeployControllersStep.quorum(state, cluster, controllers, nodes, waiting, Optional.empty()));
        if (waiting.enabled()) {
            plan.add(new Action("wait", "wait until the controllers have reached ZooKeeper " + cluster.spec().zookeeper()
                    + " and it is cluster " + clusterId + "'s (timeout " + Durations.format(waiting.timeout()) + ")",
                    execution -> awaitArrival(clusterId, execution.report())));
        }
        plan.add(Note.info("the controllers wait in pre-migration mode until every broker registers with them: next,"
                + " migrate-brokers"));
        return plan;
    }

    /** The cluster id migrate-preflight recorded; refused without one. */
    static String recordedClusterId(ClusterState state, KafkaCluster cluster) {
        String name = KraftControllers.clusterIdRecordName(cluster.spec().name());
        String clusterId = ClusterIdRecord.data(state, cluster).get(KraftControllers.CLUSTER_ID_KEY);
        if (clusterId == null) {
            throw ToolException.failed("configmap/" + name + " holds no cluster id: " + (cluster.spec().metadata()
                    .withoutZooKeeper() ? "run deploy-controllers first, which records it"
                    : "run migrate-preflight first, which checks the cluster and records it"));
        }
        return clusterId;
    }

    /**
     * New controllers start a log in the directory the recorded attempt names, which must be new:
     * the attempt is ZooKeeper's controller epoch at the pre-flight, and any election since (a
     * broker's, or an earlier attempt's controllers') moves it on. A record a rollback stopped
     * half-way left behind names an earlier attempt, whose log would write old metadata back over
     * ZooKeeper.
     */
    private void requireCurrentAttempt(ClusterState state) {
        String recordName = KraftControllers.clusterIdRecordName(cluster.spec().name());
        String attempt = ClusterIdRecord.data(state, cluster).get(KraftControllers.ATTEMPT_KEY);
        int epoch;
        try (KubernetesZooKeeper zooKeeper = KubernetesZooKeeper.open(kube, cluster.statefulSetName())) {
            epoch = ZooKeeperCheck.migration(zooKeeper, waiting.timeout()).controllerEpoch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted while reading ZooKeeper");
        }
        if (!Integer.toString(epoch).equals(attempt)) {
            throw ToolException.failed("configmap/" + recordName + " records attempt " + attempt + ", but ZooKeeper has"
                    + " elected controllers since the pre-flight (epoch " + epoch + " now): its log directory may hold an"
                    + " earlier attempt's metadata. Run migrate-preflight again: it checks the cluster anew and records a"
                    + " fresh attempt");
        }
    }

    private void awaitArrival(String clusterId, Report report) throws InterruptedException {
        awaitZnodes(kube, cluster, clusterId, waiting, report, ZooKeeperMigration::controllersArrived,
                znodes -> "no controller has reached ZooKeeper yet (no /migration)",
                "the controllers have reached ZooKeeper (/migration made)",
                "the controllers' logs say why");
    }

    /**
     * What {@code zooKeeper}'s znodes say of the migration, once it is proved to hold cluster
     * {@code clusterId}; another cluster's ZooKeeper is a failure, which {@code consequence} ends.
     */
    static ZooKeeperMigration clusterZnodes(KubernetesZooKeeper zooKeeper, String clusterId, Duration timeout,
            String consequence) throws InterruptedException {
        ZooKeeperMigration znodes = ZooKeeperCheck.migration(zooKeeper, timeout);
        if (!clusterId.equals(znodes.clusterId())) {
            throw ToolException.failed("the ZooKeeper reached holds cluster " + znodes.clusterId() + ", not " + clusterId
                    + ": not this cluster's; " + consequence);
        }
        return znodes;
    }

    /** What the znodes say of the migration, for the progress lines while waiting. */
    interface Progress {
        String describe(ZooKeeperMigration znodes);
    }

    /**
     * Polls cluster {@code clusterId}'s ZooKeeper until its migration znodes pass {@code done},
     * reporting each new state {@code progress} names; a ZooKeeper holding another cluster is a failure.
     */
    static void awaitZnodes(KubeOptions kube, KafkaCluster cluster, String clusterId, WaitOptions waiting, Report report,
            java.util.function.Predicate<ZooKeeperMigration> done, Progress progress, String reached, String remedy)
            throws InterruptedException {
        long deadline = System.nanoTime() + waiting.timeout().toNanos();
        String last = null;
        try (KubernetesZooKeeper zooKeeper = KubernetesZooKeeper.open(kube, cluster.statefulSetName())) {
            while (true) {
                ZooKeeperMigration znodes = clusterZnodes(zooKeeper, clusterId, waiting.timeout(), "nothing more was done");
                if (done.test(znodes)) {
                    report.line(reached);
                    return;
                }
                String state = progress.describe(znodes);
                if (!state.equals(last)) {
                    report.line("  " + state);
                    last = state;
                }
                if (System.nanoTime() > deadline) {
                    throw ToolException.failed("timed out after " + Durations.format(waiting.timeout()) + ": " + state
                            + "; " + remedy);
                }
                Thread.sleep(POLL.toMillis());
            }
        }
    }
}
