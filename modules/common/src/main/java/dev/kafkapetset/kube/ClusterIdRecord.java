package dev.kafkapetset.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;

/**
 * The record of a KRaft cluster's id ({@code configmap/<cluster>-kraft}): the id its controllers and
 * brokers format their storage with, the migration attempt, the brokers left to unregister.
 */
public final class ClusterIdRecord {
    /** Why one not made by the toolkit is not read, and what the operator can do. */
    public static final String NOT_OURS = "refusing to read it; if it is this cluster's record of its id, label it "
            + Objects.OURS + ", else remove it (deploy-controllers or migrate-preflight records an id again)";

    private ClusterIdRecord() {}

    /**
     * What {@code record} holds; empty when there is no such ConfigMap. One kafka-petset did not make
     * is refused: its id would be formatted into this cluster's storage, and would prove another's
     * Kafka to be this cluster's.
     */
    public static Map<String, String> data(ConfigMap record) {
        if (record == null) {
            return Map.of();
        }
        Objects.requireOurs(record, NOT_OURS);
        return record.getData() == null ? Map.of() : record.getData();
    }
}
