package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A producer writing numbered records at a steady pace with acks=all and idempotence, in a thread
 * of its own, keeping which ones the brokers acknowledged and the longest wait between two
 * acknowledgements; then a reader that proves each acknowledged record is in the topic exactly
 * once, its value intact.
 */
final class AcknowledgedRecords implements AutoCloseable {
    private static final int RECORD_SIZE = 100;

    private final String topic;
    /** How its clients reach and log in to the brokers (protocol, SASL, trust); empty for plaintext. */
    private final Map<String, String> security;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Thread writer;
    private final BitSet acknowledged = new BitSet();
    private final AtomicInteger failed = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    /** When the latest acknowledgement came ({@link System#nanoTime}), and the longest wait between two; under {@code acknowledged}. */
    private long lastAcknowledgement;
    private long longestGap;
    private volatile boolean writing = true;
    private int sent;

    private AcknowledgedRecords(String bootstrapServers, Map<String, String> security, String topic, Duration pace) {
        this.topic = topic;
        this.security = security;
        Map<String, Object> settings = new HashMap<>(security);
        settings.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        this.producer = new KafkaProducer<>(settings);
        this.writer = new Thread(() -> write(pace), "acknowledged-records");
        writer.setDaemon(true);
        writer.start();
    }

    static AcknowledgedRecords start(String bootstrapServers, String topic, Duration pace) {
        return start(bootstrapServers, Map.of(), topic, pace);
    }

    /** The same, its producer and reader logging in with {@code security}. */
    static AcknowledgedRecords start(String bootstrapServers, Map<String, String> security, String topic, Duration pace) {
        return new AcknowledgedRecords(bootstrapServers, security, topic, pace);
    }

    private void write(Duration pace) {
        while (writing) {
            int sequence = sent++;
            producer.send(new ProducerRecord<>(topic, key(sequence), value(sequence)), (metadata, error) -> {
                if (error == null) {
                    long now = System.nanoTime();
                    synchronized (acknowledged) {
                        if (!acknowledged.isEmpty()) {
                            longestGap = Math.max(longestGap, now - lastAcknowledgement);
                        }
                        lastAcknowledgement = now;
                        acknowledged.set(sequence);
                    }
                } else {
                    failed.incrementAndGet();
                    errors.add(error.toString());
                }
            });
            try {
                Thread.sleep(pace.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    int acknowledgedCount() {
        synchronized (acknowledged) {
            return acknowledged.cardinality();
        }
    }

    /** Waits until {@code more} records more than now are acknowledged; fails when the producer stalls for 2 minutes. */
    void awaitMoreAcknowledged(int more) throws InterruptedException {
        int target = acknowledgedCount() + more;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (acknowledgedCount() < target) {
            assertTrue(System.nanoTime() < deadline, () -> "the producer stalled: " + errors());
            Thread.sleep(50);
        }
    }

    int failed() {
        return failed.get();
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    /**
     * The longest time the producer went without an acknowledgement, between its first and its
     * latest one: how long writers with acks=all stood still.
     */
    Duration longestStall() {
        synchronized (acknowledged) {
            return Duration.ofNanos(longestGap);
        }
    }

    /** Stops writing and waits for the last acknowledgements. */
    @Override
    public void close() throws InterruptedException {
        writing = false;
        writer.join();
        producer.flush();
        producer.close(Duration.ofMinutes(1));
    }

    /**
     * What was read back, against what was acknowledged: the checksums are of the acknowledged
     * records' values in order, as written and as read.
     */
    record Verdict(int acknowledged, int read, int missing, int duplicates, long writtenChecksum, long readChecksum) {
        boolean nothingLost() {
            return missing == 0 && duplicates == 0 && writtenChecksum == readChecksum;
        }
    }

    /** Reads the whole topic and compares it with what was acknowledged: each one once, checksums equal. */
    Verdict readBack(String bootstrapServers, Duration timeout) {
        Map<Integer, byte[]> read = new HashMap<>();
        int duplicates = 0;
        Map<String, Object> settings = new HashMap<>(security);
        settings.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                // A reader that created the topic it checks would hide its loss.
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings)) {
            // A broker just back may not know the topic yet, until the controller's metadata reaches it.
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            while (infos.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                infos = consumer.partitionsFor(topic);
            }
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (read.put(ByteBuffer.wrap(record.key()).getInt(), record.value()) != null) {
                        duplicates++;
                    }
                }
            }
        }
        BitSet acked;
        synchronized (acknowledged) {
            acked = (BitSet) acknowledged.clone();
        }
        CRC32 written = new CRC32();
        CRC32 readBack = new CRC32();
        int missing = 0;
        for (int sequence = acked.nextSetBit(0); sequence >= 0; sequence = acked.nextSetBit(sequence + 1)) {
            written.update(value(sequence));
            byte[] value = read.get(sequence);
            if (value == null) {
                missing++;
            } else {
                readBack.update(value);
            }
        }
        return new Verdict(acked.cardinality(), read.size(), missing, duplicates, written.getValue(), readBack.getValue());
    }

    private static byte[] key(int sequence) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(sequence).array();
    }

    /** The record's value: its sequence number, then filler derived from it, so a changed byte shows. */
    private static byte[] value(int sequence) {
        ByteBuffer value = ByteBuffer.allocate(RECORD_SIZE);
        value.putInt(sequence);
        while (value.hasRemaining()) {
            value.put((byte) (sequence * 31 + value.position()));
        }
        return value.array();
    }
}
