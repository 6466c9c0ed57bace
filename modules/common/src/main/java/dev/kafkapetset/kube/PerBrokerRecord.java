package dev.kafkapetset.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.Map;
import java.util.TreeMap;

/** A ConfigMap the toolkit keeps of one value per broker, keyed by ordinal: racks, load balancer addresses. */
public final class PerBrokerRecord {
    private PerBrokerRecord() {}

    /**
     * The values {@code recorded} holds, by broker ordinal; none when there is no such ConfigMap. One
     * the toolkit did not make is refused: its values would decide where clients connect and which
     * addresses certificates name.
     */
    public static Map<Integer, String> values(ConfigMap recorded) {
        Map<Integer, String> values = new TreeMap<>();
        if (recorded == null) {
            return values;
        }
        Objects.requireOurs(recorded, "refusing to read it; if it is this cluster's record, label it " + Objects.OURS
                + ", else remove it (deploy-petset records the values again)");
        if (recorded.getData() != null) {
            recorded.getData().forEach((ordinal, value) -> {
                if (ordinal.matches("\\d{1,9}")) {
                    values.put(Integer.valueOf(ordinal), value);
                }
            });
        }
        return values;
    }
}
