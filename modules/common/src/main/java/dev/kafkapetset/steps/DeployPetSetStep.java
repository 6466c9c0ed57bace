package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Step 3: the brokers' StatefulSet and disruption budget, then the wait for them to be ready. */
public final class DeployPetSetStep {
    private final KubernetesClient client;
    private final Report report;

    public DeployPetSetStep(KubernetesClient client, Report report) {
        this.client = client;
        this.report = report;
    }

    public void run(KafkaCluster cluster, WaitOptions waiting) {
        String namespace = cluster.spec().namespace();
        int replicas = cluster.spec().replicas();
        Cluster.requireNamespace(client, namespace);
        Workloads.requireService(client, namespace, cluster.serviceName(),
                "run deploy-service first (the brokers' DNS names come from it)");
        Workloads.requireVolumes(client, cluster.generateVolumes(), "create-volumes --replicas " + replicas);
        Workloads.reportReusedClaims(client, report, cluster, 0, replicas);
        Workloads.apply(client, report, List.of(cluster.generateStatefulSet(), cluster.generatePodDisruptionBudget()),
                live -> refuseScaleDown(live, replicas));
        Workloads.awaitReady(client, report, namespace, cluster.statefulSetName(), cluster.labels().selector(),
                replicas, waiting);
    }

    private static void refuseScaleDown(StatefulSet live, int wanted) {
        int running = Workloads.replicas(live);
        if (wanted < running) {
            throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs " + running
                    + " brokers and this would cut it to " + wanted + ": pass --replicas " + running
                    + " to keep them, or use scale --replicas " + wanted + ", which guards the data");
        }
    }
}
