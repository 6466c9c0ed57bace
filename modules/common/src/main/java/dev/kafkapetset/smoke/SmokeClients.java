package dev.kafkapetset.smoke;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The Kafka clients of one smoke run, each bounded by the run's time-out. */
final class SmokeClients {
    private final KafkaTarget target;
    private final String runId;
    private final Duration timeout;

    SmokeClients(KafkaTarget target, String runId, Duration timeout) {
        this.target = target;
        this.runId = runId;
        this.timeout = timeout;
    }

    int millis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    private Properties common() {
        Properties config = new Properties();
        config.putAll(target.clientSettings());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kafka-petset-smoke-" + runId);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(millis(), 30_000)));
        return config;
    }

    Admin admin() {
        Properties config = common();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis()));
        try {
            return Admin.create(config);
        } catch (KafkaException e) {
            throw ToolException.unreachable("no broker reachable: none of " + target.bootstrapServers()
                    + " resolves to an address", e);
        }
    }

    /** acks=all and idempotence: every record acknowledged is on every in-sync replica, once. */
    KafkaProducer<byte[], byte[]> producer() {
        Properties config = common();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(millis()));
        // Kafka wants delivery.timeout.ms > request.timeout.ms + linger.ms.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(millis(), Math.min(millis(), 30_000) + 1)));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    KafkaConsumer<byte[], byte[]> consumer() {
        Properties config = common();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(config);
    }
}
