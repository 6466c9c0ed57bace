package dev.kafkapetset.steps;

import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import java.util.List;

/** The headless Service that gives every broker a stable DNS name. */
public final class DeployServiceStep implements Step {
    private final KafkaCluster cluster;

    public DeployServiceStep(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String alias() {
        return "deploy-service";
    }

    @Override
    public String purpose() {
        return "the headless Service that names every broker";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        LiveState.requireNamespace(state, cluster.spec().namespace());
        return List.of(Apply.change(state, cluster.generateService()));
    }
}
