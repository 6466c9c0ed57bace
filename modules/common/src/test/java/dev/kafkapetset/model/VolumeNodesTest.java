package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** hostPath volumes pinned to the node their directory is on, a pod's volumes together, pods spread. */
class VolumeNodesTest {

    @Test
    void newPodsGoToTheNodesHoldingFewestAndTiesToTheFirstNamed() {
        assertEquals(Map.of(0, "a", 1, "b", 2, "c", 3, "a"), VolumeNodes.spread(List.of(0, 1, 2, 3), List.of("a", "b", "c"),
                Map.of(), Map.of()));
        assertEquals(Map.of(3, "c", 4, "b"), VolumeNodes.spread(List.of(3, 4), List.of("a", "b", "c"), Map.of("a", 2, "b", 1),
                Map.of()));
    }

    @Test
    void withRacksNewPodsSpreadOverRacksFirstThenOverTheNodesOfARack() {
        Map<String, String> zones = Map.of("a1", "zone-1", "a2", "zone-1", "b1", "zone-2");
        assertEquals(Map.of(0, "a1", 1, "b1", 2, "a2"), VolumeNodes.spread(List.of(0, 1, 2), List.of("a1", "a2", "b1"),
                Map.of(), zones));
        // zone-2 already holds two: the next goes to zone-1, to its emptier node.
        assertEquals(Map.of(3, "a2"), VolumeNodes.spread(List.of(3), List.of("a1", "a2", "b1"), Map.of("a1", 1, "b1", 2),
                zones));
    }

    @Test
    void aPodsVolumesArePinnedTogetherAndReadBack() {
        KafkaCluster cluster = Specs.cluster();
        ZookeeperEnsemble ensemble = cluster.ensemble().orElseThrow();
        List<PersistentVolume> servers = ensemble.generateVolumes((statefulSet, ordinal) -> Optional.of("node-" + ordinal));
        assertEquals(2 * ensemble.spec().replicas(), servers.size());
        for (PersistentVolume volume : servers) {
            String ordinal = volume.getMetadata().getName().substring(volume.getMetadata().getName().length() - 1);
            assertEquals(Optional.of("node-" + ordinal), VolumeNodes.nodeOf(volume), volume.getMetadata().getName());
        }
        assertEquals(Optional.empty(), VolumeNodes.nodeOf(cluster.generateVolumes(1).get(0)));
        assertEquals(List.of("default-data-kafka-1"), cluster.brokerComponent().volumeNames().apply(1));
        assertEquals(List.of(), Specs.cluster("--storage-class", "standard").brokerComponent().volumeNames().apply(1));
    }
}
