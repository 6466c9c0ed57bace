package dev.kafkapetset.zookeeper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One way to read a host of {@code KAFKA_ZOOKEEPER_CONNECT} as an in-cluster DNS name: a Service
 * ({@code <service>[.<namespace>[.svc[.<cluster domain>]]]}) or one pod of a headless Service
 * ({@code <pod>.<service>[.<namespace>[.svc...]]}).
 *
 * @param pod the pod's name, or null when the name is the Service's
 * @param namespace null when the name leaves it out: then it is Kafka's own namespace
 */
record ClusterHost(String service, String pod, String namespace) {

    /** The readings of {@code host} in the order to try them; none for an IPv4 address or an outside name. */
    static List<ClusterHost> interpretations(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            return List.of();
        }
        List<String> labels = new ArrayList<>(Arrays.asList(name.split("\\.")));
        int svc = labels.indexOf("svc");
        boolean qualified = svc >= 0;
        if (qualified) {
            labels = labels.subList(0, svc);
        }
        return switch (labels.size()) {
            case 1 -> qualified ? List.of() : List.of(new ClusterHost(labels.get(0), null, null));
            case 2 -> qualified
                    ? List.of(new ClusterHost(labels.get(0), null, labels.get(1)))
                    : List.of(new ClusterHost(labels.get(0), null, labels.get(1)),
                            new ClusterHost(labels.get(1), labels.get(0), null));
            case 3 -> List.of(new ClusterHost(labels.get(1), labels.get(0), labels.get(2)));
            default -> List.of();
        };
    }

    String namespaceOr(String kafkaNamespace) {
        return namespace == null ? kafkaNamespace : namespace;
    }
}
