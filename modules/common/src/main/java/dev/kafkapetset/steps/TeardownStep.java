package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kube.Applier;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Removes a cluster's workloads, services and budgets, brokers first, then its ZooKeeper ensemble.
 * The data (claims and volumes) stays unless asked for; then the claims and volumes go, and the
 * operator is told that hostPath directories stay on the node.
 */
public final class TeardownStep {
    private final KubernetesClient client;
    private final Report report;

    public TeardownStep(KubernetesClient client, Report report) {
        this.client = client;
        this.report = report;
    }

    /** What {@code --delete-data} would delete: the claims, then the volumes, of the cluster. */
    public record Data(List<PersistentVolumeClaim> claims, List<PersistentVolume> volumes) {
        public boolean isEmpty() {
            return claims.isEmpty() && volumes.isEmpty();
        }

        /** One line per object, with the node directory of each hostPath volume. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            claims.forEach(claim -> lines.add("persistentvolumeclaim/" + claim.getMetadata().getName()));
            volumes.forEach(volume -> lines.add("persistentvolume/" + volume.getMetadata().getName()
                    + (volume.getSpec().getHostPath() == null ? "" : " (hostPath " + volume.getSpec().getHostPath().getPath() + ")")));
            return lines;
        }
    }

    /** The cluster's data: claims and volumes carrying the labels of its brokers or its ensemble. */
    public Data data(KafkaCluster cluster) {
        String namespace = cluster.spec().namespace();
        List<PersistentVolumeClaim> claims = new ArrayList<>();
        List<PersistentVolume> volumes = new ArrayList<>();
        for (KafkaCluster.Component component : cluster.components()) {
            claims.addAll(client.persistentVolumeClaims().inNamespace(namespace).withLabels(component.labels().selector())
                    .list().getItems());
            volumes.addAll(client.persistentVolumes().withLabels(component.volumeSelector()).list().getItems());
        }
        // Claims made for one of our volumes count too, whatever their labels.
        for (PersistentVolume volume : volumes) {
            if (volume.getSpec().getClaimRef() != null) {
                String claim = volume.getSpec().getClaimRef().getName();
                if (claims.stream().noneMatch(c -> c.getMetadata().getName().equals(claim))) {
                    PersistentVolumeClaim bound = client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get();
                    if (bound != null) {
                        claims.add(bound);
                    }
                }
            }
        }
        return new Data(claims, volumes);
    }

    public void run(KafkaCluster cluster, boolean deleteData, WaitOptions waiting) {
        Cluster.requireNamespace(client, cluster.spec().namespace());
        List<HasMetadata> workloads = new ArrayList<>(List.of(cluster.generateStatefulSet(),
                cluster.generatePodDisruptionBudget(), cluster.generateService()));
        cluster.ensemble().ifPresent(ensemble -> {
            workloads.add(ensemble.generateStatefulSet());
            workloads.add(ensemble.generatePodDisruptionBudget());
            workloads.addAll(ensemble.generateServices());
        });
        workloads.forEach(this::delete);
        if (waiting.enabled()) {
            awaitNoPods(cluster, waiting);
        }
        Data data = data(cluster);
        if (!deleteData) {
            data.describe().forEach(object -> report.outcome(object, "kept"));
            return;
        }
        data.claims().forEach(this::delete);
        data.volumes().forEach(this::delete);
        data.volumes().stream()
                .filter(volume -> volume.getSpec().getHostPath() != null)
                .findAny()
                .ifPresent(any -> report.warning("hostPath volumes keep their files on the node: remove the"
                        + " directories listed above there to free the space"));
    }

    /** Deletes the live object of {@code wanted}'s kind and name, if it is ours. */
    private void delete(HasMetadata wanted) {
        HasMetadata live = client.resource(wanted).get();
        String object = Applier.describe(wanted);
        if (live == null) {
            report.outcome(object, "not found");
        } else if (!Applier.managedByUs(live)) {
            report.warning(object + " was not made by kafka-petset: left alone");
        } else {
            client.resource(live).delete();
            report.outcome(object, "deleted");
        }
    }

    private void awaitNoPods(KafkaCluster cluster, WaitOptions waiting) {
        String namespace = cluster.spec().namespace();
        for (KafkaCluster.Component component : cluster.components()) {
            try {
                client.pods().inNamespace(namespace).withLabels(component.labels().selector())
                        .informOnCondition(List::isEmpty)
                        .get(waiting.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw ToolException.failed("pods of statefulset " + component.statefulSet()
                        + " still running after " + Durations.format(waiting.timeout()) + ": their data is left as it is");
            } catch (ExecutionException e) {
                throw KubernetesClientException.launderThrowable(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw KubernetesClientException.launderThrowable(e);
            }
        }
        report.line("all pods gone");
    }
}
