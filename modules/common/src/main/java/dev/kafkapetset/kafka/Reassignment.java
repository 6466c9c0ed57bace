package dev.kafkapetset.kafka;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where partition replicas go when brokers leave: every replica on a leaving broker moves to a
 * staying broker that doesn't hold that partition yet, the least loaded first, so each partition
 * keeps its replication factor when enough brokers stay. Pure: planned here, carried out by
 * {@link ClusterAdmin#reassign} or by Kafka's kafka-reassign-partitions tool.
 */
public final class Reassignment {

    /**
     * A partition, the brokers holding its replicas (the preferred leader first), and those of them
     * in sync: only an in-sync replica can take over as leader without losing acknowledged records.
     */
    public record Partition(String topic, int partition, List<Integer> replicas, List<Integer> inSync) {
        /** A partition whose every replica is in sync. */
        public Partition(String topic, int partition, List<Integer> replicas) {
            this(topic, partition, replicas, replicas);
        }

        public String name() {
            return topic + "-" + partition;
        }

        @Override
        public String toString() {
            return name() + " " + replicas;
        }
    }

    /** A partition's replicas before and after. */
    public record Move(String topic, int partition, List<Integer> from, List<Integer> to) {
        @Override
        public String toString() {
            return topic + "-" + partition + " " + from + " -> " + to;
        }
    }

    /** The partitions with a replica on one of {@code leaving}. */
    public static List<Partition> onBrokers(List<Partition> partitions, Set<Integer> leaving) {
        return partitions.stream().filter(p -> p.replicas().stream().anyMatch(leaving::contains)).toList();
    }

    /**
     * The partitions with a replica on a leaving broker and no in-sync replica on an {@code alive}
     * broker that stays: scaling down leaves them without a leader that has their acknowledged records.
     */
    public static List<Partition> lostWithout(List<Partition> partitions, Set<Integer> leaving, Set<Integer> alive) {
        return partitions.stream()
                .filter(p -> p.replicas().stream().anyMatch(leaving::contains))
                .filter(p -> p.inSync().stream().noneMatch(broker -> !leaving.contains(broker) && alive.contains(broker)))
                .toList();
    }

    /** The partitions none of whose in-sync replicas is on an {@code alive} broker: nothing can copy them. */
    public static List<Partition> stranded(List<Partition> partitions, Set<Integer> alive) {
        return partitions.stream().filter(p -> p.inSync().stream().noneMatch(alive::contains)).toList();
    }

    /**
     * Moves for every partition of {@code partitions} with a replica on a broker not in
     * {@code staying}. Staying replicas keep their place; the preferred leader stays first when it
     * stays. A partition with more replicas than staying brokers keeps one per staying broker.
     */
    public static List<Move> plan(List<Partition> partitions, Set<Integer> staying) {
        Map<Integer, Integer> load = new HashMap<>();
        staying.forEach(broker -> load.put(broker, 0));
        for (Partition partition : partitions) {
            partition.replicas().stream().filter(staying::contains).forEach(broker -> load.merge(broker, 1, Integer::sum));
        }
        List<Move> moves = new ArrayList<>();
        for (Partition partition : partitions) {
            if (staying.containsAll(partition.replicas())) {
                continue;
            }
            List<Integer> target = new ArrayList<>();
            Set<Integer> holding = new TreeSet<>(partition.replicas());
            for (int broker : partition.replicas()) {
                if (staying.contains(broker)) {
                    target.add(broker);
                } else {
                    leastLoaded(load, staying, holding).ifPresent(replacement -> {
                        target.add(replacement);
                        holding.add(replacement);
                        load.merge(replacement, 1, Integer::sum);
                    });
                }
            }
            moves.add(new Move(partition.topic(), partition.partition(), partition.replicas(), List.copyOf(target)));
        }
        return moves;
    }

    private static Optional<Integer> leastLoaded(Map<Integer, Integer> load, Set<Integer> staying, Set<Integer> taken) {
        return new TreeSet<>(staying).stream()
                .filter(broker -> !taken.contains(broker))
                .min(Comparator.comparing((Integer broker) -> load.get(broker)).thenComparing(broker -> broker));
    }

    /** The plan in the JSON that Kafka's {@code kafka-reassign-partitions --execute} reads. */
    public static Map<String, Object> asReassignmentJson(List<Move> moves) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        for (Move move : moves) {
            Map<String, Object> partition = new LinkedHashMap<>();
            partition.put("topic", move.topic());
            partition.put("partition", move.partition());
            partition.put("replicas", move.to());
            partitions.add(partition);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("version", 1);
        json.put("partitions", partitions);
        return json;
    }

    private Reassignment() {}
}
