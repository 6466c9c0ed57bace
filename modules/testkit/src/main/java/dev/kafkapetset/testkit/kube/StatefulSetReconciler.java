package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The StatefulSet controller: pods {@code <set>-<ordinal>} and their claims from the templates,
 * created in order (OrderedReady, each after the previous is Ready) or all at once (Parallel),
 * removed highest ordinal first, replaced highest first on a template change; and a true status.
 * It also plays the garbage collector for the pods and claims of a deleted StatefulSet.
 */
final class StatefulSetReconciler {
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String REVISION_LABEL = "controller-revision-hash";
    private static final String COMPONENT = "statefulset-controller";
    private static final String DELETE = "Delete";

    private final KubernetesClient client;
    private final Caches caches;
    private final Kubelet kubelet;
    private final EventRecorder events;
    private final Set<String> deletedUids;
    /** The status last written, by StatefulSet uid: the cache lags behind our own writes. */
    private final Map<String, StatefulSetStatus> published = new HashMap<>();

    StatefulSetReconciler(KubernetesClient client, Caches caches, Kubelet kubelet, EventRecorder events, Set<String> deletedUids) {
        this.client = client;
        this.caches = caches;
        this.kubelet = kubelet;
        this.events = events;
        this.deletedUids = deletedUids;
    }

    void sync() {
        collectGarbage();
        for (StatefulSet statefulSet : caches.statefulSets()) {
            reconcile(statefulSet);
        }
    }

    /** Deletes what a deleted StatefulSet owned (its pods; its claims only when it owned them by policy). */
    private void collectGarbage() {
        if (deletedUids.isEmpty()) {
            return;
        }
        for (Pod pod : caches.pods()) {
            if (isOwnedByDeleted(pod)) {
                client.pods().resource(pod).delete();
            }
        }
        for (PersistentVolumeClaim claim : caches.claims()) {
            if (isOwnedByDeleted(claim)) {
                client.persistentVolumeClaims().resource(claim).delete();
            }
        }
    }

    private boolean isOwnedByDeleted(HasMetadata object) {
        return object.getMetadata().getOwnerReferences().stream().anyMatch(owner -> deletedUids.contains(owner.getUid()));
    }

    private void reconcile(StatefulSet set) {
        String revision = revision(set);
        int first = set.getSpec().getOrdinals() == null || set.getSpec().getOrdinals().getStart() == null
                ? 0 : set.getSpec().getOrdinals().getStart();
        int replicas = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
        boolean parallel = "Parallel".equals(set.getSpec().getPodManagementPolicy());
        Map<Integer, Pod> pods = ownedPods(set);
        boolean created = false;
        try {
            for (int ordinal = first; ordinal < first + replicas; ordinal++) {
                Pod pod = pods.get(ordinal);
                if (pod == null) {
                    createClaims(set, ordinal);
                    createPod(set, ordinal, revision);
                    if (!parallel) {
                        return;
                    }
                    created = true;
                } else if (!parallel && !kubelet.isReady(pod)) {
                    return;
                }
            }
            List<Pod> condemned = pods.entrySet().stream()
                    .filter(entry -> entry.getKey() < first || entry.getKey() >= first + replicas)
                    .sorted(Map.Entry.<Integer, Pod>comparingByKey().reversed())
                    .map(Map.Entry::getValue)
                    .toList();
            // OrderedReady removes one pod per pass, waiting for it to be gone before the next.
            for (Pod pod : condemned) {
                deletePod(set, pod, true);
                if (!parallel) {
                    return;
                }
            }
            // A pod made in this pass is not Ready yet, and not among those just listed: the rolling
            // update waits for it, as for any pod not Ready, instead of taking down the next one.
            if (condemned.isEmpty() && !created) {
                rollOut(set, pods, first, revision);
            }
        } finally {
            publishStatus(set, pods, revision);
        }
    }

    /** RollingUpdate: replaces the highest outdated pod at or above the partition once all are Ready. */
    private void rollOut(StatefulSet set, Map<Integer, Pod> pods, int first, String revision) {
        var strategy = set.getSpec().getUpdateStrategy();
        if (strategy != null && "OnDelete".equals(strategy.getType())
                || !pods.values().stream().allMatch(kubelet::isReady)) {
            return;
        }
        int partition = strategy == null || strategy.getRollingUpdate() == null
                ? 0 : Objects.requireNonNullElse(strategy.getRollingUpdate().getPartition(), 0);
        pods.entrySet().stream()
                .filter(entry -> entry.getKey() >= first + partition && !revision.equals(revisionOf(entry.getValue())))
                .max(Map.Entry.comparingByKey())
                .ifPresent(entry -> deletePod(set, entry.getValue(), false));
    }

    private Map<Integer, Pod> ownedPods(StatefulSet set) {
        Map<Integer, Pod> pods = new TreeMap<>();
        String prefix = set.getMetadata().getName() + "-";
        for (Pod pod : caches.pods()) {
            String name = pod.getMetadata().getName();
            if (Objects.equals(pod.getMetadata().getNamespace(), set.getMetadata().getNamespace())
                    && name.startsWith(prefix) && name.substring(prefix.length()).matches("\\d+")
                    && isControlledBy(pod, set)) {
                pods.put(Integer.parseInt(name.substring(prefix.length())), pod);
            }
        }
        return pods;
    }

    private static boolean isControlledBy(Pod pod, StatefulSet set) {
        return pod.getMetadata().getOwnerReferences().stream()
                .anyMatch(owner -> Boolean.TRUE.equals(owner.getController()) && set.getMetadata().getUid().equals(owner.getUid()));
    }

    private void createPod(StatefulSet set, int ordinal, String revision) {
        String name = podName(set, ordinal);
        var template = set.getSpec().getTemplate();
        PodSpec spec = Caches.SERIALIZATION.clone(template.getSpec());
        spec.setHostname(name);
        spec.setSubdomain(set.getSpec().getServiceName());
        List<Volume> volumes = new ArrayList<>(spec.getVolumes());
        for (PersistentVolumeClaim claimTemplate : set.getSpec().getVolumeClaimTemplates()) {
            String volume = claimTemplate.getMetadata().getName();
            volumes.removeIf(existing -> existing.getName().equals(volume));
            volumes.add(new VolumeBuilder()
                    .withName(volume)
                    .withNewPersistentVolumeClaim().withClaimName(claimName(claimTemplate, name)).endPersistentVolumeClaim()
                    .build());
        }
        spec.setVolumes(volumes);
        Map<String, String> labels = new LinkedHashMap<>(Objects.requireNonNullElse(
                template.getMetadata() == null ? null : template.getMetadata().getLabels(), Map.of()));
        labels.put(POD_NAME_LABEL, name);
        labels.put(REVISION_LABEL, revision);
        labels.put(ScheduledPod.POD_INDEX_LABEL, Integer.toString(ordinal));
        Pod pod = new PodBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(set.getMetadata().getNamespace())
                    .withLabels(labels)
                    .withAnnotations(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
                    .withOwnerReferences(ownerReference(set))
                .endMetadata()
                .withSpec(spec)
                .withNewStatus().withPhase("Pending").endStatus()
                .build();
        if (createIfAbsent(pod)) {
            events.record(set, null, EventRecorder.NORMAL, "SuccessfulCreate",
                    "create Pod " + name + " in StatefulSet " + set.getMetadata().getName() + " successful", COMPONENT);
        }
    }

    private void createClaims(StatefulSet set, int ordinal) {
        String podName = podName(set, ordinal);
        var retention = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        for (PersistentVolumeClaim claimTemplate : set.getSpec().getVolumeClaimTemplates()) {
            String name = claimName(claimTemplate, podName);
            if (caches.claim(set.getMetadata().getNamespace(), name) != null) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>(Objects.requireNonNullElse(claimTemplate.getMetadata().getLabels(), Map.of()));
            if (set.getSpec().getSelector() != null && set.getSpec().getSelector().getMatchLabels() != null) {
                labels.putAll(set.getSpec().getSelector().getMatchLabels());
            }
            PersistentVolumeClaimBuilder claim = new PersistentVolumeClaimBuilder()
                    .withNewMetadata()
                        .withName(name)
                        .withNamespace(set.getMetadata().getNamespace())
                        .withLabels(labels)
                        .withAnnotations(claimTemplate.getMetadata().getAnnotations())
                    .endMetadata()
                    .withSpec(Caches.SERIALIZATION.clone(claimTemplate.getSpec()))
                    .withNewStatus().withPhase("Pending").endStatus();
            if (retention != null && DELETE.equals(retention.getWhenDeleted())) {
                claim.editMetadata().withOwnerReferences(ownerReference(set)).endMetadata();
            }
            if (createIfAbsent(claim.build())) {
                events.record(set, null, EventRecorder.NORMAL, "SuccessfulCreate", "create Claim " + name + " Pod "
                        + podName + " in StatefulSet " + set.getMetadata().getName() + " success", COMPONENT);
            }
        }
    }

    /** Deletes a pod; a condemned one (scaled away) takes its claims along when the retention policy says so. */
    private void deletePod(StatefulSet set, Pod pod, boolean condemned) {
        client.pods().resource(pod).delete();
        events.record(set, null, EventRecorder.NORMAL, "SuccessfulDelete",
                "delete Pod " + pod.getMetadata().getName() + " in StatefulSet " + set.getMetadata().getName() + " successful", COMPONENT);
        var retention = set.getSpec().getPersistentVolumeClaimRetentionPolicy();
        if (condemned && retention != null && DELETE.equals(retention.getWhenScaled())) {
            for (PersistentVolumeClaim claimTemplate : set.getSpec().getVolumeClaimTemplates()) {
                client.persistentVolumeClaims().inNamespace(set.getMetadata().getNamespace())
                        .withName(claimName(claimTemplate, pod.getMetadata().getName())).delete();
            }
        }
    }

    /** Creates the object; false when it exists already (our cache had not shown it yet). */
    private boolean createIfAbsent(HasMetadata object) {
        try {
            client.resource(object).create();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }

    private void publishStatus(StatefulSet set, Map<Integer, Pod> pods, String revision) {
        String uid = set.getMetadata().getUid();
        StatefulSetStatus before = published.getOrDefault(uid, set.getStatus());
        int replicas = Objects.requireNonNullElse(set.getSpec().getReplicas(), 1);
        int ready = (int) pods.values().stream().filter(kubelet::isReady).count();
        int updated = (int) pods.values().stream().filter(pod -> revision.equals(revisionOf(pod))).count();
        String current = before == null || before.getCurrentRevision() == null ? revision : before.getCurrentRevision();
        if (updated == replicas && pods.size() == replicas && ready == replicas) {
            current = revision;
        }
        String currentRevision = current;
        StatefulSetStatus status = new StatefulSetStatusBuilder()
                .withObservedGeneration(set.getMetadata().getGeneration())
                .withReplicas(pods.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withCurrentReplicas((int) pods.values().stream().filter(pod -> currentRevision.equals(revisionOf(pod))).count())
                .withUpdatedReplicas(updated)
                .withCurrentRevision(currentRevision)
                .withUpdateRevision(revision)
                .withCollisionCount(0)
                .build();
        if (!status.equals(before)) {
            client.apps().statefulSets().resource(new StatefulSetBuilder(Caches.writable(set)).withStatus(status).build()).updateStatus();
            published.put(uid, status);
        }
    }

    /** The pod template's revision, as the {@code controller-revision-hash} label carries it. */
    private static String revision(StatefulSet set) {
        CRC32 hash = new CRC32();
        hash.update(Caches.SERIALIZATION.asJson(set.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8));
        return set.getMetadata().getName() + "-" + Long.toHexString(hash.getValue());
    }

    private static String revisionOf(Pod pod) {
        return pod.getMetadata().getLabels().get(REVISION_LABEL);
    }

    private static OwnerReference ownerReference(StatefulSet set) {
        return new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("StatefulSet")
                .withName(set.getMetadata().getName())
                .withUid(set.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    static String podName(StatefulSet set, int ordinal) {
        return set.getMetadata().getName() + "-" + ordinal;
    }

    private static String claimName(PersistentVolumeClaim claimTemplate, String podName) {
        return claimTemplate.getMetadata().getName() + "-" + podName;
    }
}
