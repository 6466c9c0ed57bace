package dev.kafkapetset.smoke;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smoke topic sized to the cluster: a partition per broker, so every broker leads one; replicated
 * min(3, brokers) times; {@code min.insync.replicas} one below that (at least 1), so acks=all writes
 * still succeed with one broker down when there are three or more.
 *
 * @param assignment partition -> replica broker ids, leaders rotating over the brokers
 */
public record TopicPlan(int partitions, int replicationFactor, int minInsyncReplicas,
        Map<Integer, List<Integer>> assignment) {

    /**
     * Plans over the brokers the cluster should have, down ones included: replicas placed on a
     * broker that is down now make a topic that says so (under-replicated) instead of hiding it.
     */
    public static TopicPlan forBrokers(List<Integer> brokerIds) {
        if (brokerIds.isEmpty()) {
            throw new IllegalArgumentException("no broker to plan a topic over");
        }
        int brokers = brokerIds.size();
        int replicationFactor = Math.min(3, brokers);
        Map<Integer, List<Integer>> assignment = new LinkedHashMap<>();
        for (int partition = 0; partition < brokers; partition++) {
            List<Integer> replicas = new ArrayList<>();
            for (int replica = 0; replica < replicationFactor; replica++) {
                replicas.add(brokerIds.get((partition + replica) % brokers));
            }
            assignment.put(partition, List.copyOf(replicas));
        }
        return new TopicPlan(brokers, replicationFactor, Math.max(1, replicationFactor - 1), Map.copyOf(assignment));
    }
}
