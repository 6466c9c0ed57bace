package dev.kafkapetset.testkit.confluent;

import static dev.kafkapetset.testkit.confluent.ConfluentImage.isSet;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * What the {@code confluentinc/cp-kafka} image (7.9.x) makes of its container's environment: its
 * configure script's checks and defaults (ZooKeeper mode, or KRaft mode when
 * {@code KAFKA_PROCESS_ROLES} is set: then {@code CLUSTER_ID} is required, and a controller must
 * name its listeners and may not advertise any), its SSL and SASL blocks, then its
 * properties template, which turns every {@code KAFKA_*} variable but a few JVM settings into a
 * broker property, written as {@code name=value} lines that Kafka reads as a properties file.
 *
 * <p>The SSL block runs when the advertised listeners contain the text {@code SSL://} (a listener
 * <em>named</em> {@code SSL} or {@code SASL_SSL}; one named otherwise that maps to SSL does not run
 * it): it requires {@code KAFKA_SSL_KEYSTORE_FILENAME}, {@code KAFKA_SSL_KEY_CREDENTIALS} and
 * {@code KAFKA_SSL_KEYSTORE_CREDENTIALS}, names of files in {@value #SECRETS}, and sets
 * {@code ssl.keystore.location} and the two passwords from them (the truststore likewise, only
 * when {@code KAFKA_SSL_CLIENT_AUTH} says {@code required} or {@code requested}). The SASL block
 * runs when a listener name matches {@code SASL_.*://}: {@code KAFKA_OPTS} must be set, and without
 * {@code java.security.auth.login.config} in it the script only prints a warning.
 */
final class KafkaImage {
    static final String ZOOKEEPER_CONNECT = "KAFKA_ZOOKEEPER_CONNECT";
    static final String ADVERTISED_LISTENERS = "KAFKA_ADVERTISED_LISTENERS";
    static final String PROCESS_ROLES = "KAFKA_PROCESS_ROLES";
    /** KRaft mode's cluster id, which the ensure step formats storage with; no {@code KAFKA_} prefix, so never a property. */
    static final String CLUSTER_ID = "CLUSTER_ID";
    /** The JVM's own settings, which the image's launch hands to {@code java}: system properties and more. */
    static final String JVM_OPTIONS = "KAFKA_OPTS";
    static final String HEAP_OPTIONS = "KAFKA_HEAP_OPTS";
    /** How long the image waits for ZooKeeper before it gives up ({@code cub zk-ready}). */
    static final String ZOOKEEPER_TIMEOUT = "KAFKA_CUB_ZK_TIMEOUT";
    static final int DEFAULT_ZOOKEEPER_TIMEOUT_SECONDS = 40;
    /** The image's data directory, where claims are mounted; the default log directory too. */
    static final String DATA_DIRECTORY = "/var/lib/kafka/data";
    /** Where the SSL block looks for the files its variables name. */
    static final String SECRETS = "/etc/kafka/secrets/";
    /** The image's Dockerfile sets these empty: present in every container, unset to the image's checks. */
    static final Map<String, String> ENVIRONMENT = Map.of(ZOOKEEPER_CONNECT, "", ADVERTISED_LISTENERS, "", CLUSTER_ID, "");
    private static final String PREFIX = "KAFKA_";
    /** The one variable the template maps by name, as the rule would make it {@code zookeeper.client.cnxn.socket}. */
    private static final String CLIENT_CNXN_SOCKET = "KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET";
    /**
     * The JVM's settings, which the template means to leave out of the broker's properties. Its list
     * lacks the comma after {@code 'KAFKA_HEAP_OPTS'}, and Python joins two adjacent literals into one
     * name no variable has: both pass through, as {@code heap.opts=} and {@code log4j.opts=}, which
     * Kafka ignores as unknown settings.
     */
    private static final Set<String> NOT_PROPERTIES = Set.of("KAFKA_VERSION", HEAP_OPTIONS + "KAFKA_LOG4J_OPTS",
            JVM_OPTIONS, "KAFKA_JMX_OPTS", "KAFKA_JVM_PERFORMANCE_OPTS", "KAFKA_GC_LOG_OPTS",
            "KAFKA_LOG4J_ROOT_LOGLEVEL", "KAFKA_LOG4J_LOGGERS", "KAFKA_TOOLS_LOG4J_LOGLEVEL", CLIENT_CNXN_SOCKET);
    private static final List<String> DEPRECATED = List.of("KAFKA_ADVERTISED_PORT", "KAFKA_ADVERTISED_HOST",
            "KAFKA_HOST", "KAFKA_PORT");
    /** bash's {@code [[ $KAFKA_ADVERTISED_LISTENERS =~ .*SASL_.*://.* ]]}. */
    private static final Pattern SASL_LISTENER = Pattern.compile("SASL_.*://");

    /**
     * The broker's properties, as the image's configure step writes them and Kafka reads them; a
     * start it refuses throws with what the script prints on its way out. What else it prints goes
     * to {@code printed}.
     */
    static Properties serverProperties(Map<String, String> environment, ContainerFiles files, Consumer<String> printed) {
        Map<String, String> env = new TreeMap<>(environment);
        boolean controller = isController(env);
        if (isKraft(env)) {
            printed.accept("Running in KRaft mode...");
            Dub.ensure(env, CLUSTER_ID);
            if (controller) {
                if (isSet(env, ADVERTISED_LISTENERS)) {
                    throw new IllegalStateException("KAFKA_ADVERTISED_LISTENERS is not supported on a KRaft controller.");
                }
                env.remove(ADVERTISED_LISTENERS);
            } else {
                Dub.ensure(env, ADVERTISED_LISTENERS);
            }
        } else {
            printed.accept("Running in Zookeeper mode...");
            Dub.ensure(env, ZOOKEEPER_CONNECT);
            Dub.ensure(env, ADVERTISED_LISTENERS);
        }
        // Without listeners, the image listens where it advertises, on every address; a controller must name its own.
        if (!isSet(env, "KAFKA_LISTENERS") && !controller) {
            env.put("KAFKA_LISTENERS", Listener.joined(Listener.parseAll(env.get(ADVERTISED_LISTENERS)).stream()
                    .map(listener -> listener.withAddress("0.0.0.0", listener.port()))
                    .toList()));
        }
        files.requireWritable(ConfluentImage.CONFIG_DIRECTORY);
        if (!isSet(env, "KAFKA_LOG_DIRS")) {
            env.put("KAFKA_LOG_DIRS", DATA_DIRECTORY);
        }
        for (String deprecated : DEPRECATED) {
            if (isSet(env, deprecated)) {
                String property = propertyName(deprecated.substring(PREFIX.length()));
                throw new IllegalStateException(property + " is deprecated. Please use KAFKA_ADVERTISED_LISTENERS instead.");
            }
        }
        String advertised = env.getOrDefault(ADVERTISED_LISTENERS, "");
        if (advertised.contains("SSL://")) {
            configureSsl(env, files, printed);
        }
        if (SASL_LISTENER.matcher(advertised).find()) {
            printed.accept("SASL is enabled.");
            Dub.ensure(env, JVM_OPTIONS);
            if (!env.get(JVM_OPTIONS).contains("java.security.auth.login.config")) {
                printed.accept("KAFKA_OPTS should contain 'java.security.auth.login.config' property.");
            }
        }
        if (isSet(env, "KAFKA_JMX_OPTS") && !env.get("KAFKA_JMX_OPTS").contains("com.sun.management.jmxremote.rmi.port")) {
            printed.accept("KAFKA_OPTS should contain 'com.sun.management.jmxremote.rmi.port' property. It is required for"
                    + " accessing the JMX metrics externally.");
        }
        return read(template(env));
    }

    /** KRaft mode: the image's configure and ensure steps take any value of {@code KAFKA_PROCESS_ROLES} as asking for it. */
    static boolean isKraft(Map<String, String> env) {
        return isSet(env, PROCESS_ROLES);
    }

    /** A KRaft controller and nothing else: the image's test is for exactly {@code controller}. */
    static boolean isController(Map<String, String> env) {
        return "controller".equals(env.get(PROCESS_ROLES));
    }

    /** The SSL block: the keystore and its passwords from {@value #SECRETS}, the truststore too when clients must authenticate. */
    private static void configureSsl(Map<String, String> env, ContainerFiles files, Consumer<String> printed) {
        printed.accept("SSL is enabled.");
        Dub.ensure(env, "KAFKA_SSL_KEYSTORE_FILENAME");
        env.put("KAFKA_SSL_KEYSTORE_LOCATION", SECRETS + env.get("KAFKA_SSL_KEYSTORE_FILENAME"));
        Dub.requireExists(files, env.get("KAFKA_SSL_KEYSTORE_LOCATION"));
        env.put("KAFKA_SSL_KEY_PASSWORD", credential(env, files, "KAFKA_SSL_KEY_CREDENTIALS"));
        env.put("KAFKA_SSL_KEYSTORE_PASSWORD", credential(env, files, "KAFKA_SSL_KEYSTORE_CREDENTIALS"));
        String clientAuth = env.getOrDefault("KAFKA_SSL_CLIENT_AUTH", "");
        if (clientAuth.contains("required") || clientAuth.contains("requested")) {
            Dub.ensure(env, "KAFKA_SSL_TRUSTSTORE_FILENAME");
            env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", SECRETS + env.get("KAFKA_SSL_TRUSTSTORE_FILENAME"));
            Dub.requireExists(files, env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
            env.put("KAFKA_SSL_TRUSTSTORE_PASSWORD", credential(env, files, "KAFKA_SSL_TRUSTSTORE_CREDENTIALS"));
        }
    }

    /** {@code dub ensure NAME}, {@code dub path /etc/kafka/secrets/$NAME exists}, then {@code $(cat ...)}. */
    private static String credential(Map<String, String> env, ContainerFiles files, String variable) {
        Dub.ensure(env, variable);
        String file = SECRETS + env.get(variable);
        Dub.requireExists(files, file);
        // A command substitution drops the trailing newlines.
        return new String(files.read(file), StandardCharsets.UTF_8).replaceFirst("\\n+$", "");
    }

    /** The template's {@code name=value} lines: every {@code KAFKA_*} variable but the JVM's, then the one mapped by name. */
    private static String template(Map<String, String> env) {
        StringBuilder lines = new StringBuilder();
        env.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && !NOT_PROPERTIES.contains(name)) {
                lines.append(propertyName(name.substring(PREFIX.length()))).append('=').append(value).append('\n');
            }
        });
        if (env.containsKey(CLIENT_CNXN_SOCKET)) {
            lines.append("zookeeper.clientCnxnSocket=").append(env.get(CLIENT_CNXN_SOCKET)).append('\n');
        }
        return lines.toString();
    }

    /** The properties file as Kafka loads it: backslashes escape, a value's leading blanks go. */
    private static Properties read(String file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** The image's ensure step before the broker starts: its data directory (not the log directories) must be writable. */
    static void ensure(Map<String, String> env, ContainerFiles files) {
        files.requireWritable(isSet(env, "KAFKA_DATA_DIRS") ? env.get("KAFKA_DATA_DIRS") : DATA_DIRECTORY);
    }

    /** The image's rule: lower case, {@code ___} becomes {@code -}, {@code __} becomes {@code _}, {@code _} a dot. */
    static String propertyName(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.').replace("...", "-").replace("..", "_");
    }

    private KafkaImage() {}
}
