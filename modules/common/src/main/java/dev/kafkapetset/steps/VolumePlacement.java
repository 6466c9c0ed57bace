package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.VolumeNodes;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The node each pod's hostPath volumes are pinned to, planned from the cluster. A pod whose volumes
 * exist keeps their node: the data is there, and Kubernetes can't move a volume. New pods' volumes
 * go to the nodes {@code --node} names, else to the schedulable ones (not cordoned, Ready, no taint
 * that keeps pods off), each to the node holding the fewest of that StatefulSet's volumes. The
 * volumes themselves record the choice, so a re-run or a later scale finds it there.
 */
final class VolumePlacement implements VolumeNodes.OfOrdinal {
    /** Pods {@code from} (inclusive) to {@code to} of one StatefulSet, whose volumes are planned. */
    record Pods(KafkaCluster.Component component, int from, int to) {}

    private final Map<String, Map<Integer, String>> nodes;
    private final List<PlanEntry> notes;

    private VolumePlacement(Map<String, Map<Integer, String>> nodes, List<PlanEntry> notes) {
        this.nodes = nodes;
        this.notes = notes;
    }

    @Override
    public Optional<String> node(String statefulSet, int ordinal) {
        return Optional.ofNullable(nodes.getOrDefault(statefulSet, Map.of()).get(ordinal));
    }

    /** What the operator should know of the placement: volumes that exist unpinned, nodes chosen only when applied. */
    List<PlanEntry> notes() {
        return notes;
    }

    /**
     * @param rackKey the node label that names racks (rack-aware brokers): new pods then spread over
     *     racks first, and only to nodes that carry it
     */
    static VolumePlacement plan(ClusterState state, List<Pods> wanted, List<String> requested, Optional<String> rackKey) {
        Map<String, Map<Integer, String>> placed = new HashMap<>();
        List<PlanEntry> notes = new ArrayList<>();
        Map<String, String> candidates = null;
        // The nodes there are, read once; only hostPath volumes have one (a provisioner places its own).
        boolean hostPath = wanted.stream().anyMatch(pods -> !pods.component().volumeNames().apply(pods.from()).isEmpty());
        List<Node> live = state.isLive() && hostPath ? state.list(Node.class, null, Map.of()) : List.of();
        Set<String> nodes = live.stream().map(VolumePlacement::hostname).collect(Collectors.toSet());
        // A node named that isn't there is a typo, whether or not a new volume needs it this time.
        for (String node : requested) {
            if (state.isLive() && hostPath && !nodes.contains(node)) {
                throw ToolException.usage("--node " + node + ": no such node; nodes: " + String.join(", ", new TreeSet<>(nodes)));
            }
        }
        for (Pods pods : wanted) {
            KafkaCluster.Component component = pods.component();
            Map<Integer, String> byOrdinal = placed.computeIfAbsent(component.statefulSet(), name -> new HashMap<>());
            List<Integer> fresh = new ArrayList<>();
            for (int ordinal = pods.from(); ordinal < pods.to(); ordinal++) {
                List<String> names = component.volumeNames().apply(ordinal);
                Optional<PersistentVolume> existing = names.stream()
                        .map(name -> state.get(PersistentVolume.class, null, name))
                        .filter(Objects::nonNull)
                        .findFirst();
                if (existing.isEmpty()) {
                    if (!names.isEmpty()) {
                        fresh.add(ordinal);
                    }
                    continue;
                }
                Optional<String> node = VolumeNodes.nodeOf(existing.get()).or(() -> nodeOfItsPod(state, existing.get()));
                if (node.isPresent()) {
                    byOrdinal.put(ordinal, node.get());
                    if (state.isLive() && !nodes.contains(node.get())) {
                        notes.add(Note.warning("persistentvolume/" + existing.get().getMetadata().getName() + " is pinned to"
                                + " node " + node.get() + ", which is not in the cluster: its pod can't start until that"
                                + " node is back"));
                    }
                } else {
                    names.stream().map(name -> state.get(PersistentVolume.class, null, name)).filter(Objects::nonNull)
                            .forEach(unpinned -> notes.add(Note.warning("persistentvolume/" + unpinned.getMetadata().getName()
                                    + " is pinned to no node (made before volumes were pinned), and no pod uses it now to"
                                    + " say where its data is: on a cluster of several nodes its pod can start on another"
                                    + " node and find an empty directory there (see the README's 'Several nodes')")));
                }
            }
            if (fresh.isEmpty()) {
                continue;
            }
            if (candidates == null) {
                candidates = candidates(state.isLive(), live, requested, rackKey);
            }
            if (candidates.isEmpty()) {
                notes.add(Note.info("each new volume is pinned when applied to the schedulable node holding the fewest of"
                        + " statefulset/" + component.statefulSet() + "'s volumes (--node names the nodes)"));
                continue;
            }
            byOrdinal.putAll(VolumeNodes.spread(fresh, List.copyOf(candidates.keySet()), podsPerNode(state, component),
                    candidates));
        }
        return new VolumePlacement(placed, notes);
    }

    /**
     * The node an unpinned volume's data is on: where the pod that mounts its claim is scheduled.
     * Kubernetes lets a volume without node affinity be given one, so it is pinned there.
     */
    private static Optional<String> nodeOfItsPod(ClusterState state, PersistentVolume volume) {
        if (volume.getSpec().getClaimRef() == null || !state.isLive()) {
            return Optional.empty();
        }
        String namespace = volume.getSpec().getClaimRef().getNamespace();
        String claim = volume.getSpec().getClaimRef().getName();
        return state.list(Pod.class, namespace, Map.of()).stream()
                .filter(pod -> pod.getSpec().getNodeName() != null && pod.getSpec().getVolumes().stream()
                        .anyMatch(mounted -> mounted.getPersistentVolumeClaim() != null
                                && claim.equals(mounted.getPersistentVolumeClaim().getClaimName())))
                .map(pod -> state.get(Node.class, null, pod.getSpec().getNodeName()))
                .filter(Objects::nonNull)
                .map(VolumePlacement::hostname)
                .findFirst();
    }

    /** How many of the component's pods each node holds volumes of (a pod's volumes are named for its ordinal). */
    private static Map<String, Integer> podsPerNode(ClusterState state, KafkaCluster.Component component) {
        Map<String, Set<String>> ordinals = new HashMap<>();
        for (PersistentVolume volume : state.list(PersistentVolume.class, null, component.volumeSelector())) {
            String name = volume.getMetadata().getName();
            VolumeNodes.nodeOf(volume).ifPresent(node -> ordinals.computeIfAbsent(node, any -> new HashSet<>())
                    .add(name.substring(name.lastIndexOf('-') + 1)));
        }
        Map<String, Integer> pods = new HashMap<>();
        ordinals.forEach((node, held) -> pods.put(node, held.size()));
        return pods;
    }

    /**
     * The nodes new volumes may go to, by hostname, in order, with their racks (or their own names
     * without racks): {@code requested}, each of which must be schedulable, else every schedulable
     * node; rack-aware, only nodes that have a rack. None in a plan made without a cluster, unless requested.
     */
    private static Map<String, String> candidates(boolean isLive, List<Node> all, List<String> requested,
            Optional<String> rackKey) {
        Map<String, String> racks = new LinkedHashMap<>();
        if (!isLive) {
            requested.forEach(node -> racks.put(node, node));
            return racks;
        }
        Map<String, String> rackOf = new HashMap<>();
        // A node's rack: the label's value (none when it lacks the label), or without racks the node itself.
        all.forEach(node -> rackOf.put(hostname(node), rackKey.isPresent() ? labels(node).get(rackKey.get()) : hostname(node)));
        List<String> unracked = all.stream().map(VolumePlacement::hostname).filter(node -> rackOf.get(node) == null)
                .sorted().toList();
        List<String> schedulable = all.stream().filter(VolumePlacement::isSchedulable).map(VolumePlacement::hostname)
                .filter(node -> rackOf.get(node) != null).sorted().toList();
        for (String node : requested) {
            if (unracked.contains(node)) {
                throw ToolException.failed("--node " + node + ": that node has no label " + rackKey.orElseThrow()
                        + " to take a rack from: label it ('kubectl label node " + node + " " + rackKey.get() + "=<rack>')");
            }
            if (!schedulable.contains(node)) {
                throw ToolException.failed("--node " + node + ": that node takes no pods now (cordoned, not Ready or"
                        + " tainted); schedulable nodes: " + (schedulable.isEmpty() ? "none" : String.join(", ", schedulable)));
            }
        }
        List<String> chosen = requested.isEmpty() ? schedulable : requested;
        if (chosen.isEmpty()) {
            throw ToolException.failed("no node takes pods (" + all.size() + " node" + (all.size() == 1 ? "" : "s")
                    + ", all cordoned, not Ready or tainted" + rackKey.map(key -> ", or without label " + key).orElse("")
                    + "), so there is none to pin the volumes to: make one schedulable"
                    + rackKey.map(key -> " and label it").orElse("") + ", or name nodes with --node");
        }
        chosen.forEach(node -> racks.put(node, rackOf.get(node)));
        return racks;
    }

    static Map<String, String> labels(Node node) {
        return node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }

    private static boolean isSchedulable(Node node) {
        boolean ready = node.getStatus() != null && node.getStatus().getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
        boolean tainted = node.getSpec() != null && node.getSpec().getTaints().stream()
                .anyMatch(taint -> "NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect()));
        return ready && !tainted && !Boolean.TRUE.equals(node.getSpec() == null ? null : node.getSpec().getUnschedulable());
    }

    /** What volumes are pinned by: the node's hostname label, which is usually its name. */
    static String hostname(Node node) {
        return labels(node).getOrDefault(VolumeNodes.HOSTNAME_LABEL, node.getMetadata().getName());
    }
}
