package dev.kafkapetset.smoke;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Writing a smoke run's records: what the brokers acknowledged, by sequence number, and how fast
 * once warmed up. The first record of each partition goes alone, untimed: a new topic's followers
 * start fetching only after their first round trip, which says nothing about the cluster's pace.
 */
final class Production {
    final long[] ackedOffsets;
    private final long[] latencyNanos;
    private final Exception[] failures;
    private long startNanos;
    private long lastAckNanos;
    private int acknowledged;
    private int timed;

    private Production(int count) {
        ackedOffsets = new long[count];
        Arrays.fill(ackedOffsets, -1);
        latencyNanos = new long[count];
        failures = new Exception[count];
    }

    /**
     * Sends every record, then waits for all acknowledgements. The callbacks run on the producer's
     * I/O thread; flush() orders their writes before the reads that follow.
     */
    static Production write(KafkaProducer<byte[], byte[]> producer, SmokeRecords records, int partitions, int count) {
        Production production = new Production(count);
        int warmUp = Math.min(partitions, count);
        production.send(producer, records, 0, warmUp);
        producer.flush();
        production.startNanos = System.nanoTime();
        production.send(producer, records, warmUp, count);
        producer.flush();
        return production;
    }

    private void send(KafkaProducer<byte[], byte[]> producer, SmokeRecords records, int from, int to) {
        for (int sequence = from; sequence < to; sequence++) {
            int seq = sequence;
            long sent = System.nanoTime();
            try {
                producer.send(records.record(seq), (metadata, error) -> acknowledge(seq, sent, metadata, error));
            } catch (KafkaException e) {
                // Sending blocked for max.block.ms (no metadata, buffer full): the rest would too.
                Arrays.fill(failures, seq, failures.length, e);
                return;
            }
        }
    }

    private void acknowledge(int sequence, long sentNanos, RecordMetadata metadata, Exception error) {
        long now = System.nanoTime();
        if (error != null) {
            failures[sequence] = error;
            return;
        }
        ackedOffsets[sequence] = metadata.offset();
        latencyNanos[sequence] = now - sentNanos;
        acknowledged++;
        if (startNanos > 0) {
            lastAckNanos = now;
            timed++;
        }
    }

    int acknowledged() {
        return acknowledged;
    }

    double seconds() {
        return timed == 0 ? 0 : (lastAckNanos - startNanos) / 1e9;
    }

    double recordsPerSecond() {
        return seconds() == 0 ? 0 : timed / seconds();
    }

    /** Latencies of the timed records, or of the warm-up ones when there are no others. */
    long[] latencies() {
        long[] latencies = IntStream.range(0, ackedOffsets.length).filter(i -> ackedOffsets[i] >= 0)
                .mapToLong(i -> latencyNanos[i]).toArray();
        int warmUp = latencies.length - timed;
        return timed == 0 ? latencies : Arrays.copyOfRange(latencies, warmUp, latencies.length);
    }

    /** One line per partition that lost writes, with its leader and the first error. */
    List<String> failures(SmokeRecords records, SmokeTopic topic) {
        Map<Integer, List<Integer>> failedByPartition = new TreeMap<>();
        for (int sequence = 0; sequence < failures.length; sequence++) {
            if (failures[sequence] != null) {
                failedByPartition.computeIfAbsent(records.partitionOf(sequence), p -> new ArrayList<>()).add(sequence);
            }
        }
        List<String> problems = new ArrayList<>();
        failedByPartition.forEach((partition, failed) -> {
            Exception first = failures[failed.get(0)];
            problems.add("partition " + topic.name() + "-" + partition + " (leader broker "
                    + topic.partitions().get(partition).leader().id() + "): " + failed.size()
                    + " records not acknowledged: " + first.getClass().getSimpleName() + ": " + first.getMessage());
        });
        return problems;
    }
}
