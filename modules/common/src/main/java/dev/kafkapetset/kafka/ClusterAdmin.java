package dev.kafkapetset.kafka;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.Reassignment.Move;
import dev.kafkapetset.kafka.Reassignment.Partition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitionReassignment;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.BrokerIdNotRegisteredException;
import org.apache.kafka.server.common.MetadataVersion;

/** What the day-2 steps ask of Kafka itself, through its AdminClient: where replicas are, and moving them. */
public final class ClusterAdmin implements AutoCloseable {
    /** Kafka has no way to wait for a reassignment or a setting to spread: ask again this often. */
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Admin admin;
    private final Duration timeout;

    private ClusterAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Connects lazily to {@code target}, logged in as it says; each request gives up after {@code timeout}. */
    public static ClusterAdmin connect(KafkaTarget target, Duration timeout) {
        Properties config = new Properties();
        config.putAll(target.clientSettings());
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "kafka-petset-admin");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        // A sixth of the time, so that a broker that takes a connection and never answers (a port-forward stream
        // hung half-way) is dropped in time to ask another. Such a bootstrap address costs two of these (the client
        // keeps the connection it is still opening for its second try), a broker one more: half the time is left for
        // the answers. Never under 2 s.
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout.toMillis(),
                Math.min(30_000, Math.max(2_000, timeout.toMillis() / 6)))));
        // A dropped broker is not picked again at once (after 50 ms by default): the question goes to another.
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "1000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        return new ClusterAdmin(Admin.create(config), timeout);
    }

    /**
     * The cluster as its brokers see it: its id, the brokers alive (registered) now, and the
     * controller's id (null while none is elected).
     */
    public record Cluster(String id, Set<Integer> alive, Integer controller) {}

    public Cluster describeCluster() {
        DescribeClusterResult cluster = admin.describeCluster();
        Node controller = get(cluster.controller());
        return new Cluster(get(cluster.clusterId()),
                get(cluster.nodes()).stream().map(Node::id).collect(Collectors.toCollection(TreeSet::new)),
                controller == null || controller.isEmpty() ? null : controller.id());
    }

    /**
     * The KRaft controllers' quorum, as its leader sees it (KRaft-mode brokers forward the question).
     *
     * @param highWatermark the leader's high watermark: what a majority of the voters holds
     * @param voters each voter's state, by node id
     */
    public record Quorum(int leader, long highWatermark, Map<Integer, Voter> voters) {
        /** The voters other than {@code without} that caught up with the leader's log within {@code lag}. */
        public List<Integer> caughtUp(Duration lag, int without) {
            return voters.entrySet().stream().filter(voter -> voter.getKey() != without)
                    .filter(voter -> voter.getValue().behind() != null && voter.getValue().behind().compareTo(lag) <= 0)
                    .map(Map.Entry::getKey).sorted().toList();
        }
    }

    /**
     * @param logEndOffset where its log ends, as the leader last heard
     * @param behind how long before the leader's now it last caught up with the leader's log (the
     *     leader's clock, so no two clocks are compared); null if it never did
     */
    public record Voter(long logEndOffset, Duration behind) {}

    public Quorum describeQuorum() {
        QuorumInfo quorum = get(admin.describeMetadataQuorum().quorumInfo());
        // The leader's own state carries its now.
        long now = quorum.voters().stream().mapToLong(voter -> voter.lastCaughtUpTimestamp().orElse(0)).max().orElse(0);
        Map<Integer, Voter> voters = new TreeMap<>();
        for (QuorumInfo.ReplicaState voter : quorum.voters()) {
            voters.put(voter.replicaId(), new Voter(voter.logEndOffset(), voter.lastCaughtUpTimestamp().isPresent()
                    ? Duration.ofMillis(now - voter.lastCaughtUpTimestamp().getAsLong()) : null));
        }
        return new Quorum(quorum.leaderId(), quorum.highWatermark(), voters);
    }

    /** The cluster's finalized {@code metadata.version}, which the KRaft controllers keep in their log. */
    public MetadataVersion metadataVersion() {
        FinalizedVersionRange finalized = get(admin.describeFeatures().featureMetadata()).finalizedFeatures()
                .get(MetadataVersion.FEATURE_NAME);
        if (finalized == null) {
            throw ToolException.failed("Kafka names no finalized " + MetadataVersion.FEATURE_NAME + ": are its brokers in"
                    + " KRaft mode?");
        }
        return MetadataVersion.fromFeatureLevel(finalized.maxVersionLevel());
    }

    /**
     * Raises the cluster's {@code metadata.version} to {@code target}; the controllers refuse unless
     * every registered broker and every controller supports it. Never lowers it.
     *
     * @return the version before
     */
    public MetadataVersion raiseMetadataVersion(MetadataVersion target) {
        MetadataVersion current = metadataVersion();
        if (current.isLessThan(target)) {
            get(admin.updateFeatures(Map.of(MetadataVersion.FEATURE_NAME, new FeatureUpdate(target.featureLevel(),
                    FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all());
        }
        return current;
    }

    /**
     * Removes broker {@code id}'s registration from the KRaft controllers, which keep a stopped
     * broker's, fenced, until told (and a metadata.version upgrade waits for every registered broker);
     * one they don't hold is already done.
     */
    public void unregister(int id) {
        try {
            get(admin.unregisterBroker(id).all());
        } catch (ToolException refused) {
            if (!(refused.getCause() instanceof BrokerIdNotRegisteredException)) {
                throw refused;
            }
        }
    }

    /** Each topic's {@code min.insync.replicas}, its own or the brokers' default. */
    public Map<String, Integer> minInsyncReplicas(Collection<String> topics) {
        List<ConfigResource> resources = topics.stream().map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic))
                .toList();
        Map<String, Integer> minimums = new HashMap<>();
        get(admin.describeConfigs(resources).all()).forEach((resource, config) -> minimums.put(resource.name(),
                Integer.parseInt(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value())));
        return minimums;
    }

    /** Broker {@code id}'s values of {@code names}, whatever their source; a name it doesn't report is left out. */
    public Map<String, String> brokerSettings(int id, List<String> names) {
        ConfigResource broker = brokerResource(id);
        return values(get(admin.describeConfigs(List.of(broker)).all()).get(broker), names);
    }

    /**
     * The values of {@code names} (as {@link #brokerSettings}) of whichever of {@code brokers} answers
     * first. They are all asked at once, so that one broker that never answers does not hold the
     * answer up; refused only when none answers.
     */
    public Map<String, String> anyBrokersSettings(Collection<Integer> brokers, List<String> names) {
        if (brokers.isEmpty()) {
            throw new IllegalArgumentException("no broker to ask");
        }
        List<ConfigResource> resources = brokers.stream().map(ClusterAdmin::brokerResource).toList();
        CompletableFuture<Config> first = new CompletableFuture<>();
        AtomicInteger unanswered = new AtomicInteger(resources.size());
        admin.describeConfigs(resources).values().values().forEach(answer -> answer.whenComplete((config, failure) -> {
            if (failure == null) {
                first.complete(config);
            } else if (unanswered.decrementAndGet() == 0) {
                // The admin client's own failure, as the futures it completes carry it (not wrapped).
                first.completeExceptionally(failure);
            }
        }));
        return values(get(first), names);
    }

    private static ConfigResource brokerResource(int id) {
        return new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(id));
    }

    private static Map<String, String> values(Config config, List<String> names) {
        Map<String, String> values = new TreeMap<>();
        for (ConfigEntry entry : config.entries()) {
            if (names.contains(entry.name()) && entry.value() != null) {
                values.put(entry.name(), entry.value());
            }
        }
        return values;
    }

    /** The broker settings set at run time as defaults for the whole cluster (dynamic cluster-wide). */
    public Map<String, String> clusterDefaults() {
        ConfigResource defaults = new ConfigResource(ConfigResource.Type.BROKER, "");
        Map<String, String> settings = new TreeMap<>();
        for (ConfigEntry entry : get(admin.describeConfigs(List.of(defaults)).all()).get(defaults).entries()) {
            if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG) {
                settings.put(entry.name(), entry.value());
            }
        }
        return settings;
    }

    /**
     * Sets {@code settings} as defaults for the whole cluster, at run time: no broker restarts. Each
     * broker learns of them from ZooKeeper a moment later; this returns once every broker registered
     * now reports them, so that what was set is in effect.
     */
    public void setClusterDefaults(Map<String, String> settings) {
        List<AlterConfigOp> operations = settings.entrySet().stream()
                .map(setting -> new AlterConfigOp(new ConfigEntry(setting.getKey(), setting.getValue()), AlterConfigOp.OpType.SET))
                .toList();
        get(admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.BROKER, ""), operations)).all());
        Instant deadline = Instant.now().plus(timeout);
        List<String> behind = brokersWithout(settings);
        while (!behind.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw ToolException.failed("the cluster-wide broker settings are set, but broker " + String.join(", ", behind)
                        + " did not take them within " + Durations.format(timeout) + "; its log says why");
            }
            pause("the cluster-wide broker settings are set; not every broker reported them yet");
            behind = brokersWithout(settings);
        }
    }

    /** The brokers registered now that don't yet report each of {@code settings} (sensitive ones, which none shows, aside). */
    private List<String> brokersWithout(Map<String, String> settings) {
        List<ConfigResource> brokers = describeCluster().alive().stream()
                .map(ClusterAdmin::brokerResource)
                .toList();
        List<String> behind = new ArrayList<>();
        get(admin.describeConfigs(brokers).all()).forEach((broker, config) -> {
            boolean holds = settings.entrySet().stream().allMatch(setting -> {
                ConfigEntry entry = config.get(setting.getKey());
                return entry != null && (entry.isSensitive() || setting.getValue().equals(entry.value()));
            });
            if (!holds) {
                behind.add(broker.name());
            }
        });
        behind.sort(Comparator.comparingInt(Integer::parseInt));
        return behind;
    }

    private static void pause(String interrupted) {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted: " + interrupted);
        }
    }

    /** Every partition of every topic, internal ones too, with its replicas and those in sync. */
    public List<Partition> partitions() {
        List<Partition> partitions = new ArrayList<>();
        for (TopicDescription topic : descriptions().values()) {
            for (TopicPartitionInfo info : topic.partitions()) {
                partitions.add(new Partition(topic.name(), info.partition(), info.replicas().stream().map(Node::id).toList(),
                        info.isr().stream().map(Node::id).toList()));
            }
        }
        partitions.sort(Comparator.comparing(Partition::topic).thenComparing(Partition::partition));
        return partitions;
    }

    /** The partitions with fewer in-sync replicas than replicas, as {@code topic-partition}. */
    public List<String> underReplicated() {
        List<String> under = new ArrayList<>();
        for (TopicDescription topic : descriptions().values()) {
            for (TopicPartitionInfo info : topic.partitions()) {
                if (info.isr().size() < info.replicas().size()) {
                    under.add(topic.name() + "-" + info.partition());
                }
            }
        }
        under.sort(null);
        return under;
    }

    /**
     * Carries out {@code moves} and waits, up to {@code patience}, until Kafka has finished them and
     * every moved partition is fully in sync on its new replicas, reporting how many are left.
     */
    public void reassign(List<Move> moves, Duration patience, Report report) {
        Map<TopicPartition, Optional<NewPartitionReassignment>> wanted = new HashMap<>();
        for (Move move : moves) {
            wanted.put(new TopicPartition(move.topic(), move.partition()), Optional.of(new NewPartitionReassignment(move.to())));
        }
        get(admin.alterPartitionReassignments(wanted).all());
        report.line("reassigning " + moves.size() + " partition" + (moves.size() == 1 ? "" : "s") + "...");
        Instant deadline = Instant.now().plus(patience);
        int left = moves.size();
        while (true) {
            int moving = get(admin.listPartitionReassignments(wanted.keySet()).reassignments()).size();
            List<String> lagging = new ArrayList<>();
            Map<String, TopicDescription> topics = descriptions();
            for (Move move : moves) {
                TopicPartitionInfo info = topics.get(move.topic()).partitions().get(move.partition());
                if (!info.replicas().stream().map(Node::id).toList().equals(move.to()) || info.isr().size() < move.to().size()) {
                    lagging.add(move.topic() + "-" + move.partition());
                }
            }
            int unfinished = Math.max(moving, lagging.size());
            if (unfinished == 0) {
                report.line("reassignment done: every moved partition is in sync on its new replicas");
                return;
            }
            if (unfinished != left) {
                left = unfinished;
                report.line("  " + left + " of " + moves.size() + " still moving");
            }
            if (Instant.now().isAfter(deadline)) {
                throw ToolException.failed("reassignment not finished after " + Durations.format(patience)
                        + ": " + left + " partitions still moving (" + String.join(", ", lagging.subList(0, Math.min(5, lagging.size())))
                        + (lagging.size() > 5 ? ", ..." : "") + "); nothing was scaled down, run again to go on waiting");
            }
            pause("partitions were moving; nothing was scaled down");
        }
    }

    private Map<String, TopicDescription> descriptions() {
        List<String> names = new ArrayList<>(get(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()));
        return get(admin.describeTopics(names).allTopicNames());
    }

    private <T> T get(Future<T> future) {
        try {
            // A little longer than the client's own time-out, so that its error, which says more, wins.
            return future.get(timeout.plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw ToolException.unreachable("no Kafka broker answered within " + Durations.format(timeout), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw ToolException.unreachable("no Kafka broker answered within " + Durations.format(timeout)
                        + " (" + e.getCause().getMessage() + ")", e);
            }
            throw new ToolException(ExitCode.FAILED, "Kafka refused: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted");
        }
    }

    /**
     * Every answer this class waits for is in by now; what may still be out is of no use (the other
     * brokers' answers to {@link #anyBrokersSettings}, a hung broker's among them), so it is not waited for long.
     */
    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
