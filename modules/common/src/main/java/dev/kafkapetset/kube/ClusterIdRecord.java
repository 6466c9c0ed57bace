package dev.kafkapetset.kube;

import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The record of a KRaft cluster's id ({@code configmap/<cluster>-kraft}): the id its controllers and
 * brokers format their storage with, the migration attempt, the brokers left to unregister. One
 * kafka-petset did not make is never read: its id would be formatted into this cluster's storage,
 * and would prove another's Kafka to be this cluster's.
 */
public final class ClusterIdRecord {
    // A new record means a new id, which this cluster's kept data refuses: removing the record is safe only without any.
    private static final String NOT_OURS = "refusing to read it; if it is this cluster's record of its id, label it "
            + Objects.OURS + "; if not, rename or remove it, but only while this cluster has no data yet (a new record"
            + " means a new cluster id, which kept data refuses)";

    private ClusterIdRecord() {}

    /** What {@code record} holds; empty when there is no such ConfigMap; refused when kafka-petset did not make it. */
    public static Map<String, String> data(ConfigMap record) {
        if (record == null) {
            return Map.of();
        }
        Objects.requireOurs(record, NOT_OURS);
        return record.getData() == null ? Map.of() : Collections.unmodifiableMap(record.getData());
    }

    /** The ConfigMap of {@code cluster}'s id record in {@code state}, whoever made it; null when there is none. */
    public static ConfigMap find(ClusterState state, KafkaCluster cluster) {
        return state.get(ConfigMap.class, cluster.spec().namespace(), KraftControllers.clusterIdRecordName(cluster.spec().name()));
    }

    /** What the record of {@code cluster}'s id in {@code state} holds, as {@link #data(ConfigMap)} says. */
    public static Map<String, String> data(ClusterState state, KafkaCluster cluster) {
        return data(find(state, cluster));
    }

    /** {@code record} when kafka-petset made it; null when there is none or another made it: a view takes that for none. */
    public static ConfigMap ours(ConfigMap record) {
        return record != null && Objects.isOurs(record) ? record : null;
    }

    /** The problem a view lists for a record another made; empty when there is none or it is ours. */
    public static Optional<String> problem(ConfigMap record) {
        return record == null || Objects.isOurs(record) ? Optional.empty() : Optional.of(Objects.notOurs(record, NOT_OURS));
    }
}
