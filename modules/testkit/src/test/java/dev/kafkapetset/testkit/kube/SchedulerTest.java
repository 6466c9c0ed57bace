package dev.kafkapetset.testkit.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stand-in scheduler filters nodes as the default scheduler does, and spreads what is left. */
class SchedulerTest {
    private static final List<Node> NODES = StandInNodes.of(nodes());

    private static Map<String, Map<String, String>> nodes() {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        nodes.put("node-a", Map.of(StandInNodes.ZONE_LABEL, "zone-1"));
        nodes.put("node-b", Map.of(StandInNodes.ZONE_LABEL, "zone-2"));
        nodes.put("node-c", Map.of(StandInNodes.ZONE_LABEL, "zone-1"));
        return nodes;
    }

    @Test
    void aPodWithoutConstraintsGoesToTheNodeWithFewestPodsOfItsOwner() {
        List<Scheduler.Bound> scheduled = List.of(new Scheduler.Bound(pod("kafka-0", "sts-kafka"), "node-a"),
                new Scheduler.Bound(pod("other", "sts-other"), "node-b"));
        assertEquals("node-c", placedOn(Scheduler.place(pod("kafka-1", "sts-kafka"), List.of(), NODES, scheduled)));
        // Of the nodes with none of its owner's pods, the one with fewer pods overall.
        assertEquals("node-b", placedOn(Scheduler.place(pod("zk-0", "sts-zk"), List.of(),
                List.of(NODES.get(0), NODES.get(1)), List.of(new Scheduler.Bound(pod("x", "a"), "node-a"),
                        new Scheduler.Bound(pod("y", "b"), "node-a")))));
    }

    @Test
    void aPodGoesWhereItsPinnedVolumeIsAndNowhereElse() {
        List<Scheduler.Bound> crowded = List.of(new Scheduler.Bound(pod("kafka-1", "sts-kafka"), "node-b"));
        assertEquals("node-b", placedOn(Scheduler.place(pod("kafka-0", "sts-kafka"), List.of(pinned("node-b")), NODES,
                crowded)));
        // Matched by any term's label, not by the node's name only.
        PersistentVolume zonal = new PersistentVolumeBuilder().withNewSpec().withNewNodeAffinity().withNewRequired()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey(StandInNodes.ZONE_LABEL).withOperator("In")
                .withValues("zone-2").endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build();
        assertEquals("node-b", placedOn(Scheduler.place(pod("kafka-0", "sts-kafka"), List.of(zonal), NODES, List.of())));
    }

    @Test
    void noFeasibleNodeLeavesThePodPendingWithTheSchedulersCounts() {
        List<Node> cordonedB = List.of(NODES.get(0), new NodeBuilder(NODES.get(1)).editSpec().withUnschedulable(true).endSpec()
                .build(), NODES.get(2));
        Scheduler.Decision decision = Scheduler.place(pod("kafka-0", "sts-kafka"), List.of(pinned("node-b")), cordonedB,
                List.of());
        assertEquals(new Scheduler.Unschedulable("0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had volume"
                + " node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."),
                decision);
        List<Node> tainted = List.of(new NodeBuilder(NODES.get(0)).editSpec().addNewTaint().withKey("node-role.kubernetes.io/control-plane")
                .withEffect("NoSchedule").endTaint().endSpec().build());
        assertEquals(new Scheduler.Unschedulable("0/1 nodes are available: 1 node(s) had untolerated taint. preemption: 0/1"
                + " nodes are available: 1 Preemption is not helpful for scheduling."),
                Scheduler.place(pod("kafka-0", "sts-kafka"), List.of(), tainted, List.of()));
    }

    private static String placedOn(Scheduler.Decision decision) {
        return ((Scheduler.Placed) decision).node().getMetadata().getName();
    }

    private static Pod pod(String name, String ownerUid) {
        return new PodBuilder().withNewMetadata().withName(name).addNewOwnerReference().withUid(ownerUid).withKind("StatefulSet")
                .withName(ownerUid).endOwnerReference().endMetadata().withNewSpec().endSpec().build();
    }

    private static PersistentVolume pinned(String node) {
        return new PersistentVolumeBuilder().withNewSpec().withNewNodeAffinity().withNewRequired().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey(StandInNodes.HOSTNAME_LABEL).withOperator("In").withValues(node)
                .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build();
    }
}
