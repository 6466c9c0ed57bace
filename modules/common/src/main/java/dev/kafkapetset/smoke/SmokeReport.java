package dev.kafkapetset.smoke;

import dev.kafkapetset.cli.CheckReport;
import java.util.List;
import java.util.Locale;

/**
 * What smoke-produce did and found.
 *
 * @param brokers the live brokers with the address each advertises
 * @param brokersDown brokers expected (or holding replicas of the topic) but not alive
 * @param acknowledged records the brokers acknowledged with acks=all
 * @param verified records read back with nothing wrong
 * @param recordsPerSecond acknowledged records over the time from the first send to the last acknowledgement
 * @param latency send-to-acknowledgement latency; null when nothing was acknowledged
 * @param degraded why the cluster passed but is not whole (a broker down); null when it is
 * @param protection how the run reached and logged in to the brokers: TLS and SASL, or none
 */
public record SmokeReport(
        String clusterId,
        Integer controller,
        String protection,
        List<Broker> brokers,
        List<Integer> brokersDown,
        Topic topic,
        String runId,
        int count,
        int recordSize,
        int acknowledged,
        int verified,
        double produceSeconds,
        double recordsPerSecond,
        double megabytesPerSecond,
        Latency latency,
        boolean healthy,
        String degraded,
        List<String> problems,
        List<String> notes) implements CheckReport {

    public record Broker(int id, String address) {}

    /**
     * @param created false when an existing topic was reused
     * @param kept false when it was deleted after the run
     */
    public record Topic(String name, boolean created, int partitions, int replicationFactor, int minInsyncReplicas,
            boolean kept) {}

    public SmokeReport {
        brokers = List.copyOf(brokers);
        brokersDown = List.copyOf(brokersDown);
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    @Override
    public String text() {
        StringBuilder text = new StringBuilder();
        text.append("Kafka cluster ").append(clusterId).append(": ").append(brokers.size())
                .append(brokers.size() == 1 ? " broker alive" : " brokers alive");
        if (controller != null) {
            text.append(", controller broker ").append(controller);
        }
        text.append('\n');
        text.append("  protection: ").append(protection).append('\n');
        for (Broker broker : brokers) {
            text.append("  broker ").append(broker.id()).append("  ").append(broker.address()).append('\n');
        }
        text.append(String.format(Locale.ROOT,
                "Topic %s: %s, %d partitions, replication factor %d, min.insync.replicas %d%n",
                topic.name(), topic.created() ? "created" : "reused", topic.partitions(), topic.replicationFactor(),
                topic.minInsyncReplicas()));
        text.append(String.format(Locale.ROOT,
                "Produced %d of %d records (%d bytes each, acks=all, idempotent) in %.2f s: %,.0f records/s, %.2f MB/s%n",
                acknowledged, count, recordSize, produceSeconds, recordsPerSecond, megabytesPerSecond));
        if (latency != null) {
            text.append(String.format(Locale.ROOT, "Produce latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    latency.p50Millis(), latency.p99Millis(), latency.maxMillis()));
        }
        text.append("Read back and verified ").append(verified).append(" of ").append(count)
                .append(" records of run ").append(runId)
                .append(verified == count ? ": each once, in order per partition, checksums intact\n" : "\n");
        text.append("Topic ").append(topic.name()).append(topic.kept() ? " kept\n" : " deleted\n");
        CheckReport.appendVerdict(text, notes, problems, degraded);
        return text.toString();
    }
}
