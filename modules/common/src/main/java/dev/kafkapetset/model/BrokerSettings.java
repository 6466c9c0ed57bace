package dev.kafkapetset.model;

import dev.kafkapetset.errors.ToolException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.server.config.AbstractKafkaConfig;

/**
 * Broker settings the operator chose ({@code --config key=value}), checked against Kafka's own
 * broker config definitions, and split by how Kafka takes them: those it changes at run time for
 * the whole cluster (dynamic cluster-wide defaults, set through the AdminClient, no restart) and the
 * rest (in the pod template, in force after a roll).
 *
 * @param dynamic settings Kafka changes at run time, cluster-wide
 * @param startup settings the brokers read at start: they go into the pod template
 */
public record BrokerSettings(SortedMap<String, String> dynamic, SortedMap<String, String> startup) {
    public static final BrokerSettings NONE = new BrokerSettings(new TreeMap<>(), new TreeMap<>());

    /**
     * The settings Kafka 3.9 updates at run time as cluster-wide defaults (its "cluster-wide" update
     * mode); a test keeps this list equal to Kafka's own.
     */
    static final Set<String> CLUSTER_WIDE = Set.of("background.threads", "compression.gzip.level",
            "compression.lz4.level", "compression.type", "compression.zstd.level", "log.cleaner.backoff.ms",
            "log.cleaner.dedupe.buffer.size", "log.cleaner.delete.retention.ms", "log.cleaner.io.buffer.load.factor",
            "log.cleaner.io.buffer.size", "log.cleaner.io.max.bytes.per.second", "log.cleaner.max.compaction.lag.ms",
            "log.cleaner.min.cleanable.ratio", "log.cleaner.min.compaction.lag.ms", "log.cleaner.threads",
            "log.cleanup.policy", "log.flush.interval.messages", "log.flush.interval.ms", "log.index.interval.bytes",
            "log.index.size.max.bytes", "log.local.retention.bytes", "log.local.retention.ms",
            "log.message.downconversion.enable", "log.message.timestamp.after.max.ms",
            "log.message.timestamp.before.max.ms", "log.message.timestamp.difference.max.ms",
            "log.message.timestamp.type", "log.preallocate", "log.retention.bytes", "log.retention.ms",
            "log.roll.jitter.ms", "log.roll.ms", "log.segment.bytes", "log.segment.delete.delay.ms",
            "max.connection.creation.rate", "max.connections", "max.connections.per.ip",
            "max.connections.per.ip.overrides", "message.max.bytes", "metric.reporters", "min.insync.replicas",
            "num.io.threads", "num.network.threads", "num.recovery.threads.per.data.dir", "num.replica.fetchers",
            "producer.id.expiration.ms", "remote.fetch.max.wait.ms", "remote.log.index.file.cache.total.size.bytes",
            "remote.log.manager.copy.max.bytes.per.second", "remote.log.manager.fetch.max.bytes.per.second",
            "transaction.partition.verification.enable", "unclean.leader.election.enable");

    private static final String SECURITY = "--security chooses how the cluster is protected";

    /** Settings the toolkit sets itself, and why an operator's value would break that. */
    static final Map<String, String> OWNED = Map.ofEntries(
            Map.entry("broker.id", "each broker's id is its pod's ordinal"),
            Map.entry("listeners", "the toolkit's listeners are the in-cluster and the operator one"),
            Map.entry("advertised.listeners", "each broker advertises its pod's DNS name and its operator port"),
            Map.entry("listener.security.protocol.map", "the toolkit's listeners are the in-cluster and the operator one"),
            Map.entry("inter.broker.listener.name", "the brokers talk over the toolkit's in-cluster listener"),
            Map.entry("zookeeper.connect", "choose the ZooKeeper with --zookeeper"),
            Map.entry("log.dirs", "the data lives on the broker's volume, where the toolkit puts it"),
            Map.entry("log.dir", "the data lives on the broker's volume, where the toolkit puts it"),
            Map.entry("offsets.topic.replication.factor", "it follows the number of brokers (up to 3)"),
            Map.entry("transaction.state.log.replication.factor", "it follows the number of brokers (up to 3)"),
            Map.entry("transaction.state.log.min.isr", "it follows the number of brokers"),
            Map.entry("inter.broker.protocol.version", "the version upgrade sets it, roll by roll"),
            Map.entry("security.inter.broker.protocol", "the brokers talk over the toolkit's in-cluster listener"),
            Map.entry("ssl.keystore.location", SECURITY),
            Map.entry("ssl.keystore.password", SECURITY),
            Map.entry("ssl.keystore.type", SECURITY),
            Map.entry("ssl.key.password", SECURITY),
            Map.entry("ssl.truststore.location", SECURITY),
            Map.entry("ssl.truststore.password", SECURITY),
            Map.entry("ssl.truststore.type", SECURITY),
            Map.entry("ssl.client.auth", SECURITY),
            Map.entry("sasl.enabled.mechanisms", SECURITY),
            Map.entry("sasl.mechanism.inter.broker.protocol", SECURITY),
            Map.entry("authorizer.class.name", SECURITY),
            Map.entry("super.users", SECURITY),
            Map.entry("allow.everyone.if.no.acl.found", SECURITY),
            Map.entry("zookeeper.set.acl", SECURITY));

    /**
     * Checks every setting: a key Kafka does not know, a value it would not take, or a setting the
     * toolkit owns is a usage error naming it; the rest are split into dynamic and static.
     */
    public static BrokerSettings of(Map<String, String> settings) {
        SortedMap<String, String> dynamic = new TreeMap<>();
        SortedMap<String, String> startup = new TreeMap<>();
        ConfigDef definitions = AbstractKafkaConfig.CONFIG_DEF;
        for (Map.Entry<String, String> setting : new TreeMap<>(settings).entrySet()) {
            String key = setting.getKey();
            String value = setting.getValue();
            if (OWNED.containsKey(key)) {
                throw ToolException.usage("--config " + key + ": the toolkit sets it itself (" + OWNED.get(key) + ")");
            }
            ConfigDef.ConfigKey definition = definitions.configKeys().get(key);
            if (definition == null) {
                throw ToolException.usage("--config " + key + ": Kafka 3.9 has no broker setting of that name"
                        + " (a typo would be ignored by the brokers, so it is refused here)");
            }
            try {
                Object parsed = ConfigDef.parseType(key, value, definition.type);
                if (definition.validator != null) {
                    definition.validator.ensureValid(key, parsed);
                }
            } catch (ConfigException e) {
                throw ToolException.usage("--config " + key + "=" + value + ": " + e.getMessage());
            }
            if (!key.equals(key.toLowerCase(Locale.ROOT))) {
                throw ToolException.usage("--config " + key + ": the Confluent image takes broker settings from"
                        + " environment variables, which can't carry the capitals in its name");
            }
            (CLUSTER_WIDE.contains(key) ? dynamic : startup).put(key, value);
        }
        return new BrokerSettings(dynamic, startup);
    }

    /**
     * The container variable the Confluent image turns into {@code property}: {@code KAFKA_} and the
     * name in capitals, {@code .} as {@code _}, {@code _} as {@code __}, {@code -} as {@code ___}.
     */
    static String variable(String property) {
        return "KAFKA_" + property.replace("_", "__").replace("-", "___").replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
