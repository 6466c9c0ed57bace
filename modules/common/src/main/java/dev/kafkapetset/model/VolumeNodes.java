package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;

/**
 * A hostPath volume's directory is on one node: pinned there by node affinity, its pod is scheduled
 * to that node and no other, so a broker rescheduled after its pod is deleted finds its data again
 * instead of another node's empty directory (the seed's volumes carried no node, fine on one node only).
 */
public final class VolumeNodes {
    /** The label every kubelet sets on its node, which volumes are pinned by. */
    public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    /** Minikube's one node, which the committed manifests pin their volumes to. */
    public static final String MINIKUBE_NODE = "minikube";

    private VolumeNodes() {}

    /** The node each pod's volumes are pinned to, by StatefulSet and ordinal; empty: not pinned. */
    @FunctionalInterface
    public interface OfOrdinal {
        Optional<String> node(String statefulSet, int ordinal);
    }

    /** Volumes pinned to no node: only their names and what they hold matter. */
    public static final OfOrdinal UNPINNED = (statefulSet, ordinal) -> Optional.empty();

    /**
     * Ordinals {@code ordinals} of one StatefulSet spread over {@code nodes}: each to a node of the
     * rack ({@code racks}; a node it doesn't name is a rack of its own) that holds the fewest of them so
     * far, then to the node of it that holds the fewest, {@code held} counted in, the earlier of
     * {@code nodes} on a tie.
     */
    public static Map<Integer, String> spread(List<Integer> ordinals, List<String> nodes, Map<String, Integer> held,
            Map<String, String> racks) {
        Map<String, Integer> onNode = new HashMap<>();
        Map<String, Integer> inRack = new HashMap<>();
        nodes.forEach(node -> {
            int count = held.getOrDefault(node, 0);
            onNode.put(node, count);
            inRack.merge(racks.getOrDefault(node, node), count, Integer::sum);
        });
        Map<Integer, String> placed = new TreeMap<>();
        for (int ordinal : ordinals) {
            String node = nodes.stream()
                    .min(Comparator.comparingInt((String candidate) -> inRack.get(racks.getOrDefault(candidate, candidate)))
                            .thenComparingInt(onNode::get))
                    .orElseThrow(() -> new IllegalArgumentException("no node to place ordinal " + ordinal + " on"));
            onNode.merge(node, 1, Integer::sum);
            inRack.merge(racks.getOrDefault(node, node), 1, Integer::sum);
            placed.put(ordinal, node);
        }
        return placed;
    }

    /** Every ordinal of every StatefulSet spread over {@code nodes}, as for a cluster made from nothing. */
    public static OfOrdinal spreadOver(List<String> nodes) {
        return (statefulSet, ordinal) -> Optional.of(nodes.get(ordinal % nodes.size()));
    }

    /** {@code volume}, pinned to the node whose hostname label is {@code node}. */
    public static PersistentVolume pinned(PersistentVolume volume, String node) {
        return new PersistentVolumeBuilder(volume)
                .editSpec()
                    .withNewNodeAffinity()
                        .withNewRequired()
                            .addNewNodeSelectorTerm()
                                .addNewMatchExpression()
                                    .withKey(HOSTNAME_LABEL)
                                    .withOperator("In")
                                    .withValues(node)
                                .endMatchExpression()
                            .endNodeSelectorTerm()
                        .endRequired()
                    .endNodeAffinity()
                .endSpec()
                .build();
    }

    /** The node {@code volume} is pinned to by its hostname, if it is pinned to exactly one. */
    public static Optional<String> nodeOf(PersistentVolume volume) {
        if (volume.getSpec().getNodeAffinity() == null || volume.getSpec().getNodeAffinity().getRequired() == null) {
            return Optional.empty();
        }
        List<String> nodes = volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().stream()
                .flatMap(term -> term.getMatchExpressions().stream())
                .filter(requirement -> HOSTNAME_LABEL.equals(requirement.getKey()) && "In".equals(requirement.getOperator()))
                .map(NodeSelectorRequirement::getValues)
                .filter(values -> values.size() == 1)
                .map(values -> values.get(0))
                .toList();
        return nodes.size() == 1 ? Optional.of(nodes.get(0)) : Optional.empty();
    }
}
