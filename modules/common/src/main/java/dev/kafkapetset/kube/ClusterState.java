package dev.kafkapetset.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * What a step reads of the cluster while it plans: the live cluster, nothing at all (a plan made
 * without a cluster, as for an empty one), or either of those with the changes of the steps planned
 * before it applied ({@link PlannedState}), so a runbook's later steps plan against what its earlier
 * ones will have made. Reads only.
 */
public interface ClusterState {

    /** True when reads reach a real API server; false for a plan made without one. */
    boolean isLive();

    /** Whether {@code namespace} exists; a plan made without a cluster assumes it does. */
    boolean namespaceExists(String namespace);

    /** The object of {@code type} named {@code name} ({@code namespace} null for cluster-wide kinds), or null. */
    <T extends HasMetadata> T get(Class<T> type, String namespace, String name);

    /** The objects of {@code type} in {@code namespace} (null: cluster-wide) carrying all of {@code labels}. */
    <T extends HasMetadata> List<T> list(Class<T> type, String namespace, Map<String, String> labels);

    /** The live object of {@code like}'s kind, namespace and name, or null. */
    @SuppressWarnings("unchecked")
    default <T extends HasMetadata> T get(T like) {
        return get((Class<T>) like.getClass(), like.getMetadata().getNamespace(), like.getMetadata().getName());
    }

    /** A cluster with nothing in it, for plans made without one: what the first run would do. */
    ClusterState EMPTY = new ClusterState() {
        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public boolean namespaceExists(String namespace) {
            return true;
        }

        @Override
        public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
            return null;
        }

        @Override
        public <T extends HasMetadata> List<T> list(Class<T> type, String namespace, Map<String, String> labels) {
            return List.of();
        }
    };
}
