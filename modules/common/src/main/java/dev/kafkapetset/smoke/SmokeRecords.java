package dev.kafkapetset.smoke;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The records of one smoke run. Key: {@code <run id>:<sequence>} in ASCII, readable by any client.
 * Value: exactly {@code recordSize} bytes, the sequence number (8 bytes) then filler random per run.
 * Header {@value #CHECKSUM_HEADER}: CRC32C of key and value, so a record changed on its way shows.
 * Record {@code n} goes to partition {@code n % partitions}, so every partition (and leader) gets some.
 */
public final class SmokeRecords {
    public static final String CHECKSUM_HEADER = "crc32c";
    static final int MIN_RECORD_SIZE = Long.BYTES;

    private final String topic;
    private final String runId;
    private final int partitions;
    private final byte[] filler;

    SmokeRecords(String topic, String runId, int partitions, int recordSize) {
        if (recordSize < MIN_RECORD_SIZE) {
            throw new IllegalArgumentException("records hold at least their " + MIN_RECORD_SIZE + "-byte sequence number");
        }
        this.topic = topic;
        this.runId = runId;
        this.partitions = partitions;
        this.filler = new byte[recordSize];
        new SecureRandom().nextBytes(filler);
    }

    /** A fresh run id: 64 random bits in hex, so runs sharing a kept topic don't mix. */
    static String newRunId() {
        byte[] id = new byte[8];
        new SecureRandom().nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    String runId() {
        return runId;
    }

    int partitionOf(long sequence) {
        return (int) (sequence % partitions);
    }

    ProducerRecord<byte[], byte[]> record(long sequence) {
        byte[] key = (runId + ":" + sequence).getBytes(StandardCharsets.US_ASCII);
        byte[] value = filler.clone();
        ByteBuffer.wrap(value).putLong(0, sequence);
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader(CHECKSUM_HEADER, checksum(key, value)));
        return new ProducerRecord<>(topic, partitionOf(sequence), key, value, headers);
    }

    /** What a record read back says about itself; {@code sequence} -1 when it isn't this run's. */
    record Decoded(long sequence, boolean intact) {}

    Decoded decode(byte[] key, byte[] value, Iterable<Header> headers) {
        String prefix = runId + ":";
        String keyText = key == null ? "" : new String(key, StandardCharsets.US_ASCII);
        if (!keyText.startsWith(prefix)) {
            return new Decoded(-1, true);
        }
        long sequence;
        try {
            sequence = Long.parseLong(keyText.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return new Decoded(-1, true);
        }
        byte[] expected = null;
        for (Header header : headers) {
            if (CHECKSUM_HEADER.equals(header.key())) {
                expected = header.value();
            }
        }
        boolean intact = value != null && value.length == filler.length
                && ByteBuffer.wrap(value).getLong(0) == sequence
                && expected != null && Arrays.equals(expected, checksum(key, value));
        return new Decoded(sequence, intact);
    }

    private static byte[] checksum(byte[] key, byte[] value) {
        CRC32C crc = new CRC32C();
        crc.update(key);
        crc.update(value);
        return ByteBuffer.allocate(Integer.BYTES).putInt((int) crc.getValue()).array();
    }
}
