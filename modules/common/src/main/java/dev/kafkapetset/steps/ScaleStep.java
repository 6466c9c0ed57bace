package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.cli.ToolException;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Storage;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Objects;

/** Day 2: change the number of brokers of a deployed cluster. */
public final class ScaleStep {
    private final KubernetesClient client;
    private final Report report;

    public ScaleStep(KubernetesClient client, Report report) {
        this.client = client;
        this.report = report;
    }

    /**
     * Scales to {@code cluster.spec().replicas()}. Going up on hostPath storage, the new brokers'
     * volumes are created first (or, with {@code createVolumes} false, their absence refused).
     * Going down needs {@code force}.
     */
    public void run(KafkaCluster cluster, boolean createVolumes, boolean force, WaitOptions waiting) {
        String namespace = cluster.spec().namespace();
        Cluster.requireNamespace(client, namespace);
        StatefulSet live = client.apps().statefulSets().inNamespace(namespace).withName(cluster.statefulSetName()).get();
        if (live == null) {
            throw ToolException.failed("statefulset.apps/" + cluster.statefulSetName() + " not found in namespace "
                    + namespace + ": run deploy-petset first");
        }
        requireSameStorage(live, cluster);
        int current = Workloads.replicas(live);
        int wanted = cluster.spec().replicas();
        if (wanted < current && !force) {
            throw ToolException.failed("scaling down from " + current + " to " + wanted + " removes broker"
                    + (current - wanted == 1 ? " " + wanted : "s " + wanted + "-" + (current - 1))
                    + ", and this version can't yet check that their partitions have replicas elsewhere: move"
                    + " them first (kafka-reassign-partitions), then pass --force");
        }
        if (wanted > current) {
            List<String> missing = Workloads.missingVolumes(client, cluster.volumes(current, wanted));
            if (!missing.isEmpty() && !createVolumes) {
                throw ToolException.failed("the new brokers need volumes, and these are missing: "
                        + String.join(", ", missing) + " (drop --no-create-volumes, or run create-volumes --replicas "
                        + wanted + ")");
            }
            new CreateVolumesStep(client, report).ensure(cluster.volumes(current, wanted));
            Workloads.reportReusedClaims(client, report, cluster, current, wanted);
        }
        if (wanted == current) {
            report.outcome("statefulset.apps/" + cluster.statefulSetName(), "unchanged (" + current + " replicas)");
        } else {
            client.apps().statefulSets().inNamespace(namespace).withName(cluster.statefulSetName()).scale(wanted);
            report.outcome("statefulset.apps/" + cluster.statefulSetName(), "scaled");
            report.line("  replicas " + current + " -> " + wanted);
        }
        Workloads.awaitReady(client, report, namespace, cluster.statefulSetName(), cluster.labels().selector(),
                wanted, waiting);
    }

    /** The live claims decide the storage: options saying otherwise are a mistake, not a change. */
    private static void requireSameStorage(StatefulSet live, KafkaCluster cluster) {
        String liveClass = Objects.requireNonNullElse(live.getSpec().getVolumeClaimTemplates(), List.<PersistentVolumeClaim>of())
                .stream()
                .filter(claim -> KafkaCluster.DATA_CLAIM.equals(claim.getMetadata().getName()))
                .map(claim -> Objects.requireNonNullElse(claim.getSpec().getStorageClassName(), ""))
                .findFirst()
                .orElse("");
        String wantedClass = cluster.spec().storage().claimStorageClassName();
        if (!liveClass.equals(wantedClass)) {
            throw ToolException.usage("statefulset.apps/" + cluster.statefulSetName() + " claims its volumes "
                    + (liveClass.isEmpty() ? "as hostPath volumes" : "from storage class '" + liveClass + "'")
                    + ", but the options say " + (cluster.spec().storage() instanceof Storage.HostPath
                            ? "hostPath volumes" : "storage class '" + wantedClass + "'")
                    + ": pass the same storage options as when it was deployed");
        }
    }
}
