package dev.kafkapetset.kafka;

import java.util.List;
import java.util.Map;

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

    /**
     * What every client needs besides the addresses to be let in: security.protocol, sasl.* and ssl.*
     * for a secured cluster; nothing for a plaintext one.
     */
    Map<String, String> clientSettings();

    @Override
    void close();

    /** Brokers reached as they are, without security: their advertised addresses must be reachable from here. */
    static KafkaTarget direct(String bootstrapServers) {
        return new Direct(bootstrapServers, Map.of(), null);
    }

    /** Brokers reached as they are, with the client settings their listeners ask for. */
    static KafkaTarget direct(String bootstrapServers, Map<String, String> clientSettings) {
        return new Direct(bootstrapServers, Map.copyOf(clientSettings), null);
    }

    /**
     * A target that is only addresses and settings, and how many brokers it should have (null: not
     * known); nothing to close.
     */
    record Direct(String bootstrapServers, Map<String, String> clientSettings, Integer expectedBrokers)
            implements KafkaTarget {

        @Override
        public List<String> notes() {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
