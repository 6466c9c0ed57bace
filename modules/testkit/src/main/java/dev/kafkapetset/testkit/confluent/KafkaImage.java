package dev.kafkapetset.testkit.confluent;

import static dev.kafkapetset.testkit.confluent.ConfluentImage.isSet;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the {@code confluentinc/cp-kafka} image (7.9.x, ZooKeeper mode) makes of its container's
 * environment: its configure script's checks and defaults, then its properties template, which
 * turns every {@code KAFKA_*} variable but a few JVM settings into a broker property.
 */
final class KafkaImage {
    static final String ZOOKEEPER_CONNECT = "KAFKA_ZOOKEEPER_CONNECT";
    static final String ADVERTISED_LISTENERS = "KAFKA_ADVERTISED_LISTENERS";
    /** How long the image waits for ZooKeeper before it gives up ({@code cub zk-ready}). */
    static final String ZOOKEEPER_TIMEOUT = "KAFKA_CUB_ZK_TIMEOUT";
    static final int DEFAULT_ZOOKEEPER_TIMEOUT_SECONDS = 40;
    /** The image's data directory, where claims are mounted; the default log directory too. */
    static final String DATA_DIRECTORY = "/var/lib/kafka/data";
    /** The image's Dockerfile sets these empty: present in every container, unset to the image's checks. */
    static final Map<String, String> ENVIRONMENT = Map.of(ZOOKEEPER_CONNECT, "", ADVERTISED_LISTENERS, "", "CLUSTER_ID", "");
    private static final String PREFIX = "KAFKA_";
    /** The one variable the template maps by name, as the rule would make it {@code zookeeper.client.cnxn.socket}. */
    private static final String CLIENT_CNXN_SOCKET = "KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET";
    /**
     * The JVM's settings, which the template means to leave out of the broker's properties. Its list
     * lacks the comma after {@code 'KAFKA_HEAP_OPTS'}, and Python joins two adjacent literals into one
     * name no variable has: both pass through, as {@code heap.opts=} and {@code log4j.opts=}, which
     * Kafka ignores as unknown settings.
     */
    private static final Set<String> NOT_PROPERTIES = Set.of("KAFKA_VERSION", "KAFKA_HEAP_OPTS" + "KAFKA_LOG4J_OPTS",
            "KAFKA_OPTS", "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",
            "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL", CLIENT_CNXN_SOCKET);
    private static final List<String> DEPRECATED = List.of("KAFKA_ADVERTISED_PORT", "KAFKA_ADVERTISED_HOST",
            "KAFKA_HOST", "KAFKA_PORT");

    /**
     * The broker's properties, as the image's configure step writes them; a start it refuses throws
     * with its reason. {@code writable} checks the directories it writes.
     */
    static Properties brokerProperties(Map<String, String> environment, WritableCheck writable) {
        Map<String, String> env = new TreeMap<>(environment);
        if (isSet(env, "KAFKA_PROCESS_ROLES")) {
            throw new IllegalStateException("KAFKA_PROCESS_ROLES asks for KRaft mode; this stand-in runs ZooKeeper mode only");
        }
        for (String required : List.of(ZOOKEEPER_CONNECT, ADVERTISED_LISTENERS)) {
            if (!isSet(env, required)) {
                throw new IllegalStateException(required + " is required.");
            }
        }
        // Without listeners, the image listens where it advertises, on every address.
        if (!isSet(env, "KAFKA_LISTENERS")) {
            env.put("KAFKA_LISTENERS", Listener.joined(Listener.parseAll(env.get(ADVERTISED_LISTENERS)).stream()
                    .map(listener -> listener.withAddress("0.0.0.0", listener.port()))
                    .toList()));
        }
        writable.require(ConfluentImage.CONFIG_DIRECTORY);
        if (!isSet(env, "KAFKA_LOG_DIRS")) {
            env.put("KAFKA_LOG_DIRS", DATA_DIRECTORY);
        }
        for (String deprecated : DEPRECATED) {
            if (isSet(env, deprecated)) {
                String property = propertyName(deprecated.substring(PREFIX.length()));
                throw new IllegalStateException(property + " is deprecated. Please use KAFKA_ADVERTISED_LISTENERS instead.");
            }
        }
        // Every other variable is written as it is, an empty one too (as "name=").
        Properties properties = new Properties();
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && !NOT_PROPERTIES.contains(name)) {
                properties.setProperty(propertyName(name.substring(PREFIX.length())), value);
            }
        });
        if (env.containsKey(CLIENT_CNXN_SOCKET)) {
            properties.setProperty("zookeeper.clientCnxnSocket", env.get(CLIENT_CNXN_SOCKET));
        }
        return properties;
    }

    /** The image's ensure step before the broker starts: its data directory (not the log directories) must be writable. */
    static void ensure(Map<String, String> env, WritableCheck writable) {
        writable.require(isSet(env, "KAFKA_DATA_DIRS") ? env.get("KAFKA_DATA_DIRS") : DATA_DIRECTORY);
    }

    /** The image's rule: lower case, {@code ___} becomes {@code -}, {@code __} becomes {@code _}, {@code _} a dot. */
    static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.').replace("...", "-").replace("..", "_");
    }

    private KafkaImage() {}
}
