package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.PerBrokerRecord;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.VolumeNodes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Rack-aware clusters: each broker's rack is the rack label ({@code --rack-topology-key}) of the node
 * its volume is pinned to, where the broker always runs. Written into the racks ConfigMap before
 * the brokers start, which read their own at start.
 */
final class Racks {
    private Racks() {}

    /**
     * The racks ConfigMap change for brokers 0 to {@code brokers}, as this cluster's nodes say; none
     * when the cluster is not rack-aware. A plan made without a cluster reads no nodes: it says so.
     */
    static List<PlanEntry> plan(ClusterState state, KafkaCluster cluster, int brokers) {
        // The caller has refused a change of racks on running brokers (Workloads.requireSameRacks).
        Optional<String> key = cluster.spec().rackKey();
        if (key.isEmpty()) {
            return List.of();
        }
        if (!state.isLive()) {
            return List.of(Note.info("configmap/" + cluster.racksName() + ": each broker's rack is read, when applied, from"
                    + " the " + key.get() + " label of the node its volume is pinned to"));
        }
        List<Node> nodes = state.list(Node.class, null, Map.of());
        Map<Integer, String> racks = new TreeMap<>();
        for (int ordinal = 0; ordinal < brokers; ordinal++) {
            racks.put(ordinal, rack(state, cluster, nodes, key.get(), ordinal));
        }
        List<PlanEntry> plan = new ArrayList<>(List.of(Apply.change(state, cluster.generateRacks(racks))));
        plan.addAll(PerBrokerValues.changes(PerBrokerRecord.values(state.get(ConfigMap.class, cluster.spec().namespace(),
                cluster.racksName())), racks,
                (ordinal, before, after) -> "broker " + ordinal + "'s rack changes from " + before + " to " + after + " (its"
                        + " node's " + key.get() + " label changed): it takes the new one when it restarts (roll)"));
        return plan;
    }

    private static String rack(ClusterState state, KafkaCluster cluster, List<Node> nodes, String key, int ordinal) {
        String volume = cluster.volumeName(ordinal);
        PersistentVolume live = state.get(PersistentVolume.class, null, volume);
        if (live == null) {
            throw ToolException.failed("persistentvolume/" + volume + " is missing, so broker " + ordinal + "'s rack is not"
                    + " known yet: run create-volumes first");
        }
        String node = VolumeNodes.nodeOf(live).orElseThrow(() -> ToolException.failed("persistentvolume/" + volume
                + " is pinned to no node, so broker " + ordinal + " has no fixed node to take its rack from (see the"
                + " README's 'Several nodes')"));
        Node found = nodes.stream()
                .filter(candidate -> node.equals(VolumePlacement.hostname(candidate)))
                .findFirst()
                .orElseThrow(() -> ToolException.failed("node " + node + ", where broker " + ordinal + "'s volume is, is not"
                        + " in the cluster, so its rack is unknown"));
        String rack = VolumePlacement.labels(found).get(key);
        if (rack == null || rack.isEmpty()) {
            throw ToolException.failed("node " + node + " (broker " + ordinal + "'s) has no label " + key + " to take its"
                    + " rack from: label it ('kubectl label node " + node + " " + key + "=<rack>') or leave out"
                    + " --rack-topology-key");
        }
        return rack;
    }
}
