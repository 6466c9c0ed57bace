package dev.kafkapetset.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopicPlanTest {

    static TopicPlan forBrokers(int count) {
        return TopicPlan.forBrokers(IntStream.range(0, count).boxed().toList());
    }

    @Test
    void sizedToTheCluster() {
        assertEquals(List.of(1, 1, 1), shape(forBrokers(1)));
        assertEquals(List.of(2, 2, 1), shape(forBrokers(2)));
        assertEquals(List.of(3, 3, 2), shape(forBrokers(3)));
        assertEquals(List.of(5, 3, 2), shape(forBrokers(5)));
    }

    @Test
    void everyBrokerLeadsAPartitionAndReplicasAreDistinct() {
        TopicPlan plan = TopicPlan.forBrokers(List.of(0, 1, 2, 3, 4));
        assertEquals(Map.of(0, List.of(0, 1, 2), 1, List.of(1, 2, 3), 2, List.of(2, 3, 4), 3, List.of(3, 4, 0),
                4, List.of(4, 0, 1)), plan.assignment());
        assertEquals(5, new HashSet<>(plan.assignment().values().stream().map(replicas -> replicas.get(0)).toList()).size());
    }

    @Test
    void usesTheGivenBrokerIds() {
        assertEquals(Map.of(0, List.of(7, 9), 1, List.of(9, 7)), TopicPlan.forBrokers(List.of(7, 9)).assignment());
    }

    private static List<Integer> shape(TopicPlan plan) {
        return List.of(plan.partitions(), plan.replicationFactor(), plan.minInsyncReplicas());
    }
}
