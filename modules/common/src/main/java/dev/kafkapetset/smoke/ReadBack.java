package dev.kafkapetset.smoke;

import dev.kafkapetset.cli.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reading a smoke run's records back: each partition from its first acknowledged offset to its last. */
final class ReadBack {

    /** Feeds every record read to {@code verification}; returns a problem per partition not read to its end in time. */
    static List<String> read(KafkaConsumer<byte[], byte[]> consumer, String topic, long[] ackedOffsets,
            SmokeRecords records, Verification verification, Duration timeout) {
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> to = new HashMap<>();
        for (int sequence = 0; sequence < ackedOffsets.length; sequence++) {
            if (ackedOffsets[sequence] >= 0) {
                TopicPartition partition = new TopicPartition(topic, records.partitionOf(sequence));
                from.merge(partition, ackedOffsets[sequence], Math::min);
                to.merge(partition, ackedOffsets[sequence] + 1, Math::max);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        Collection<TopicPartition> remaining = new ArrayList<>(from.keySet());
        while (!remaining.isEmpty() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))) {
                    verification.accept(record.partition(), record.offset(), record.key(), record.value(), record.headers());
                }
            }
            remaining.removeIf(partition -> consumer.position(partition) >= to.get(partition));
        }
        List<String> problems = new ArrayList<>();
        for (TopicPartition partition : remaining) {
            problems.add("partition " + partition + ": reading back stopped at offset " + consumer.position(partition)
                    + " of " + to.get(partition) + " after " + Durations.format(timeout));
        }
        return problems;
    }

    private ReadBack() {}
}
