package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.ZookeeperEnsemble;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/** The cluster's own ZooKeeper ensemble: services, StatefulSet, budget, and the wait for a quorum. */
public final class DeployZookeeperStep implements Step {
    private final KafkaCluster cluster;
    private final KubeOptions kube;
    private final WaitOptions waiting;

    /** @param kube reaches the servers to roll them safely after a change to their pod template */
    public DeployZookeeperStep(KafkaCluster cluster, KubeOptions kube, WaitOptions waiting) {
        this.cluster = cluster;
        this.kube = kube;
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "deploy-zookeeper";
    }

    @Override
    public String purpose() {
        return "the cluster's own ZooKeeper ensemble, until it has a quorum";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        if (cluster.spec().metadata().finalized()) {
            return List.of(Note.info("nothing to do: cluster " + cluster.spec().name() + " keeps its metadata in its KRaft"
                    + " controllers" + (cluster.spec().hasZooKeeper() ? ", having left ZooKeeper" : ", with no ZooKeeper")));
        }
        if (cluster.ensemble().isEmpty()) {
            return List.of(Note.info("nothing to do: the brokers use the ZooKeeper at " + cluster.spec().zookeeper()
                    + " (--zookeeper)"));
        }
        ZookeeperEnsemble ensemble = cluster.ensemble().get();
        String namespace = cluster.spec().namespace();
        int replicas = ensemble.spec().replicas();
        LiveState.requireNamespace(state, namespace);
        Workloads.requireVolumes(state, ensemble.generateVolumes(), "create-volumes");
        if (cluster.spec().secured()) {
            Workloads.requireSecrets(state, namespace, List.of(cluster.secrets().zookeeperJaas()));
        }
        List<PlanEntry> plan = new ArrayList<>();
        List<PlanEntry> restarts = new ArrayList<>();
        for (HasMetadata object : ensemble.generateWorkload()) {
            if (object instanceof StatefulSet statefulSet) {
                ObjectChange change = Workloads.statefulSet(state, statefulSet, live -> refuseResize(live, replicas));
                plan.add(change);
                restarts.addAll(Workloads.rollAfter(change, state, RollStep.ensemble(cluster, kube, false, waiting), false));
            } else {
                plan.add(Apply.change(state, object));
            }
        }
        plan.addAll(restarts);
        plan.addAll(Workloads.awaitReady(namespace, ensemble.statefulSetName(), ensemble.labels().selector(), replicas,
                waiting));
        return plan;
    }

    private static void refuseResize(StatefulSet live, int replicas) {
        int running = Workloads.replicas(live);
        if (running != replicas) {
            throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs " + running
                    + " ZooKeeper servers: changing that to " + replicas + " is a reconfiguration of a live"
                    + " ensemble, which this toolkit doesn't do; pass --zookeeper-replicas " + running);
        }
    }
}
