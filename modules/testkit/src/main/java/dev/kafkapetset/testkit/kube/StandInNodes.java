package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stand-in cluster's nodes, as a kubelet registers them: labelled, addressed, Ready. */
public final class StandInNodes {
    /** The one node of a cluster started without a list of nodes, named as Minikube names its one. */
    public static final String DEFAULT_NODE = "minikube";
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    private StandInNodes() {}

    /** One node, {@value #DEFAULT_NODE}. */
    public static List<Node> single() {
        return of(Map.of(DEFAULT_NODE, Map.of()));
    }

    /**
     * Nodes named and labelled as {@code labelsByName} says, in its order, with addresses 192.168.49.2
     * and on; each also carries the labels every kubelet sets (hostname, os).
     */
    public static List<Node> of(Map<String, Map<String, String>> labelsByName) {
        List<Node> nodes = new ArrayList<>();
        labelsByName.forEach((name, extra) -> {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(HOSTNAME_LABEL, name);
            labels.put("kubernetes.io/os", "linux");
            labels.putAll(extra);
            nodes.add(new NodeBuilder()
                    .withNewMetadata().withName(name).withLabels(labels).endMetadata()
                    .withNewSpec().endSpec()
                    .withNewStatus()
                        .addNewAddress().withType("InternalIP").withAddress("192.168.49." + (2 + nodes.size())).endAddress()
                        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                        .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                    .endStatus()
                    .build());
        });
        return nodes;
    }

    /** The node's InternalIP, as {@code status.hostIP} shows it. */
    static String internalIp(Node node) {
        return node.getStatus().getAddresses().stream()
                .filter(address -> "InternalIP".equals(address.getType()))
                .map(NodeAddress::getAddress)
                .findFirst()
                .orElseThrow();
    }
}
