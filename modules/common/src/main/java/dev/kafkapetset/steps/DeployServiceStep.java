package dev.kafkapetset.steps;

import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import java.util.ArrayList;
import java.util.List;

/** The headless Service that gives every broker a stable DNS name; secured, the NetworkPolicy around the brokers. */
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
        List<PlanEntry> plan = new ArrayList<>(List.of(Apply.change(state, cluster.generateService())));
        cluster.generateNetworkPolicy().ifPresent(policy -> plan.add(Apply.change(state, policy)));
        return plan;
    }
}
