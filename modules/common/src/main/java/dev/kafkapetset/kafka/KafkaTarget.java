package dev.kafkapetset.kafka;

import java.util.List;

/**
 * The Kafka cluster to smoke-test, opened for the length of a run: bootstrap servers given on the
 * command line, or the deployed cluster reached through port-forwards ({@link KubernetesKafka}).
 */
public interface KafkaTarget extends AutoCloseable {

    /** Where a client bootstraps from, {@code host:port,...}. */
    String bootstrapServers();

    /** How many brokers (ids 0..n-1) the cluster should have, when the target knows; else null. */
    Integer expectedBrokers();

    /** What the operator should know about reaching the cluster (a broker pod not running...). */
    List<String> notes();

    @Override
    void close();

    /** Brokers reached as they are: their advertised addresses must be reachable from here. */
    static KafkaTarget direct(String bootstrapServers) {
        return new Direct(bootstrapServers);
    }

    /** A target that is only addresses: nothing to expect, nothing to close. */
    record Direct(String bootstrapServers) implements KafkaTarget {
        @Override
        public Integer expectedBrokers() {
            return null;
        }

        @Override
        public List<String> notes() {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
