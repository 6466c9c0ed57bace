package dev.kafkapetset.testkit.confluent;

import static dev.kafkapetset.testkit.confluent.ConfluentImage.isSet;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What the {@code confluentinc/cp-zookeeper} image (7.x) makes of its container's environment: its
 * configure script's checks and defaults, its {@code myid} file, and its properties template, which
 * maps a known list of {@code ZOOKEEPER_*} variables to server settings (others are ignored) and
 * numbers the {@code ZOOKEEPER_SERVERS} entries from 1.
 */
final class ZooKeeperImage {
    static final String DATA_DIR = "/var/lib/zookeeper/data";
    static final String DATA_LOG_DIR = "/var/lib/zookeeper/log";
    static final String SERVER_ID = "ZOOKEEPER_SERVER_ID";
    static final String SERVERS = "ZOOKEEPER_SERVERS";
    private static final String FOUR_LETTER_WORDS = "-Dzookeeper.4lw.commands.whitelist=";
    /** The template's table (its TLS settings pass through too, though a secure client port is refused). */
    private static final Map<String, String> SETTINGS = settings(
            "CLIENT_PORT", "clientPort",
            "TICK_TIME", "tickTime",
            "GLOBAL_OUTSTANDING_LIMIT", "globalOutstandingLimit",
            "PRE_ALLOC_SIZE", "preAllocSize",
            "SNAP_COUNT", "snapCount",
            "TRACE_FILE", "traceFile",
            "MAX_CLIENT_CNXNS", "maxClientCnxns",
            "CLIENT_PORT_ADDRESS", "clientPortAddress",
            "MIN_SESSION_TIMEOUT", "minSessionTimeout",
            "MAX_SESSION_TIMEOUT", "maxSessionTimeout",
            "FSYNC_WARNING_THRESHOLDMS", "fsync.warningthresholdms",
            "AUTOPURGE_SNAP_RETAIN_COUNT", "autopurge.snapRetainCount",
            "AUTOPURGE_PURGE_INTERVAL", "autopurge.purgeInterval",
            "SYNC_ENABLED", "syncEnabled",
            "ELECTION_ALG", "electionAlg",
            "INIT_LIMIT", "initLimit",
            "LEADER_SERVES", "leaderServes",
            "SYNC_LIMIT", "syncLimit",
            "CNX_TIMEOUT", "cnxTimeout",
            "FORCE_SYNC", "forceSync",
            "JUTE_MAX_BUFFER", "jute.maxbuffer",
            "SKIP_ACL", "skipACL",
            "QUORUM_LISTEN_ON_ALL_IPS", "quorumListenOnAllIPs",
            "CLIENT_CNXN_SOCKET", "clientCnxnSocket",
            "SERVER_CNXN_SOCKET", "serverCnxnSocket",
            "X509_AUTHENTICATION_PROVIDER_SUPER_USER", "X509AuthenticationProvider.superUser",
            "SSL_AUTH_PROVIDER", "ssl.authProvider",
            "SSL_CLIENT_AUTH", "ssl.clientAuth",
            "SSL_KEYSTORE_LOCATION", "ssl.keyStore.location",
            "SSL_KEYSTORE_PASSWORD", "ssl.keyStore.password",
            "SSL_KEYSTORE_TYPE", "ssl.keyStore.type",
            "SSL_TRUSTSTORE_LOCATION", "ssl.trustStore.location",
            "SSL_TRUSTSTORE_PASSWORD", "ssl.trustStore.password",
            "SSL_TRUSTSTORE_TYPE", "ssl.trustStore.type",
            "SSL_ENABLED_PROTOCOLS", "ssl.enabledProtocols",
            "SSL_CONTEXT_SUPPLIER_CLASS", "ssl.context.supplier.class",
            "SSL_CIPHER_SUITES", "ssl.ciphersuites",
            "SSL_HOSTNAME_VERIFICATION", "ssl.hostnameVerification",
            "SSL_CRL", "ssl.crl",
            "SSL_OCPS", "ssl.ocsp",
            "SSL_HANDSHAKE_DETECTION_TIMEOUT_MILLIS", "ssl.handshakeDetectionTimeoutMillis",
            "SSL_QUORUM", "sslQuorum",
            "SSL_QUORUM_CLIENT_AUTH", "ssl.quorum.clientAuth",
            "SSL_QUORUM_KEYSTORE_LOCATION", "ssl.quorum.keyStore.location",
            "SSL_QUORUM_KEYSTORE_PASSWORD", "ssl.quorum.keyStore.password",
            "SSL_QUORUM_KEYSTORE_TYPE", "ssl.quorum.keyStore.type",
            "SSL_QUORUM_TRUSTSTORE_LOCATION", "ssl.quorum.trustStore.location",
            "SSL_QUORUM_TRUSTSTORE_PASSWORD", "ssl.quorum.trustStore.password",
            "SSL_QUORUM_TRUSTSTORE_TYPE", "ssl.quorum.trustStore.type",
            "SSL_QUORUM_ENABLED_PROTOCOLS", "ssl.quorum.enabledProtocols",
            "SSL_QUORUM_CIPHER_SUITES", "ssl.quorum.ciphersuites",
            "SSL_QUORUM_CONTEXT_SUPPLIER_CLASS", "ssl.quorum.context.supplier.class",
            "SSL_QUORUM_HOSTNAME_VERIFICATION", "ssl.quorum.hostnameVerification",
            "SSL_QUORUM_CRL", "ssl.quorum.crl",
            "SSL_QUORUM_OCPS", "ssl.quorum.ocsp",
            "SSL_QUORUM_HANDSHAKE_DETECTION_TIMEOUT_MILLIS", "ssl.quorum.handshakeDetectionTimeoutMillis",
            "SERVER_CNXN_FACTORY", "serverCnxnFactory",
            "AUTH_PROVIDER_X509", "authProvider.x509",
            "AUTH_PROVIDER_SASL", "authProvider.sasl",
            "CLIENT_PORT_UNIFICATION", "client.portUnification",
            "ADMIN_ENABLE_SERVER", "admin.enableServer",
            "ADMIN_SERVER_ADDRESS", "admin.serverAddress",
            "ADMIN_SERVER_PORT", "admin.serverPort",
            "ADMIN_IDLE_TIMEOUT", "admin.idleTimeout",
            "ADMIN_COMMAND_URL", "admin.commandURL");

    /**
     * The server's properties, as the image's configure step writes them; a start it refuses throws
     * with its reason. {@code files} checks the directories it writes.
     */
    static Properties properties(Map<String, String> environment, ContainerFiles files) {
        Map<String, String> env = new LinkedHashMap<>(environment);
        if (env.containsKey("ZOOKEEPER_SECURE_CLIENT_PORT")) {
            throw new IllegalStateException("ZOOKEEPER_SECURE_CLIENT_PORT asks for TLS, which this stand-in does not serve");
        }
        if (!isSet(env, "ZOOKEEPER_CLIENT_PORT")) {
            throw new IllegalStateException("ZOOKEEPER_CLIENT_PORT is required.");
        }
        files.requireWritable(ConfluentImage.CONFIG_DIRECTORY);
        if (isSet(env, SERVERS)) {
            if (!isSet(env, SERVER_ID)) {
                throw new IllegalStateException(SERVER_ID + " is required.");
            }
            defaultIfUnset(env, "ZOOKEEPER_INIT_LIMIT", "10");
            defaultIfUnset(env, "ZOOKEEPER_SYNC_LIMIT", "5");
        }
        Properties properties = new Properties();
        properties.setProperty("dataDir", DATA_DIR);
        properties.setProperty("dataLogDir", DATA_LOG_DIR);
        // A variable of the table is written when present, an empty one too (as "setting=").
        SETTINGS.forEach((variable, setting) -> {
            if (env.containsKey(variable)) {
                properties.setProperty(setting, env.get(variable));
            }
        });
        numbered(env, SERVERS, "server.", properties);
        numbered(env, "ZOOKEEPER_GROUPS", "group.", properties);
        numbered(env, "ZOOKEEPER_WEIGHTS", "weight.", properties);
        return properties;
    }

    /** The image's ensure step before the server starts: its data directories must be writable. */
    static void ensure(ContainerFiles files) {
        files.requireWritable(DATA_DIR);
        files.requireWritable(DATA_LOG_DIR);
    }

    /** The {@code myid} the image writes into the data directory, if the environment sets one. */
    static Optional<String> serverId(Map<String, String> env) {
        return isSet(env, SERVER_ID) ? Optional.of(env.get(SERVER_ID)) : Optional.empty();
    }

    /** The four-letter words {@code KAFKA_OPTS} allows (a JVM system property), if it names them. */
    static Optional<String> fourLetterWords(Map<String, String> env) {
        return Arrays.stream(env.getOrDefault("KAFKA_OPTS", "").split("\\s+"))
                .filter(option -> option.startsWith(FOUR_LETTER_WORDS))
                .map(option -> option.substring(FOUR_LETTER_WORDS.length()))
                .reduce((first, last) -> last);
    }

    private static void numbered(Map<String, String> env, String variable, String prefix, Properties properties) {
        if (!isSet(env, variable)) {
            return;
        }
        // Python's split, which keeps empty entries: a trailing ';' makes an empty last one.
        List<String> entries = List.of(env.get(variable).split(";", -1));
        for (int i = 0; i < entries.size(); i++) {
            properties.setProperty(prefix + (i + 1), entries.get(i));
        }
    }

    private static void defaultIfUnset(Map<String, String> env, String variable, String value) {
        if (!isSet(env, variable)) {
            env.put(variable, value);
        }
    }

    private static Map<String, String> settings(String... pairs) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put("ZOOKEEPER_" + pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    private ZooKeeperImage() {}
}
