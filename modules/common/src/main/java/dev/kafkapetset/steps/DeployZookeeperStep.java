package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
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
    private final WaitOptions waiting;

    public DeployZookeeperStep(KafkaCluster cluster, WaitOptions waiting) {
        this.cluster = cluster;
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
        if (cluster.ensemble().isEmpty()) {
            return List.of(Note.info("nothing to do: the brokers use the ZooKeeper at " + cluster.spec().zookeeper()
                    + " (--zookeeper)"));
        }
        ZookeeperEnsemble ensemble = cluster.ensemble().get();
        String namespace = cluster.spec().namespace();
        int replicas = ensemble.spec().replicas();
        LiveState.requireNamespace(state, namespace);
        Workloads.requireVolumes(state, ensemble.generateVolumes(), "create-volumes");
        List<PlanEntry> plan = new ArrayList<>();
        for (HasMetadata object : ensemble.generateWorkload()) {
            plan.add(object instanceof StatefulSet statefulSet
                    ? Workloads.statefulSet(state, statefulSet, live -> refuseResize(live, replicas))
                    : Apply.change(state, object));
        }
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
