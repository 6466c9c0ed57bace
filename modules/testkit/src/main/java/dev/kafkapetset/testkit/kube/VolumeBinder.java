package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The PersistentVolume controller and a hostPath provisioner: binds each pending claim to the volume
 * whose claimRef names it, else to an Available volume that fits, else to a volume it provisions when
 * the claim names an existing StorageClass; releases volumes whose claim is gone.
 */
final class VolumeBinder {
    static final String BOUND = "Bound";
    private static final String AVAILABLE = "Available";
    private static final String RELEASED = "Released";
    private static final String STORAGE = "storage";
    private static final String COMPONENT = "persistentvolume-controller";
    private static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

    private final KubernetesClient client;
    private final Caches caches;
    private final EventRecorder events;
    /** Bindings made here, by claim uid, ahead of the informer caches. */
    private final Map<String, String> volumeByClaimUid = new HashMap<>();

    VolumeBinder(KubernetesClient client, Caches caches, EventRecorder events) {
        this.client = client;
        this.caches = caches;
        this.events = events;
    }

    void sync() {
        for (PersistentVolume volume : caches.volumes()) {
            if (isBoundToGoneClaim(volume)) {
                release(volume);
            } else if (phase(volume) == null && !volumeByClaimUid.containsValue(name(volume))) {
                setPhase(volume, AVAILABLE);
            }
        }
        caches.claims().stream()
                .sorted(Comparator.comparing((PersistentVolumeClaim claim) -> claim.getMetadata().getCreationTimestamp())
                        .thenComparing(VolumeBinder::key))
                .filter(claim -> !isBound(claim))
                .forEach(this::bindOrProvision);
    }

    /** The volume the claim is bound to, if it is bound. */
    Optional<PersistentVolume> boundVolume(String namespace, String name) {
        PersistentVolumeClaim claim = caches.claim(namespace, name);
        if (claim == null || !isBound(claim)) {
            return Optional.empty();
        }
        String volume = volumeByClaimUid.getOrDefault(claim.getMetadata().getUid(), claim.getSpec().getVolumeName());
        return caches.volumes().stream().filter(candidate -> name(candidate).equals(volume)).findFirst();
    }

    private boolean isBound(PersistentVolumeClaim claim) {
        return volumeByClaimUid.containsKey(claim.getMetadata().getUid())
                || claim.getStatus() != null && BOUND.equals(claim.getStatus().getPhase());
    }

    private void bindOrProvision(PersistentVolumeClaim pending) {
        PersistentVolumeClaim claim = withDefaultClass(pending);
        Optional<PersistentVolume> volume = preBoundVolume(claim).or(() -> fittingVolume(claim));
        if (volume.isPresent()) {
            bind(claim, volume.get(), volume.get().getSpec().getClaimRef() == null);
            return;
        }
        String className = storageClassName(claim);
        if (className.isEmpty()) {
            events.record(claim, null, EventRecorder.NORMAL, "FailedBinding",
                    "no persistent volumes available for this claim and no storage class is set", COMPONENT);
            return;
        }
        StorageClass storageClass = caches.storageClass(className);
        if (storageClass == null) {
            events.record(claim, null, EventRecorder.WARNING, "ProvisioningFailed",
                    "storageclass.storage.k8s.io \"" + className + "\" not found", COMPONENT);
            return;
        }
        bind(claim, provision(claim, storageClass), false);
    }

    /**
     * Gives a claim that names no class the default StorageClass, if there is one, as the admission
     * plugin and the binder's retroactive assignment do on a real cluster.
     */
    private PersistentVolumeClaim withDefaultClass(PersistentVolumeClaim claim) {
        if (claim.getSpec().getStorageClassName() != null) {
            return claim;
        }
        return caches.storageClasses().stream()
                .filter(storageClass -> "true".equals(storageClass.getMetadata().getAnnotations().get(DEFAULT_CLASS_ANNOTATION)))
                .findFirst()
                .map(storageClass -> client.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder(Caches.writable(claim))
                        .editSpec().withStorageClassName(storageClass.getMetadata().getName()).endSpec()
                        .build()).update())
                .orElse(claim);
    }

    /** A volume whose claimRef (or the claim's volumeName) already names this claim, if it fits. */
    private Optional<PersistentVolume> preBoundVolume(PersistentVolumeClaim claim) {
        String wanted = claim.getSpec().getVolumeName();
        return caches.volumes().stream()
                .filter(volume -> !isTaken(volume) && fits(volume, claim))
                .filter(volume -> {
                    var ref = volume.getSpec().getClaimRef();
                    if (ref != null) {
                        return Objects.equals(ref.getNamespace(), claim.getMetadata().getNamespace())
                                && Objects.equals(ref.getName(), claim.getMetadata().getName())
                                && (ref.getUid() == null || ref.getUid().equals(claim.getMetadata().getUid()));
                    }
                    return name(volume).equals(wanted);
                })
                .findFirst();
    }

    /** The smallest Available, unclaimed volume that fits the claim and its selector. */
    private Optional<PersistentVolume> fittingVolume(PersistentVolumeClaim claim) {
        if (claim.getSpec().getVolumeName() != null) {
            return Optional.empty();
        }
        return caches.volumes().stream()
                .filter(volume -> volume.getSpec().getClaimRef() == null && !isTaken(volume) && fits(volume, claim))
                .filter(volume -> LabelSelectors.matches(claim.getSpec().getSelector(), volume.getMetadata().getLabels()))
                .min(Comparator.comparing((PersistentVolume volume) -> bytes(volume.getSpec().getCapacity())));
    }

    /** Same class (none counts as a class of its own), the access modes asked for, enough room. */
    private static boolean fits(PersistentVolume volume, PersistentVolumeClaim claim) {
        BigDecimal requested = bytes(claim.getSpec().getResources() == null ? null : claim.getSpec().getResources().getRequests());
        return storageClassName(claim).equals(Objects.requireNonNullElse(volume.getSpec().getStorageClassName(), ""))
                && volume.getSpec().getAccessModes().containsAll(claim.getSpec().getAccessModes())
                && bytes(volume.getSpec().getCapacity()).compareTo(requested) >= 0;
    }

    private boolean isTaken(PersistentVolume volume) {
        return BOUND.equals(phase(volume)) || RELEASED.equals(phase(volume))
                || volumeByClaimUid.containsValue(name(volume));
    }

    private PersistentVolume provision(PersistentVolumeClaim claim, StorageClass storageClass) {
        String namespace = claim.getMetadata().getNamespace();
        PersistentVolume volume = client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata()
                    .withName("pvc-" + claim.getMetadata().getUid())
                    .addToAnnotations("pv.kubernetes.io/provisioned-by", storageClass.getProvisioner())
                .endMetadata()
                .withNewSpec()
                    .withCapacity(Map.of(STORAGE, claim.getSpec().getResources().getRequests().get(STORAGE)))
                    .withAccessModes(claim.getSpec().getAccessModes())
                    .withStorageClassName(storageClass.getMetadata().getName())
                    .withPersistentVolumeReclaimPolicy(Objects.requireNonNullElse(storageClass.getReclaimPolicy(), "Delete"))
                    .withVolumeMode(claim.getSpec().getVolumeMode())
                    .withNewHostPath()
                        .withPath("/tmp/hostpath-provisioner/" + namespace + "/" + claim.getMetadata().getName())
                    .endHostPath()
                .endSpec()
                .build()).create();
        events.record(claim, null, EventRecorder.NORMAL, "ProvisioningSucceeded",
                "Successfully provisioned volume " + name(volume), storageClass.getProvisioner());
        return volume;
    }

    private void bind(PersistentVolumeClaim claim, PersistentVolume volume, boolean boundByController) {
        volumeByClaimUid.put(claim.getMetadata().getUid(), name(volume));
        PersistentVolume boundVolume = new PersistentVolumeBuilder(Caches.writable(volume))
                .editSpec()
                    .withClaimRef(new ObjectReferenceBuilder()
                            .withApiVersion("v1")
                            .withKind("PersistentVolumeClaim")
                            .withNamespace(claim.getMetadata().getNamespace())
                            .withName(claim.getMetadata().getName())
                            .withUid(claim.getMetadata().getUid())
                            .build())
                .endSpec()
                .withNewStatus().withPhase(BOUND).endStatus()
                .build();
        client.persistentVolumes().resource(boundVolume).update();
        client.persistentVolumes().resource(boundVolume).updateStatus();

        PersistentVolumeClaimBuilder boundClaim = new PersistentVolumeClaimBuilder(Caches.writable(claim))
                .editMetadata().addToAnnotations("pv.kubernetes.io/bind-completed", "yes").endMetadata()
                .editSpec().withVolumeName(name(volume)).endSpec()
                .withNewStatus()
                    .withPhase(BOUND)
                    .withAccessModes(volume.getSpec().getAccessModes())
                    .withCapacity(volume.getSpec().getCapacity())
                .endStatus();
        if (boundByController) {
            boundClaim.editMetadata().addToAnnotations("pv.kubernetes.io/bound-by-controller", "yes").endMetadata();
        }
        PersistentVolumeClaim bound = boundClaim.build();
        client.persistentVolumeClaims().resource(bound).update();
        client.persistentVolumeClaims().resource(bound).updateStatus();
    }

    private boolean isBoundToGoneClaim(PersistentVolume volume) {
        var ref = volume.getSpec().getClaimRef();
        if (!BOUND.equals(phase(volume)) || ref == null || ref.getUid() == null) {
            return false;
        }
        PersistentVolumeClaim claim = caches.claim(ref.getNamespace(), ref.getName());
        return claim == null || !claim.getMetadata().getUid().equals(ref.getUid());
    }

    /** As the reclaim policy says: a Delete volume goes away, a Retain one waits for an administrator. */
    private void release(PersistentVolume volume) {
        volumeByClaimUid.values().remove(name(volume));
        if ("Delete".equals(volume.getSpec().getPersistentVolumeReclaimPolicy())) {
            client.persistentVolumes().resource(volume).delete();
        } else {
            setPhase(volume, RELEASED);
        }
    }

    private void setPhase(PersistentVolume volume, String phase) {
        client.persistentVolumes().resource(new PersistentVolumeBuilder(Caches.writable(volume))
                .withNewStatus().withPhase(phase).endStatus()
                .build()).updateStatus();
    }

    private static BigDecimal bytes(Map<String, Quantity> resources) {
        Quantity storage = resources == null ? null : resources.get(STORAGE);
        return storage == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(storage);
    }

    private static String storageClassName(PersistentVolumeClaim claim) {
        return Objects.requireNonNullElse(claim.getSpec().getStorageClassName(), "");
    }

    private static String phase(PersistentVolume volume) {
        return volume.getStatus() == null ? null : volume.getStatus().getPhase();
    }

    private static String name(PersistentVolume volume) {
        return volume.getMetadata().getName();
    }

    private static String key(PersistentVolumeClaim claim) {
        return claim.getMetadata().getNamespace() + "/" + claim.getMetadata().getName();
    }
}
