package dev.kafkapetset.smoke;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kafka.TlsProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * smoke-produce's work: reach the cluster, open the smoke topic (a new one, or a smoke topic kept
 * earlier), write {@code count} records with acks=all and idempotence, read every one back and
 * verify it, then delete the topic if this run created it. Anything that stops the run early is a
 * {@link ToolException} with a one-line reason; a topic it created is deleted even when the run is
 * interrupted (Ctrl-C), however early ({@link TopicCleanUp}).
 */
public final class SmokeRun {
    private final KafkaTarget target;
    private final SmokeSettings settings;
    private final String runId = SmokeRecords.newRunId();
    private final Duration timeout;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private SmokeRun(KafkaTarget target, SmokeSettings settings) {
        this.target = target;
        this.settings = settings;
        this.timeout = settings.timeout();
        notes.addAll(target.notes());
    }

    public static SmokeReport run(KafkaTarget target, SmokeSettings settings) throws InterruptedException {
        return new SmokeRun(target, settings).run();
    }

    private SmokeReport run() throws InterruptedException {
        ReachedCluster.requireListening(target.bootstrapServers(), timeout);
        SmokeClients clients = new SmokeClients(target, runId, timeout);
        String name = settings.topic() != null ? settings.topic() : SmokeSettings.TOPIC_PREFIX + runId;
        try (Admin admin = clients.admin(); KafkaProducer<byte[], byte[]> producer = clients.producer()) {
            ReachedCluster cluster = ReachedCluster.describe(admin, target.bootstrapServers(), timeout);
            cluster.requireAdvertisedReachable(timeout);
            Integer expected = settings.expectedBrokers() != null ? settings.expectedBrokers() : target.expectedBrokers();
            List<Integer> planned = expected != null ? IntStream.range(0, expected).boxed().toList() : cluster.aliveIds();
            TopicPlan plan = TopicPlan.forBrokers(planned);
            TopicCleanUp onExit = settings.keepTopic() ? null : TopicCleanUp.register(clients, name, timeout);
            SmokeTopic topic = SmokeTopic.open(admin, producer, name, plan, cluster, timeout,
                    onExit == null ? creation -> { } : onExit::creating);
            if (onExit != null && !topic.created()) {
                onExit.unregister();
            }
            boolean deleteAfter = onExit != null && topic.created();
            notes.addAll(topic.reuseNotes(plan));
            // The topic's leaders were chosen after that first look: a broker that came alive in between (registered
            // with the KRaft controllers a moment after its pod turned ready) counts as the brokers now see it.
            cluster = ReachedCluster.describe(admin, target.bootstrapServers(), timeout);
            List<Integer> down = brokersDown(cluster, planned, topic, expected == null ? replicaBrokers(admin) : List.of());
            int underReplicated = topic.requireWritable(cluster, down);
            if (underReplicated > 0) {
                notes.add(underReplicated + " of " + topic.partitions().size() + " partitions are under-replicated,"
                        + " still within min.insync.replicas " + topic.minInsyncReplicas());
            }

            SmokeRecords records = new SmokeRecords(name, runId, topic.partitions().size(), settings.recordSize());
            Production production = Production.write(producer, records, topic.partitions().size(), settings.count());
            problems.addAll(production.failures(records, topic));
            Verification verification = new Verification(name, records, topic.partitions().size(), production.ackedOffsets);
            try (var consumer = clients.consumer()) {
                problems.addAll(ReadBack.read(consumer, name, production.ackedOffsets, records, verification, timeout));
            }
            problems.addAll(verification.problems());
            if (verification.foreign() > 0) {
                notes.add(verification.foreign() + " records of other runs were interleaved with this run's");
            }
            boolean kept = true;
            if (deleteAfter) {
                String stays = SmokeTopic.delete(admin, name);
                kept = stays != null;
                if (kept) {
                    notes.add("topic " + name + " is not deleted: " + stays + (down.isEmpty() ? ""
                            : " (Kafka finishes a deletion once broker " + SmokeTopic.ids(down) + " is back)"));
                }
                onExit.unregister();
            }
            String degraded = null;
            if (down.size() > 1) {
                problems.add(down.size() + " brokers are down (" + SmokeTopic.ids(down) + "): the cluster tolerates one");
            } else if (down.size() == 1) {
                degraded = "broker " + down.get(0) + " is down; the cluster takes writes without it, but can't lose another";
            }
            return new SmokeReport(cluster.clusterId(), cluster.controller(), protection(cluster),
                    cluster.alive().stream().map(node -> new SmokeReport.Broker(node.id(), node.host() + ":" + node.port()))
                            .toList(),
                    down,
                    new SmokeReport.Topic(name, topic.created(), topic.partitions().size(), topic.replicationFactor(),
                            topic.minInsyncReplicas(), kept),
                    runId, settings.count(), settings.recordSize(), production.acknowledged(), verification.verified(),
                    production.seconds(), production.recordsPerSecond(),
                    production.recordsPerSecond() * settings.recordSize() / 1e6, Latency.of(production.latencies()),
                    problems.isEmpty(), degraded, problems, notes);
        }
    }

    /**
     * How this run's clients got in: the protocol and login they used, and for TLS the version and
     * certificate the first broker alive showed to a handshake trusting the same CA.
     */
    private String protection(ReachedCluster cluster) {
        Map<String, String> settings = target.clientSettings();
        String protocol = settings.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        if (protocol.equals("PLAINTEXT")) {
            return "none: PLAINTEXT, no TLS, no login";
        }
        String login = settings.containsKey(SaslConfigs.SASL_MECHANISM) ? ", SASL " + settings.get(SaslConfigs.SASL_MECHANISM)
                : "";
        if (!settings.containsKey(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG) || cluster.alive().isEmpty()) {
            return protocol + login;
        }
        Node first = cluster.alive().get(0);
        TlsProbe tls = TlsProbe.handshake(first.host(), first.port(), settings, timeout);
        return protocol + login + " over " + tls.protocol() + " (" + tls.cipherSuite() + "); broker certificate "
                + tls.certificate() + ", valid until " + tls.expires();
    }

    /**
     * Every broker some partition has a replica on: the brokers the cluster has, alive or not, as far
     * as addresses alone can tell (a broker that holds nothing leaves no trace).
     */
    private static List<Integer> replicaBrokers(Admin admin) throws InterruptedException {
        try {
            List<String> topics = List.copyOf(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get());
            TreeSet<Integer> brokers = new TreeSet<>();
            for (var described : admin.describeTopics(topics).topicNameValues().values()) {
                TopicDescription topic;
                try {
                    topic = described.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        continue; // deleted since it was listed (an earlier smoke run's topic, say)
                    }
                    throw e;
                }
                topic.partitions().forEach(partition -> partition.replicas().stream().map(Node::id).forEach(brokers::add));
            }
            return List.copyOf(brokers);
        } catch (ExecutionException e) {
            throw ToolException.failed("listing the cluster's topics failed: " + e.getCause().getMessage());
        }
    }

    /** Expected brokers, and brokers holding replicas (of the smoke topic, of any topic), that are not alive. */
    private List<Integer> brokersDown(ReachedCluster cluster, List<Integer> planned, SmokeTopic topic, List<Integer> known) {
        TreeSet<Integer> down = new TreeSet<>(planned);
        down.addAll(topic.replicaBrokers());
        down.addAll(known);
        down.removeAll(cluster.aliveIds());
        if (!down.isEmpty()) {
            notes.add((down.size() == 1 ? "broker " : "brokers ") + SmokeTopic.ids(down) + (down.size() == 1 ? " is" : " are")
                    + " down (alive: " + SmokeTopic.ids(cluster.aliveIds()) + ")");
        }
        return List.copyOf(down);
    }
}
