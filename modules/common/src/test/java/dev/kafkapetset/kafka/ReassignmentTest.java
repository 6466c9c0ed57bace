package dev.kafkapetset.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkapetset.kafka.Reassignment.Move;
import dev.kafkapetset.kafka.Reassignment.Partition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReassignmentTest {

    @Test
    void replicasOnLeavingBrokersMoveToStayingOnesKeepingTheFactor() {
        List<Partition> partitions = List.of(
                new Partition("orders", 0, List.of(3, 0, 1)),
                new Partition("orders", 1, List.of(0, 4, 2)),
                new Partition("orders", 2, List.of(1, 2, 0)));
        List<Move> moves = Reassignment.plan(Reassignment.onBrokers(partitions, Set.of(3, 4)), Set.of(0, 1, 2));
        assertEquals(List.of(
                new Move("orders", 0, List.of(3, 0, 1), List.of(2, 0, 1)),
                new Move("orders", 1, List.of(0, 4, 2), List.of(0, 1, 2))), moves);
    }

    @Test
    void newReplicasGoToTheLeastLoadedBrokers() {
        List<Partition> partitions = new java.util.ArrayList<>();
        for (int p = 0; p < 10; p++) {
            partitions.add(new Partition("t", p, List.of(p % 5, (p + 1) % 5)));
        }
        List<Move> moves = Reassignment.plan(partitions, Set.of(0, 1, 2));
        Map<Integer, Integer> load = new HashMap<>();
        partitions.stream().filter(p -> moves.stream().noneMatch(m -> m.partition() == p.partition()))
                .forEach(p -> p.replicas().forEach(b -> load.merge(b, 1, Integer::sum)));
        moves.forEach(m -> m.to().forEach(b -> load.merge(b, 1, Integer::sum)));
        assertEquals(Set.of(0, 1, 2), load.keySet());
        assertEquals(20, load.values().stream().mapToInt(Integer::intValue).sum());
        load.values().forEach(count -> assertEquals(true, count >= 6 && count <= 7, load.toString()));
        moves.forEach(m -> assertEquals(m.to().size(), Set.copyOf(m.to()).size(), "no broker twice: " + m));
    }

    @Test
    void moreReplicasThanStayingBrokersKeepOnePerBroker() {
        List<Move> moves = Reassignment.plan(List.of(new Partition("t", 0, List.of(0, 1, 2))), Set.of(0));
        assertEquals(List.of(new Move("t", 0, List.of(0, 1, 2), List.of(0))), moves);
    }

    @Test
    void whatOnlyLeavingBrokersHoldIsWhatScalingDownLoses() {
        List<Partition> partitions = List.of(new Partition("a", 0, List.of(3)), new Partition("a", 1, List.of(3, 0)));
        assertEquals(List.of(partitions.get(0)), Reassignment.lostWithout(partitions, Set.of(3, 4), Set.of(0, 1, 2, 3, 4)));
    }

    @Test
    void aReplicaElsewhereThatIsOutOfSyncOrOnADownBrokerDoesNotSaveAPartition() {
        Partition outOfSync = new Partition("a", 0, List.of(2, 0), List.of(2));
        Partition onADownBroker = new Partition("a", 1, List.of(2, 1), List.of(2, 1));
        Partition safe = new Partition("a", 2, List.of(2, 0), List.of(2, 0));
        List<Partition> partitions = List.of(outOfSync, onADownBroker, safe);
        assertEquals(List.of(outOfSync, onADownBroker), Reassignment.lostWithout(partitions, Set.of(2), Set.of(0)));
        assertEquals(List.of(outOfSync), Reassignment.stranded(partitions, Set.of(0, 1)));
    }

    @Test
    void planIsWhatKafkasReassignToolReads() {
        Map<String, Object> json = Reassignment.asReassignmentJson(List.of(new Move("t", 4, List.of(3, 0), List.of(1, 0))));
        assertEquals(Map.of("version", 1, "partitions", List.of(Map.of("topic", "t", "partition", 4, "replicas",
                List.of(1, 0)))), json);
    }
}
