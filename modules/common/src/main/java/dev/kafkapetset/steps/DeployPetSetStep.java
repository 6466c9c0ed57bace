package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.cli.ToolException;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kube.Applier;
import dev.kafkapetset.kube.Applier.Change;
import dev.kafkapetset.kube.Rollout;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Storage;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.IntStream;

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
        Cluster.requireNamespace(client, namespace);
        requireService(cluster);
        requireVolumes(client, cluster, cluster.spec().replicas(), "create-volumes");
        Applier applier = new Applier(client, report);
        StatefulSet desired = cluster.generateStatefulSet();
        List<Change> plan = applier.plan(List.of(desired, cluster.generatePodDisruptionBudget()));
        if (plan.get(0).live() instanceof StatefulSet live) {
            refuseScaleDown(live, desired);
            refuseImmutableChanges(live, desired);
        }
        try {
            applier.apply(plan);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 422 && String.valueOf(e.getMessage()).contains("Forbidden")) {
                throw immutable(desired, "the API server refused the change: " + e.getStatus().getMessage());
            }
            throw e;
        }
        if (waiting.enabled()) {
            new Rollout(client, report).awaitReady(namespace, cluster.statefulSetName(),
                    cluster.labels().selector(), cluster.spec().replicas(), waiting.timeout());
        }
    }

    private void requireService(KafkaCluster cluster) {
        if (client.services().inNamespace(cluster.spec().namespace()).withName(cluster.serviceName()).get() == null) {
            throw ToolException.failed("service/" + cluster.serviceName() + " is missing in namespace "
                    + cluster.spec().namespace() + ": run deploy-service first (the brokers' DNS names come from it)");
        }
    }

    /** On hostPath storage, every broker up to {@code replicas} needs its volume before it can start. */
    static void requireVolumes(KubernetesClient client, KafkaCluster cluster, int replicas, String remedy) {
        List<String> missing = missingVolumes(client, cluster, replicas);
        if (!missing.isEmpty()) {
            throw ToolException.failed(replicas + " brokers need a volume each, and " + missing.size()
                    + " are missing (" + String.join(", ", missing) + "): run " + remedy + " --replicas " + replicas
                    + " first");
        }
    }

    static List<String> missingVolumes(KubernetesClient client, KafkaCluster cluster, int replicas) {
        if (!(cluster.spec().storage() instanceof Storage.HostPath)) {
            return List.of();
        }
        return IntStream.range(0, replicas)
                .mapToObj(cluster::volumeName)
                .filter(name -> client.persistentVolumes().withName(name).get() == null)
                .map(name -> "persistentvolume/" + name)
                .toList();
    }

    private static void refuseScaleDown(StatefulSet live, StatefulSet desired) {
        int running = Objects.requireNonNullElse(live.getSpec().getReplicas(), 1);
        int wanted = desired.getSpec().getReplicas();
        if (wanted < running) {
            throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs " + running
                    + " brokers and this would cut it to " + wanted + ": pass --replicas " + running
                    + " to keep them, or use scale --replicas " + wanted + ", which guards the data");
        }
    }

    /** Kubernetes allows changing only replicas, template, update strategy and a few others. */
    private static void refuseImmutableChanges(StatefulSet live, StatefulSet desired) {
        List<String> changed = new ArrayList<>();
        compare(changed, "selector", live, desired, spec -> spec.getSelector().getMatchLabels());
        compare(changed, "serviceName", live, desired, StatefulSetSpec::getServiceName);
        compare(changed, "podManagementPolicy", live, desired, StatefulSetSpec::getPodManagementPolicy);
        compare(changed, "volumeClaimTemplates", live, desired, spec -> claimTemplates(spec.getVolumeClaimTemplates()));
        if (!changed.isEmpty()) {
            throw immutable(desired, String.join("; ", changed));
        }
    }

    private static void compare(List<String> changed, String field, StatefulSet live, StatefulSet desired,
            Function<StatefulSetSpec, Object> value) {
        Object was = value.apply(live.getSpec());
        Object wanted = value.apply(desired.getSpec());
        if (!Objects.equals(was, wanted)) {
            changed.add(field + " would change from " + was + " to " + wanted);
        }
    }

    /** What of a claim template the API can't change: name, class, size, access modes. */
    private static List<String> claimTemplates(List<PersistentVolumeClaim> templates) {
        return Objects.requireNonNullElse(templates, List.<PersistentVolumeClaim>of()).stream()
                .map(claim -> claim.getMetadata().getName()
                        + " class=" + Objects.requireNonNullElse(claim.getSpec().getStorageClassName(), "")
                        + " size=" + claim.getSpec().getResources().getRequests().get("storage")
                        + " modes=" + claim.getSpec().getAccessModes())
                .toList();
    }

    private static ToolException immutable(HasMetadata desired, String what) {
        String name = desired.getMetadata().getName();
        String namespace = desired.getMetadata().getNamespace();
        return ToolException.failed("statefulset.apps/" + name + " can't be changed in place: " + what
                + ". To change it and keep every broker's data: 'kubectl delete statefulset " + name + " -n "
                + namespace + " --cascade=orphan' (the pods keep running, the claims stay), then run deploy-petset"
                + " again: the new StatefulSet adopts the pods and their data claims");
    }
}
