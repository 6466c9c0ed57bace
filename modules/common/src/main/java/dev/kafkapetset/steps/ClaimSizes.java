package dev.kafkapetset.steps;

import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The brokers' claims against the size asked for. A StatefulSet's claim template applies to new
 * claims only: after a bigger --storage-size (and the delete --cascade=orphan the toolkit advises),
 * the claims already there keep their size. Say so; grow them where their storage class allows it
 * and the operator asks (--expand-claims).
 */
final class ClaimSizes {
    private final ClusterState state;
    private final KafkaCluster cluster;
    private final int brokers;
    private final boolean expand;

    ClaimSizes(ClusterState state, KafkaCluster cluster, int brokers, boolean expand) {
        this.state = state;
        this.cluster = cluster;
        this.brokers = brokers;
        this.expand = expand;
    }

    List<PlanEntry> plan() {
        Quantity wanted = new Quantity(cluster.spec().storage().size());
        List<PersistentVolumeClaim> smaller = new ArrayList<>();
        for (int ordinal = 0; ordinal < brokers; ordinal++) {
            PersistentVolumeClaim claim = state.get(PersistentVolumeClaim.class, cluster.spec().namespace(),
                    cluster.claimName(ordinal));
            if (claim != null && Quantity.getAmountInBytes(requested(claim)).compareTo(Quantity.getAmountInBytes(wanted)) < 0) {
                smaller.add(claim);
            }
        }
        if (smaller.isEmpty()) {
            return List.of();
        }
        String which = "claim" + (smaller.size() == 1 ? " " : "s ") + String.join(", ", smaller.stream()
                .map(claim -> claim.getMetadata().getName() + " (" + requested(claim) + ")").toList())
                + (smaller.size() == 1 ? " is" : " are") + " smaller than the " + wanted + " asked for: a claim"
                + " template applies to new claims only";
        String className = Objects.requireNonNullElse(smaller.get(0).getSpec().getStorageClassName(), "");
        StorageClass storageClass = className.isEmpty() ? null : state.get(StorageClass.class, null, className);
        if (storageClass == null || !Boolean.TRUE.equals(storageClass.getAllowVolumeExpansion())) {
            return List.of(Note.warning(which + ", and " + (className.isEmpty() ? "hostPath volumes"
                    : "storage class " + className) + " can't grow a volume in place; the brokers keep the space they have"));
        }
        if (!expand) {
            return List.of(Note.warning(which + "; storage class " + className + " allows expansion: run again with"
                    + " --expand-claims to grow them"));
        }
        List<PlanEntry> plan = new ArrayList<>();
        for (PersistentVolumeClaim claim : smaller) {
            dev.kafkapetset.kube.Objects.requireOurs(claim, "refusing to grow it; if it is this cluster's, label it "
                    + dev.kafkapetset.kube.Objects.OURS);
            String name = claim.getMetadata().getName();
            plan.add(new Action("expand", "expand persistentvolumeclaim/" + name + " " + requested(claim) + " -> " + wanted,
                    execution -> {
                        execution.client().persistentVolumeClaims().inNamespace(cluster.spec().namespace()).withName(name)
                                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"resources\":{\"requests\":"
                                        + "{\"storage\":\"" + wanted + "\"}}}}");
                        execution.report().outcome("persistentvolumeclaim/" + name, "expanded");
                        execution.report().line("  storage " + requested(claim) + " -> " + wanted);
                    }));
        }
        return plan;
    }

    private static Quantity requested(PersistentVolumeClaim claim) {
        return claim.getSpec().getResources().getRequests().get("storage");
    }
}
