package dev.kafkapetset.steps;

import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.Objects;
import dev.kafkapetset.kube.ThreeWayMerge;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;

/** Plans the changes to objects the toolkit renders: create, update or leave them, delete them. */
final class Apply {

    /**
     * Create {@code desired} if it is missing; update its live copy if that lacks a value the
     * toolkit sets (naming each); else unchanged. An object of that name not made by the toolkit is
     * refused before anything is written.
     */
    static ObjectChange change(ClusterState state, HasMetadata desired) {
        HasMetadata live = state.get(desired);
        if (live == null) {
            return new ObjectChange(ObjectChange.Verb.CREATE, desired, ThreeWayMerge.recording(ThreeWayMerge.copy(desired), desired),
                    List.of());
        }
        Objects.requireOurs(live, "refusing to replace it; remove it or choose another --name");
        ThreeWayMerge.Result<HasMetadata> merge = ThreeWayMerge.merge(live, desired);
        return merge.differences().isEmpty()
                ? ObjectChange.of(ObjectChange.Verb.UNCHANGED, desired)
                : new ObjectChange(ObjectChange.Verb.UPDATE, desired, merge.merged(), merge.differences());
    }

    /**
     * Delete the {@code type} object {@code name} in {@code namespace} if it is the toolkit's; leave
     * any other alone.
     */
    static <T extends HasMetadata> PlanEntry deletion(ClusterState state, Class<T> type, String namespace, String name) {
        T live = state.get(type, namespace, name);
        if (live == null) {
            return ObjectChange.of(ObjectChange.Verb.ABSENT, reference(type, namespace, name));
        }
        return Objects.isOurs(live) ? ObjectChange.of(ObjectChange.Verb.DELETE, live) : leftAlone(live);
    }

    /** What a step says of {@code live}, an object of one of its names that it did not make and won't touch. */
    static Note leftAlone(HasMetadata live) {
        return Note.warning(Objects.describe(live) + " was not made by kafka-petset: left alone");
    }

    /** An object that is only its kind, namespace and name. */
    private static <T extends HasMetadata> T reference(Class<T> type, String namespace, String name) {
        try {
            T object = type.getDeclaredConstructor().newInstance();
            object.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
            return object;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type + " has no public no-argument constructor", e);
        }
    }

    private Apply() {}
}
