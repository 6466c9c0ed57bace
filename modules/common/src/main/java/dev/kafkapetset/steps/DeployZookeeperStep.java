package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.ZookeeperEnsemble;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/** The toolkit's own ZooKeeper ensemble: services, StatefulSet, budget, and the wait for a quorum. */
public final class DeployZookeeperStep {
    private final KubernetesClient client;
    private final Report report;

    public DeployZookeeperStep(KubernetesClient client, Report report) {
        this.client = client;
        this.report = report;
    }

    public void run(KafkaCluster cluster, WaitOptions waiting) {
        Optional<ZookeeperEnsemble> own = cluster.ensemble();
        if (own.isEmpty()) {
            report.line("nothing to do: the brokers use the ZooKeeper at " + cluster.spec().zookeeper() + " (--zookeeper)");
            return;
        }
        ZookeeperEnsemble ensemble = own.get();
        String namespace = cluster.spec().namespace();
        int replicas = ensemble.spec().replicas();
        Cluster.requireNamespace(client, namespace);
        Workloads.requireVolumes(client, ensemble.generateVolumes(), "create-volumes");
        Workloads.apply(client, report, ensemble.generateWorkload(), live -> {
            int running = Workloads.replicas(live);
            if (running != replicas) {
                throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs " + running
                        + " ZooKeeper servers: changing that to " + replicas + " is a reconfiguration of a live"
                        + " ensemble, which this toolkit doesn't do; pass --zookeeper-replicas " + running);
            }
        });
        Workloads.awaitReady(client, report, namespace, ensemble.statefulSetName(), ensemble.labels().selector(),
                replicas, waiting);
    }
}
