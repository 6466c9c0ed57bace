package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.Applier;
import dev.kafkapetset.kube.Applier.Action;
import dev.kafkapetset.kube.Applier.Change;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Storage;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Step 1 on hostPath clusters: a PersistentVolume bound in advance to each broker's data claim. */
public final class CreateVolumesStep {
    private final KubernetesClient client;
    private final Report report;

    public CreateVolumesStep(KubernetesClient client, Report report) {
        this.client = client;
        this.report = report;
    }

    /** Ensures the volumes of brokers {@code 0..brokers-1}, and of the cluster's own ensemble. */
    public void run(KafkaCluster cluster, int brokers) {
        if (cluster.spec().storage() instanceof Storage.Provisioned provisioned) {
            report.line("nothing to do: storage class '" + provisioned.storageClass()
                    + "' provisions the volumes");
            return;
        }
        Cluster.requireNamespace(client, cluster.spec().namespace());
        ensure(cluster.allVolumes(brokers));
    }

    /** Creates the missing volumes; refuses, before any write, one that exists with another spec. */
    void ensure(List<PersistentVolume> volumes) {
        Applier applier = new Applier(client, report);
        List<Change> plan = applier.plan(volumes);
        for (Change change : plan) {
            if (change.action() == Action.UPDATE) {
                throw ToolException.failed(change.object() + " exists with another spec (" + hostPath(change)
                        + "), and a volume's source can't change in place: if it was made with another"
                        + " --host-path-base, pass that; if its data can go, delete it with 'kubectl delete pv "
                        + change.desired().getMetadata().getName() + "'");
            }
        }
        applier.apply(plan);
    }

    private static String hostPath(Change change) {
        PersistentVolume live = (PersistentVolume) change.live();
        PersistentVolume wanted = (PersistentVolume) change.desired();
        String livePath = live.getSpec().getHostPath() == null ? "not a hostPath" : live.getSpec().getHostPath().getPath();
        return "live path " + livePath + ", wanted " + wanted.getSpec().getHostPath().getPath();
    }
}
