package dev.kafkapetset.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VerificationTest {
    static final int PARTITIONS = 2;
    static final int COUNT = 6;

    SmokeRecords records;
    long[] acked;
    Verification verification;

    @BeforeEach
    void sixRecordsAckedOverTwoPartitions() {
        records = new SmokeRecords("smoke", "run1", PARTITIONS, 20);
        // Sequence n went to partition n % 2 at offset n / 2.
        acked = new long[] {0, 0, 1, 1, 2, 2};
        verification = new Verification("smoke", records, PARTITIONS, acked);
    }

    void read(long sequence, long offset) {
        read(records.record(sequence), offset);
    }

    void read(ProducerRecord<byte[], byte[]> record, long offset) {
        verification.accept(record.partition(), offset, record.key(), record.value(), record.headers());
    }

    @Test
    void everyRecordOnceInOrderIsClean() {
        for (int sequence = 0; sequence < COUNT; sequence++) {
            read(sequence, acked[sequence]);
        }
        assertEquals(List.of(), verification.problems());
        assertEquals(COUNT, verification.verified());
    }

    @Test
    void missingRecordsAreCountedPerPartition() {
        read(0, 0);
        read(1, 0);
        read(3, 1);
        assertEquals(List.of(
                "partition smoke-0: 2 records missing (record 2 acknowledged at offset 1, and more)",
                "partition smoke-1: 1 record missing (record 5 acknowledged at offset 2)"), verification.problems());
    }

    @Test
    void recordsSentButNotAcknowledgedAreNotMissing() {
        acked[5] = -1;
        for (int sequence = 0; sequence < 5; sequence++) {
            read(sequence, acked[sequence]);
        }
        assertEquals(List.of(), verification.problems());
    }

    @Test
    void duplicatesAndReorderingAreFound() {
        read(0, 0);
        read(4, 1);
        read(2, 2);
        read(0, 3);
        assertEquals(List.of(
                "partition smoke-0: 2 records not at the offset acknowledged (record 4 acknowledged at 2, read at 1, and more)",
                "partition smoke-0: 2 records out of order (record 2 at offset 2 after record 4, and more)",
                "partition smoke-0: 1 record read twice (record 0 at offsets 0 and 3)",
                "partition smoke-1: 3 records missing (record 1 acknowledged at offset 0, and more)"),
                verification.problems());
        assertEquals(1, verification.verified());
    }

    @Test
    void changedValuesFailTheChecksum() {
        ProducerRecord<byte[], byte[]> record = records.record(2);
        record.value()[10] ^= 1;
        read(record, 1);
        ProducerRecord<byte[], byte[]> relabelled = records.record(4);
        relabelled.value()[7] = 2;
        read(relabelled, 2);
        assertEquals("partition smoke-0: 2 records corrupt (value or checksum changed) (record 2 at offset 1, and more)",
                verification.problems().get(0));
    }

    @Test
    void recordsInTheWrongPartitionAreFound() {
        ProducerRecord<byte[], byte[]> record = records.record(1);
        verification.accept(0, 0, record.key(), record.value(), record.headers());
        assertEquals("partition smoke-0: 1 record in the wrong partition (record 1 at offset 0)",
                verification.problems().get(0));
    }

    @Test
    void otherRunsRecordsAreSkipped() {
        SmokeRecords otherRun = new SmokeRecords("smoke", "run2", PARTITIONS, 20);
        read(otherRun.record(0), 0);
        assertEquals(1, verification.foreign());
        assertEquals(0, verification.verified());
    }
}
