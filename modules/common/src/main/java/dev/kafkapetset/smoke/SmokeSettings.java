package dev.kafkapetset.smoke;

import dev.kafkapetset.errors.ToolException;
import java.time.Duration;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.internals.Topic;

/**
 * What the operator asked of one smoke run, validated before anything is sent.
 *
 * @param topic the topic to use: created if absent (and then deleted after the run unless kept), reused only
 *     if its name starts with {@value #TOPIC_PREFIX}; null for a fresh one per run, {@value #TOPIC_PREFIX}<run id>
 * @param expectedBrokers brokers (ids 0..n-1) the cluster should have, overriding the target's; or null
 * @param timeout the bound on each step: reaching the cluster, writing, reading back
 */
public record SmokeSettings(String topic, int count, int recordSize, Integer expectedBrokers, boolean keepTopic,
        Duration timeout) {
    public static final String TOPIC_PREFIX = "kafka-petset-smoke-";

    public SmokeSettings {
        if (topic != null) {
            try {
                Topic.validate(topic);
            } catch (InvalidTopicException e) {
                throw ToolException.usage("--topic: " + e.getMessage());
            }
            if (topic.startsWith("__")) {
                throw ToolException.usage("--topic " + topic + ": topics whose names start with __ are Kafka's own"
                        + " (consumer offsets, transactions); smoke-produce never writes into them");
            }
        }
        if (count < 1) {
            throw ToolException.usage("--count must be at least 1, not " + count);
        }
        if (recordSize < SmokeRecords.MIN_RECORD_SIZE) {
            throw ToolException.usage("--record-size must be at least " + SmokeRecords.MIN_RECORD_SIZE
                    + " bytes (the sequence number), not " + recordSize);
        }
        if (expectedBrokers != null && expectedBrokers < 1) {
            throw ToolException.usage("--expect-brokers must be at least 1, not " + expectedBrokers);
        }
    }
}
