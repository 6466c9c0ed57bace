package dev.kafkapetset.smoke;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;

/**
 * Checks the records read back against what the brokers acknowledged: each acknowledged record read
 * exactly once, at the partition and offset it was acknowledged at, after the records sent before it
 * to that partition, with key, value and checksum intact.
 */
final class Verification {
    private final String topic;
    private final SmokeRecords records;
    private final long[] ackedOffsets;
    private final long[] readOffsets;
    private final long[] lastSequence;
    private final Map<Fault, Finding> findings = new HashMap<>();
    private int verified;
    private int foreign;

    /** @param ackedOffsets by sequence number: the offset the broker acknowledged, or -1 when the send failed */
    Verification(String topic, SmokeRecords records, int partitions, long[] ackedOffsets) {
        this.topic = topic;
        this.records = records;
        this.ackedOffsets = ackedOffsets;
        this.readOffsets = new long[ackedOffsets.length];
        Arrays.fill(readOffsets, -1);
        this.lastSequence = new long[partitions];
        Arrays.fill(lastSequence, -1);
    }

    private record Fault(int partition, String kind) {}

    private static final class Finding {
        int count;
        final String example;

        Finding(String example) {
            this.example = example;
        }
    }

    void accept(int partition, long offset, byte[] key, byte[] value, Iterable<Header> headers) {
        SmokeRecords.Decoded decoded = records.decode(key, value, headers);
        long sequence = decoded.sequence();
        if (sequence < 0) {
            foreign++;
            return;
        }
        if (sequence >= ackedOffsets.length) {
            find(partition, "beyond the count sent", "record " + sequence + " at offset " + offset);
            return;
        }
        boolean good = true;
        if (!decoded.intact()) {
            good = find(partition, "corrupt (value or checksum changed)", "record " + sequence + " at offset " + offset);
        }
        if (records.partitionOf(sequence) != partition) {
            good = find(partition, "in the wrong partition", "record " + sequence + " at offset " + offset);
        }
        if (readOffsets[(int) sequence] >= 0) {
            good = find(partition, "read twice", "record " + sequence + " at offsets "
                    + readOffsets[(int) sequence] + " and " + offset);
        } else {
            readOffsets[(int) sequence] = offset;
            if (ackedOffsets[(int) sequence] >= 0 && ackedOffsets[(int) sequence] != offset) {
                good = find(partition, "not at the offset acknowledged", "record " + sequence + " acknowledged at "
                        + ackedOffsets[(int) sequence] + ", read at " + offset);
            }
        }
        if (sequence <= lastSequence[partition]) {
            good = find(partition, "out of order", "record " + sequence + " at offset " + offset + " after record "
                    + lastSequence[partition]);
        } else {
            lastSequence[partition] = sequence;
        }
        if (good) {
            verified++;
        }
    }

    /** Always false, so that a finding also marks the record as not verified. */
    private boolean find(int partition, String kind, String example) {
        record(findings, partition, kind, example);
        return false;
    }

    private static void record(Map<Fault, Finding> findings, int partition, String kind, String example) {
        findings.computeIfAbsent(new Fault(partition, kind), fault -> new Finding(example)).count++;
    }

    /** Everything wrong, one line per partition and kind of fault; missing records included. */
    List<String> problems() {
        Map<Fault, Finding> all = new TreeMap<>(Comparator.comparingInt(Fault::partition).thenComparing(Fault::kind));
        all.putAll(findings);
        for (int sequence = 0; sequence < ackedOffsets.length; sequence++) {
            if (ackedOffsets[sequence] >= 0 && readOffsets[sequence] < 0) {
                record(all, records.partitionOf(sequence), "missing", "record " + sequence
                        + " acknowledged at offset " + ackedOffsets[sequence]);
            }
        }
        List<String> problems = new ArrayList<>();
        all.forEach((fault, finding) -> problems.add("partition " + topic + "-" + fault.partition() + ": "
                + finding.count + (finding.count == 1 ? " record " : " records ") + fault.kind()
                + " (" + finding.example + (finding.count == 1 ? ")" : ", and more)")));
        return problems;
    }

    /** Records of this run read back with nothing wrong. */
    int verified() {
        return verified;
    }

    /** Records of other runs found among this run's (a kept topic shared by concurrent runs). */
    int foreign() {
        return foreign;
    }
}
