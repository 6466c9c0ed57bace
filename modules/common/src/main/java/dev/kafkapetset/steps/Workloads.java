package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kube.Applier;
import dev.kafkapetset.kube.Applier.Change;
import dev.kafkapetset.kube.Rollout;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/** Applying a StatefulSet and what comes with it, then waiting for it: for brokers and ZooKeeper alike. */
final class Workloads {

    /** The volumes of {@code volumes} that don't exist, as {@code persistentvolume/name}. */
    static List<String> missingVolumes(KubernetesClient client, List<PersistentVolume> volumes) {
        return volumes.stream()
                .map(volume -> volume.getMetadata().getName())
                .filter(name -> client.persistentVolumes().withName(name).get() == null)
                .map(name -> "persistentvolume/" + name)
                .toList();
    }

    static void requireVolumes(KubernetesClient client, List<PersistentVolume> volumes, String remedy) {
        List<String> missing = missingVolumes(client, volumes);
        if (!missing.isEmpty()) {
            throw ToolException.failed(missing.size() + " of the " + volumes.size() + " volumes the pods need are"
                    + " missing (" + String.join(", ", missing) + "): run " + remedy + " first");
        }
    }

    /**
     * Tells which brokers about to start will find data on their claims: kept from an earlier run,
     * it is checked against ZooKeeper before Kafka starts (the data-check init container).
     */
    static void reportReusedClaims(KubernetesClient client, Report report, KafkaCluster cluster, int from, int to) {
        String namespace = cluster.spec().namespace();
        for (int ordinal = from; ordinal < to; ordinal++) {
            boolean claimed = client.persistentVolumeClaims().inNamespace(namespace).withName(cluster.claimName(ordinal)).get() != null;
            boolean running = client.pods().inNamespace(namespace).withName(cluster.podName(ordinal)).get() != null;
            if (claimed && !running) {
                report.line("persistentvolumeclaim/" + cluster.claimName(ordinal) + " is kept from before: broker "
                        + ordinal + " starts on its data once it matches this cluster's ZooKeeper");
            }
        }
    }

    static void requireService(KubernetesClient client, String namespace, String service, String remedy) {
        if (client.services().inNamespace(namespace).withName(service).get() == null) {
            throw ToolException.failed("service/" + service + " is missing in namespace " + namespace + ": " + remedy);
        }
    }

    /**
     * Plans {@code objects}, lets {@code guard} refuse a change to the live StatefulSet among them,
     * refuses changes Kubernetes forbids on a live StatefulSet, then applies.
     */
    static void apply(KubernetesClient client, Report report, List<HasMetadata> objects, Consumer<StatefulSet> guard) {
        Applier applier = new Applier(client, report);
        List<Change> plan = applier.plan(objects);
        StatefulSet desired = null;
        for (Change change : plan) {
            if (change.desired() instanceof StatefulSet statefulSet) {
                desired = statefulSet;
                if (change.live() instanceof StatefulSet live) {
                    guard.accept(live);
                    refuseImmutableChanges(live, statefulSet);
                }
            }
        }
        try {
            applier.apply(plan);
        } catch (KubernetesClientException e) {
            if (desired != null && e.getCode() == 422 && String.valueOf(e.getMessage()).contains("Forbidden")) {
                throw immutable(desired, "the API server refused the change: " + e.getStatus().getMessage());
            }
            throw e;
        }
    }

    static void awaitReady(KubernetesClient client, Report report, String namespace, String statefulSet,
            Map<String, String> selector, int replicas, WaitOptions waiting) {
        if (waiting.enabled()) {
            new Rollout(client, report).awaitReady(namespace, statefulSet, selector, replicas, waiting.timeout());
        }
    }

    static int replicas(StatefulSet live) {
        return Objects.requireNonNullElse(live.getSpec().getReplicas(), 1);
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
                + ". To change it and keep the data: 'kubectl delete statefulset " + name + " -n " + namespace
                + " --cascade=orphan' (the pods keep running, the claims stay), then run this step again: the new"
                + " StatefulSet adopts the pods and their data claims");
    }

    private Workloads() {}
}
