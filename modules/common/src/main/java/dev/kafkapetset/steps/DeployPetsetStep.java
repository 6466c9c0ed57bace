package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/** The brokers' StatefulSet and disruption budget, then the wait for them to be ready. */
public final class DeployPetsetStep implements Step {
    private final KafkaCluster cluster;
    private final int brokers;
    private final WaitOptions waiting;

    public DeployPetsetStep(KafkaCluster cluster, int brokers, WaitOptions waiting) {
        this.cluster = cluster;
        this.brokers = brokers;
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "deploy-petset";
    }

    @Override
    public String purpose() {
        return "the " + brokers + " brokers, until every one is ready";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        String namespace = cluster.spec().namespace();
        LiveState.requireNamespace(state, namespace);
        Workloads.requireService(state, namespace, cluster.serviceName(),
                "run deploy-service first (the brokers' DNS names come from it)");
        Workloads.requireVolumes(state, cluster.generateVolumes(brokers), "create-volumes --replicas " + brokers);
        List<PlanEntry> plan = new ArrayList<>(Workloads.reusedClaims(state, cluster, 0, brokers));
        plan.add(Workloads.statefulSet(state, cluster.generateStatefulSet(brokers), this::refuseScaleDown));
        plan.add(Apply.change(state, cluster.generatePodDisruptionBudget()));
        plan.addAll(Workloads.awaitReady(namespace, cluster.statefulSetName(), cluster.labels().selector(), brokers,
                waiting));
        return plan;
    }

    private void refuseScaleDown(StatefulSet live) {
        int running = Workloads.replicas(live);
        if (brokers < running) {
            throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs " + running
                    + " brokers and this would cut it to " + brokers + ": pass --replicas " + running
                    + " to keep them, or use scale --replicas " + brokers + ", which guards the data");
        }
    }
}
