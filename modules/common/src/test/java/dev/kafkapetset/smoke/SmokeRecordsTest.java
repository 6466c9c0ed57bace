package dev.kafkapetset.smoke;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class SmokeRecordsTest {
    final SmokeRecords records = new SmokeRecords("smoke", "abc123", 3, 100);

    @Test
    void recordsCarryRunIdSequenceAndExactSize() {
        ProducerRecord<byte[], byte[]> record = records.record(41);
        assertEquals("abc123:41", new String(record.key(), StandardCharsets.US_ASCII));
        assertEquals(100, record.value().length);
        assertEquals(2, record.partition());
        assertEquals("smoke", record.topic());
        assertEquals(4, record.headers().lastHeader(SmokeRecords.CHECKSUM_HEADER).value().length);
    }

    @Test
    void readsBackWhatItWrote() {
        ProducerRecord<byte[], byte[]> record = records.record(7);
        assertEquals(new SmokeRecords.Decoded(7, true), records.decode(record.key(), record.value(), record.headers()));
    }

    @Test
    void aMissingChecksumIsNotIntact() {
        ProducerRecord<byte[], byte[]> record = records.record(7);
        assertFalse(records.decode(record.key(), record.value(), new RecordHeaders()).intact());
    }

    @Test
    void otherKeysAreNotThisRuns() {
        assertEquals(-1, records.decode("other:1".getBytes(StandardCharsets.US_ASCII), new byte[100], new RecordHeaders())
                .sequence());
        assertEquals(-1, records.decode(null, new byte[100], new RecordHeaders()).sequence());
        assertEquals(-1, records.decode("abc123:x".getBytes(StandardCharsets.US_ASCII), new byte[100], new RecordHeaders())
                .sequence());
    }

    @Test
    void runIdsDiffer() {
        String id = SmokeRecords.newRunId();
        assertTrue(id.matches("[0-9a-f]{16}"), id);
        assertNotEquals(id, SmokeRecords.newRunId());
    }

    @Test
    void valuesDifferBySequence() {
        byte[] first = records.record(1).value();
        byte[] second = records.record(2).value();
        assertFalse(Arrays.equals(first, second));
        assertArrayEquals(Arrays.copyOfRange(first, 8, 100), Arrays.copyOfRange(second, 8, 100));
    }
}
