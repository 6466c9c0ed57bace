package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.kube.Applier;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Step 2: the headless Service that gives every broker a stable DNS name. */
public final class DeployServiceStep {
    private final KubernetesClient client;
    private final Report report;

    public DeployServiceStep(KubernetesClient client, Report report) {
        this.client = client;
        this.report = report;
    }

    public void run(KafkaCluster cluster) {
        Cluster.requireNamespace(client, cluster.spec().namespace());
        Applier applier = new Applier(client, report);
        applier.apply(applier.plan(List.of(cluster.generateService())));
    }
}
