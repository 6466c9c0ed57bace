package dev.kafkapetset.smoke;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.NetworkErrors;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * smoke-produce's work: reach the cluster, create (or reuse) the smoke topic, write {@code count}
 * records with acks=all and idempotence, read every one back and verify it, delete the topic.
 * Anything that stops the run early is a {@link ToolException} with a one-line reason.
 */
public final class SmokeTest {
    /** Connecting to an advertised address must not take the whole time-out when many are dead. */
    private static final Duration CONNECT_CHECK = Duration.ofSeconds(5);

    private final KafkaTarget target;
    private final SmokeSettings settings;
    private final String runId = SmokeRecords.newRunId();
    private final String topic;
    private final Integer expectedBrokers;
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private SmokeTest(KafkaTarget target, SmokeSettings settings) {
        this.target = target;
        this.settings = settings;
        this.topic = settings.topic() != null ? settings.topic() : SmokeSettings.TOPIC_PREFIX + runId;
        this.expectedBrokers = settings.expectedBrokers() != null ? settings.expectedBrokers() : target.expectedBrokers();
        notes.addAll(target.notes());
    }

    public static SmokeReport run(KafkaTarget target, SmokeSettings settings) throws InterruptedException {
        return new SmokeTest(target, settings).run();
    }

    private record Cluster(String clusterId, Integer controller, List<Node> alive) {
        List<Integer> aliveIds() {
            return alive.stream().map(Node::id).toList();
        }
    }

    /** The topic as the producer sees it, partitions in order. */
    private record TopicView(boolean created, List<PartitionInfo> partitions, int minInsyncReplicas) {
        int replicationFactor() {
            return partitions.get(0).replicas().length;
        }
    }

    private SmokeReport run() throws InterruptedException {
        Admin admin = connectAdmin();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig())) {
            Cluster cluster = describeCluster(admin);
            requireAdvertisedReachable(cluster.alive());
            List<Integer> planned = expectedBrokers != null
                    ? IntStream.range(0, expectedBrokers).boxed().toList()
                    : cluster.aliveIds();
            TopicPlan plan = TopicPlan.forBrokers(planned);
            boolean created = createIfAbsent(admin, plan, cluster);
            TopicView view = new TopicView(created, partitions(producer),
                    created ? plan.minInsyncReplicas() : minInsyncReplicas(admin));
            describeReuse(view, plan);
            List<Integer> down = brokersDown(cluster, planned, view);
            requireWritable(view, cluster, down);

            SmokeRecords records = new SmokeRecords(topic, runId, view.partitions().size(), settings.recordSize());
            Production production = produce(producer, records, view);
            Verification verification = new Verification(topic, records, view.partitions().size(),
                    production.ackedOffsets);
            readBack(verification, production.ackedOffsets, records);
            problems.addAll(verification.problems());
            if (verification.foreign() > 0) {
                notes.add(verification.foreign() + " records of other runs were interleaved with this run's");
            }
            boolean kept = settings.keepTopic() || !deleteTopic(admin, down);
            return new SmokeReport(cluster.clusterId(), cluster.controller(),
                    cluster.alive().stream().map(node -> new SmokeReport.Broker(node.id(), node.host() + ":" + node.port()))
                            .toList(),
                    down,
                    new SmokeReport.Topic(topic, view.created(), view.partitions().size(), view.replicationFactor(),
                            view.minInsyncReplicas(), kept),
                    runId, settings.count(), settings.recordSize(), production.acknowledged, verification.verified(),
                    production.seconds(), production.recordsPerSecond(),
                    production.recordsPerSecond() * settings.recordSize() / 1e6, Latency.of(production.latencies()),
                    problems.isEmpty(), problems, notes);
        } finally {
            admin.close(CONNECT_CHECK);
        }
    }

    private int millis() {
        return (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
    }

    private Properties clientConfig() {
        Properties config = new Properties();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(CommonClientConfigs.CLIENT_ID_CONFIG, "kafka-petset-smoke-" + runId);
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(Math.min(millis(), 30_000)));
        return config;
    }

    private Properties producerConfig() {
        Properties config = clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(millis()));
        // Kafka wants delivery.timeout.ms > request.timeout.ms + linger.ms.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(Math.max(millis(), Math.min(millis(), 30_000) + 1)));
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return config;
    }

    private Admin connectAdmin() {
        Properties config = clientConfig();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Integer.toString(millis()));
        try {
            return Admin.create(config);
        } catch (KafkaException e) {
            throw ToolException.unreachable("no broker reachable: none of " + target.bootstrapServers()
                    + " resolves to an address", e);
        }
    }

    private Cluster describeCluster(Admin admin) throws InterruptedException {
        DescribeClusterResult result = admin.describeCluster();
        try {
            List<Node> alive = new ArrayList<>(result.nodes().get());
            alive.sort(Comparator.comparingInt(Node::id));
            Node controller = result.controller().get();
            return new Cluster(result.clusterId().get(),
                    controller == null || controller.isEmpty() ? null : controller.id(), alive);
        } catch (ExecutionException e) {
            String within = Durations.format(settings.timeout());
            for (String server : target.bootstrapServers().split(",")) {
                if (connectError(Utils.getHost(server), Utils.getPort(server)) == null) {
                    throw ToolException.unreachable("brokers answer at " + server + ", but no request completed within "
                            + within + ": the addresses they advertise can't be reached from here", e.getCause());
                }
            }
            throw ToolException.unreachable("no broker reachable at " + target.bootstrapServers() + " within "
                    + within + " (" + e.getCause().getMessage() + ")", e.getCause());
        }
    }

    /** The brokers send clients to their advertised addresses: each must be reachable from here. */
    private void requireAdvertisedReachable(List<Node> alive) {
        for (Node broker : alive) {
            IOException error = connectError(broker.host(), broker.port());
            if (error != null) {
                throw ToolException.failed("broker " + broker.id() + " advertises " + broker.host() + ":" + broker.port()
                        + ", which can't be reached from here (" + NetworkErrors.describe(error) + "); clients are sent"
                        + " to that address, so it must be reachable from where this runs");
            }
        }
    }

    /** Why a TCP connection to {@code host:port} fails, or null when it opens. */
    private IOException connectError(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(millis(), CONNECT_CHECK.toMillis()));
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Creates the topic as planned unless it exists; returns whether this run created it. */
    private boolean createIfAbsent(Admin admin, TopicPlan plan, Cluster cluster) throws InterruptedException {
        try {
            admin.describeTopics(List.of(topic)).allTopicNames().get();
            return false;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw ToolException.failed("describing topic " + topic + " failed: " + e.getCause().getMessage());
            }
        }
        if (cluster.alive().size() < plan.minInsyncReplicas()) {
            throw ToolException.failed("not enough brokers for replication factor " + plan.replicationFactor()
                    + " with min.insync.replicas " + plan.minInsyncReplicas() + ": only " + cluster.alive().size()
                    + " alive (" + ids(cluster.aliveIds()) + ")");
        }
        NewTopic newTopic = new NewTopic(topic, plan.assignment())
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(plan.minInsyncReplicas())));
        try {
            admin.createTopics(List.of(newTopic)).all().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw ToolException.failed("creating topic " + topic + " was refused: " + e.getCause().getMessage());
        }
    }

    /**
     * The topic's partitions, once the producer's metadata has them: a broker answers creation before
     * all the others know the topic, and this is the client's own wait for that.
     */
    private List<PartitionInfo> partitions(KafkaProducer<byte[], byte[]> producer) {
        try {
            List<PartitionInfo> partitions = new ArrayList<>(producer.partitionsFor(topic));
            partitions.sort(Comparator.comparingInt(PartitionInfo::partition));
            return partitions;
        } catch (TimeoutException e) {
            throw ToolException.failed("topic " + topic + " did not show in the brokers' metadata within "
                    + Durations.format(settings.timeout()) + "; is it being deleted? (" + e.getMessage() + ")");
        }
    }

    private int minInsyncReplicas(Admin admin) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            return Integer.parseInt(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
        } catch (ExecutionException e) {
            throw ToolException.failed("reading the configuration of topic " + topic + " failed: "
                    + e.getCause().getMessage());
        }
    }

    /** A reused topic may be smaller than this cluster deserves: say what that leaves untested. */
    private void describeReuse(TopicView view, TopicPlan plan) {
        if (view.created()) {
            return;
        }
        notes.add("reused the existing topic " + topic);
        if (view.partitions().size() < plan.partitions()) {
            notes.add("topic " + topic + " has " + view.partitions().size() + " partitions for " + plan.partitions()
                    + " brokers, so some brokers lead none of them; delete it to have it made anew");
        }
        if (view.replicationFactor() < plan.replicationFactor()) {
            notes.add("topic " + topic + " is replicated " + view.replicationFactor() + " times, fewer than the "
                    + plan.replicationFactor() + " this cluster allows; delete it to have it made anew");
        }
    }

    /** Expected brokers, and brokers holding the topic's replicas, that are not alive. */
    private List<Integer> brokersDown(Cluster cluster, List<Integer> planned, TopicView view) {
        TreeSet<Integer> down = new TreeSet<>(planned);
        view.partitions().forEach(partition -> Arrays.stream(partition.replicas()).forEach(node -> down.add(node.id())));
        down.removeAll(cluster.aliveIds());
        if (!down.isEmpty()) {
            notes.add((down.size() == 1 ? "broker " : "brokers ") + ids(down) + (down.size() == 1 ? " is" : " are")
                    + " down (alive: " + ids(cluster.aliveIds()) + ")");
        }
        return List.copyOf(down);
    }

    /** Fails before sending when a partition can't take acks=all writes, naming it and why. */
    private void requireWritable(TopicView view, Cluster cluster, List<Integer> down) {
        int underReplicated = 0;
        for (PartitionInfo partition : view.partitions()) {
            String name = topic + "-" + partition.partition();
            List<Integer> replicas = nodeIds(partition.replicas());
            List<Integer> inSync = nodeIds(partition.inSyncReplicas());
            Node leader = partition.leader();
            if (leader == null || leader.isEmpty()) {
                throw ToolException.failed("partition " + name + " has no leader: its replicas (broker "
                        + ids(replicas) + ") are " + (down.containsAll(replicas) ? "down" : "out of sync"));
            }
            if (!cluster.aliveIds().contains(leader.id())) {
                throw ToolException.failed("partition " + name + " is led by broker " + leader.id()
                        + ", which is not alive");
            }
            if (inSync.size() < view.minInsyncReplicas()) {
                throw ToolException.failed("partition " + name + " has " + inSync.size() + " replica(s) in sync (broker "
                        + ids(inSync) + " of " + ids(replicas) + "), fewer than min.insync.replicas "
                        + view.minInsyncReplicas() + ": acks=all writes would be refused");
            }
            if (inSync.size() < replicas.size()) {
                underReplicated++;
            }
        }
        if (underReplicated > 0) {
            notes.add(underReplicated + " of " + view.partitions().size() + " partitions are under-replicated,"
                    + " still within min.insync.replicas " + view.minInsyncReplicas());
        }
    }

    /** What the brokers acknowledged, by sequence number, and how fast once warmed up. */
    private static final class Production {
        final long[] ackedOffsets;
        final long[] latencyNanos;
        final Exception[] failures;
        long startNanos;
        long lastAckNanos;
        int acknowledged;
        int timed;

        Production(int count) {
            ackedOffsets = new long[count];
            Arrays.fill(ackedOffsets, -1);
            latencyNanos = new long[count];
            failures = new Exception[count];
        }

        void acknowledge(int sequence, long sentNanos, RecordMetadata metadata, Exception error) {
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
    }

    /**
     * Sends every record, then waits for all acknowledgements. The first record of each partition
     * goes alone, untimed: a new topic's followers start fetching only after their first round trip,
     * which says nothing about the cluster's pace. The callbacks run on the producer's I/O thread;
     * flush() orders their writes before the reads that follow.
     */
    private Production produce(KafkaProducer<byte[], byte[]> producer, SmokeRecords records, TopicView view) {
        Production production = new Production(settings.count());
        int warmUp = Math.min(view.partitions().size(), settings.count());
        send(producer, records, production, 0, warmUp);
        producer.flush();
        production.startNanos = System.nanoTime();
        send(producer, records, production, warmUp, settings.count());
        producer.flush();
        reportFailures(production, records, view);
        return production;
    }

    private void send(KafkaProducer<byte[], byte[]> producer, SmokeRecords records, Production production, int from,
            int to) {
        for (int sequence = from; sequence < to; sequence++) {
            int seq = sequence;
            long sent = System.nanoTime();
            try {
                producer.send(records.record(seq), (metadata, error) -> production.acknowledge(seq, sent, metadata, error));
            } catch (KafkaException e) {
                // Sending blocked for max.block.ms (no metadata, buffer full): the rest would too.
                Arrays.fill(production.failures, seq, settings.count(), e);
                return;
            }
        }
    }

    /** One line per partition that lost writes, with its leader and the first error. */
    private void reportFailures(Production production, SmokeRecords records, TopicView view) {
        Map<Integer, List<Integer>> failedByPartition = new TreeMap<>();
        for (int sequence = 0; sequence < production.failures.length; sequence++) {
            if (production.failures[sequence] != null) {
                failedByPartition.computeIfAbsent(records.partitionOf(sequence), p -> new ArrayList<>()).add(sequence);
            }
        }
        failedByPartition.forEach((partition, failed) -> {
            Exception first = production.failures[failed.get(0)];
            problems.add("partition " + topic + "-" + partition + " (leader broker "
                    + view.partitions().get(partition).leader().id() + "): " + failed.size()
                    + " records not acknowledged: " + first.getClass().getSimpleName() + ": " + first.getMessage());
        });
    }

    /** Reads each partition from its first acknowledged offset to its last, feeding {@code verification}. */
    private void readBack(Verification verification, long[] ackedOffsets, SmokeRecords records) {
        Map<TopicPartition, Long> from = new HashMap<>();
        Map<TopicPartition, Long> to = new HashMap<>();
        for (int sequence = 0; sequence < ackedOffsets.length; sequence++) {
            if (ackedOffsets[sequence] >= 0) {
                TopicPartition partition = new TopicPartition(topic, records.partitionOf(sequence));
                from.merge(partition, ackedOffsets[sequence], Math::min);
                to.merge(partition, ackedOffsets[sequence] + 1, Math::max);
            }
        }
        Properties config = clientConfig();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Collection<TopicPartition> remaining = new ArrayList<>(from.keySet());
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))) {
                        verification.accept(record.partition(), record.offset(), record.key(), record.value(),
                                record.headers());
                    }
                }
                remaining.removeIf(partition -> consumer.position(partition) >= to.get(partition));
            }
            for (TopicPartition partition : remaining) {
                problems.add("partition " + partition + ": reading back stopped at offset " + consumer.position(partition)
                        + " of " + to.get(partition) + " after " + Durations.format(settings.timeout()));
            }
        }
    }

    /** Deletes the topic; returns false (and says why) when it is still there. */
    private boolean deleteTopic(Admin admin, List<Integer> down) throws InterruptedException {
        try {
            admin.deleteTopics(List.of(topic)).all().get();
            return true;
        } catch (ExecutionException e) {
            notes.add("topic " + topic + " is not deleted: " + e.getCause().getMessage()
                    + (down.isEmpty() ? "" : " (Kafka finishes a deletion once broker " + ids(down) + " is back)"));
            return false;
        }
    }

    private static List<Integer> nodeIds(Node[] nodes) {
        return nodes == null ? List.of() : Arrays.stream(nodes).map(Node::id).toList();
    }

    private static String ids(Collection<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
