package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The default scheduler's filters and a spreading score, over the stand-in's nodes: a node is out
 * when it is cordoned, carries a taint the pod does not tolerate, misses the pod's node selector or
 * required node affinity, or misses the node affinity of a volume the pod's claims are bound to (a
 * hostPath volume pinned to its node). Of the nodes left, the one with the fewest pods of the same
 * owner wins, then the fewest pods, then the name: replicas spread.
 */
final class Scheduler {
    private static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

    /** Where the pod goes, or why it can't go anywhere, worded as the scheduler's FailedScheduling event. */
    sealed interface Decision {}

    record Placed(Node node) implements Decision {}

    record Unschedulable(String message) implements Decision {}

    /** A pod already placed, and its node. */
    record Bound(Pod pod, String node) {}

    private Scheduler() {}

    /**
     * Chooses a node for {@code pod}, whose claims are bound to {@code volumes}, among {@code nodes};
     * {@code scheduled} are the pods already placed.
     */
    static Decision place(Pod pod, List<PersistentVolume> volumes, List<Node> nodes, List<Bound> scheduled) {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        List<Node> feasible = nodes.stream().filter(node -> {
            Optional<String> reason = filteredOut(pod, volumes, node);
            reason.ifPresent(why -> reasons.merge(why, 1, Integer::sum));
            return reason.isEmpty();
        }).toList();
        if (feasible.isEmpty()) {
            String counts = reasons.entrySet().stream()
                    .map(entry -> entry.getValue() + " " + entry.getKey())
                    .sorted()
                    .collect(Collectors.joining(", "));
            return new Unschedulable("0/" + nodes.size() + " nodes are available: " + counts
                    + ". preemption: 0/" + nodes.size() + " nodes are available: " + nodes.size()
                    + " Preemption is not helpful for scheduling.");
        }
        return new Placed(feasible.stream()
                .min(Comparator.comparingLong((Node node) -> podsOn(node, scheduled, sameOwner(pod)))
                        .thenComparingLong(node -> podsOn(node, scheduled, other -> true))
                        .thenComparing(node -> node.getMetadata().getName()))
                .orElseThrow());
    }

    private static Optional<String> filteredOut(Pod pod, List<PersistentVolume> volumes, Node node) {
        if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            return Optional.of("node(s) were unschedulable");
        }
        if (node.getSpec().getTaints().stream().anyMatch(taint -> !tolerated(pod, taint))) {
            return Optional.of("node(s) had untolerated taint");
        }
        Map<String, String> labels = labels(node);
        boolean selected = pod.getSpec().getNodeSelector() == null
                || pod.getSpec().getNodeSelector().entrySet().stream()
                        .allMatch(entry -> entry.getValue().equals(labels.get(entry.getKey())));
        var affinity = pod.getSpec().getAffinity() == null ? null : pod.getSpec().getAffinity().getNodeAffinity();
        if (!selected || affinity != null && !matches(affinity.getRequiredDuringSchedulingIgnoredDuringExecution(), node)) {
            return Optional.of("node(s) didn't match Pod's node affinity/selector");
        }
        boolean volumesFit = volumes.stream().allMatch(volume -> volume.getSpec().getNodeAffinity() == null
                || matches(volume.getSpec().getNodeAffinity().getRequired(), node));
        return volumesFit ? Optional.empty() : Optional.of("node(s) had volume node affinity conflict");
    }

    private static boolean tolerated(Pod pod, Taint taint) {
        if (!"NoSchedule".equals(taint.getEffect()) && !"NoExecute".equals(taint.getEffect())) {
            return true;
        }
        // An empty key tolerates every taint, with Exists; an empty effect every effect; Equal is the default operator.
        return pod.getSpec().getTolerations().stream().anyMatch(toleration -> {
            boolean exists = "Exists".equals(toleration.getOperator());
            boolean anyKey = toleration.getKey() == null || toleration.getKey().isEmpty();
            return (anyKey ? exists : toleration.getKey().equals(taint.getKey()))
                    && (toleration.getEffect() == null || toleration.getEffect().isEmpty()
                            || toleration.getEffect().equals(taint.getEffect()))
                    && (exists || Objects.equals(Objects.requireNonNullElse(toleration.getValue(), ""),
                            Objects.requireNonNullElse(taint.getValue(), "")));
        });
    }

    /** A node selector: any of its terms, each term all of its requirements; none at all matches every node. */
    static boolean matches(NodeSelector selector, Node node) {
        if (selector == null || selector.getNodeSelectorTerms().isEmpty()) {
            return true;
        }
        return selector.getNodeSelectorTerms().stream().anyMatch(term -> matches(term, node));
    }

    /** All of a term's requirements; a term with none matches no node, as in Kubernetes. */
    private static boolean matches(NodeSelectorTerm term, Node node) {
        if (term.getMatchExpressions().isEmpty() && term.getMatchFields().isEmpty()) {
            return false;
        }
        Map<String, String> labels = labels(node);
        Map<String, String> fields = Map.of("metadata.name", node.getMetadata().getName());
        return term.getMatchExpressions().stream().allMatch(requirement -> matches(requirement, labels))
                && term.getMatchFields().stream().allMatch(requirement -> matches(requirement, fields));
    }

    private static boolean matches(NodeSelectorRequirement requirement, Map<String, String> values) {
        String value = values.get(requirement.getKey());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValues().contains(value);
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt" -> value != null && Long.parseLong(value) > Long.parseLong(requirement.getValues().get(0));
            case "Lt" -> value != null && Long.parseLong(value) < Long.parseLong(requirement.getValues().get(0));
            default -> throw new IllegalArgumentException("unknown node selector operator " + requirement.getOperator());
        };
    }

    private static Map<String, String> labels(Node node) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (node.getMetadata().getLabels() != null) {
            labels.putAll(node.getMetadata().getLabels());
        }
        labels.putIfAbsent(HOSTNAME_LABEL, node.getMetadata().getName());
        return labels;
    }

    private static long podsOn(Node node, List<Bound> scheduled, Predicate<Pod> counted) {
        return scheduled.stream()
                .filter(other -> node.getMetadata().getName().equals(other.node()))
                .map(Bound::pod)
                .filter(counted)
                .count();
    }

    private static Predicate<Pod> sameOwner(Pod pod) {
        List<String> owners = owners(pod);
        return other -> !owners.isEmpty() && owners.equals(owners(other));
    }

    private static List<String> owners(Pod pod) {
        return pod.getMetadata().getOwnerReferences().stream().map(OwnerReference::getUid).toList();
    }
}
