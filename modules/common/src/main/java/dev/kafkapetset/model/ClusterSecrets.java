package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The secured profile's Secrets: their names, their keys, where the pods mount them, the users they
 * define, and the JAAS files made from the passwords. Nothing here holds a value: the passwords,
 * keys and certificates are made by the create-secrets step and live in the Secrets alone.
 * <ul>
 *   <li>{@code <cluster>-credentials}: the passwords, made once (the source of the others).</li>
 *   <li>{@code <cluster>-ca}: the cluster's CA certificate and key, which sign the brokers'.</li>
 *   <li>{@code <cluster>-broker-tls}: each broker's keystore, its password, and the CA certificate
 *       the brokers trust: mounted where the Confluent image reads them, /etc/kafka/secrets.</li>
 *   <li>{@code <cluster>-broker-jaas} and {@code <cluster>-zookeeper-jaas}: the JAAS files the
 *       brokers and the ZooKeeper servers log in with.</li>
 * </ul>
 */
public final class ClusterSecrets {
    /** Brokers authenticate to each other as this SCRAM user. */
    public static final String BROKER_USER = "kafka-broker";
    /** The toolkit's own SCRAM user: the checks, status, scale and roll authenticate as it. */
    public static final String ADMIN_USER = "kafka-petset-admin";
    /** Kafka's identity in ZooKeeper (SASL DIGEST-MD5): its znodes are this user's. */
    public static final String ZOOKEEPER_USER = "kafka";
    public static final String SASL_MECHANISM = "SCRAM-SHA-512";

    public static final String ZOOKEEPER_PASSWORD = "zookeeper-password";
    public static final String BROKER_PASSWORD = "broker-password";
    public static final String ADMIN_PASSWORD = "admin-password";
    public static final String KEYSTORE_PASSWORD = "keystore-password";
    /** Every key of the credentials Secret; a cluster made in KRaft mode has no ZooKeeper password. */
    public static final List<String> PASSWORDS = List.of(ZOOKEEPER_PASSWORD, BROKER_PASSWORD, ADMIN_PASSWORD, KEYSTORE_PASSWORD);

    public static final String CA_CERTIFICATE = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String BROKER_JAAS = "broker.jaas";
    public static final String ZOOKEEPER_JAAS = "zookeeper.jaas";

    /** Where the Confluent image reads key and trust material from (its SSL block's fixed directory). */
    public static final String TLS_DIRECTORY = "/etc/kafka/secrets";
    /** Where the JAAS files are mounted, in both images. */
    public static final String JAAS_DIRECTORY = "/etc/kafka/jaas";

    private final String cluster;
    private final String namespace;
    private final Labels labels;

    public ClusterSecrets(String cluster, String namespace) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.labels = new Labels("kafka", cluster, "secrets");
    }

    /** Selects the cluster's Secrets. */
    public Map<String, String> selector() {
        return labels.selector();
    }

    /** Secret {@code name} of this cluster holding {@code data}, labelled as the toolkit's. */
    public Secret secret(String name, Map<String, byte[]> data) {
        Map<String, String> encoded = new TreeMap<>();
        data.forEach((key, value) -> encoded.put(key, Base64.getEncoder().encodeToString(value)));
        return new SecretBuilder()
                .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(labels.all())
                .endMetadata()
                .withType("Opaque")
                .withData(encoded)
                .build();
    }

    public String credentials() {
        return cluster + "-credentials";
    }

    public String certificateAuthority() {
        return cluster + "-ca";
    }

    public String brokerTls() {
        return cluster + "-broker-tls";
    }

    public String brokerJaas() {
        return cluster + "-broker-jaas";
    }

    public String zookeeperJaas() {
        return cluster + "-zookeeper-jaas";
    }

    /** Every Secret of the cluster, in the order create-secrets makes them. */
    public List<String> all() {
        return List.of(credentials(), certificateAuthority(), brokerTls(), brokerJaas(), zookeeperJaas());
    }

    /** The key in {@link #brokerTls()} of pod {@code pod}'s PKCS#12 keystore. */
    public static String keystore(String pod) {
        return pod + ".keystore.p12";
    }

    /**
     * The brokers' JAAS file: the SCRAM login they use towards each other ({@code KafkaServer}, which
     * Kafka takes for the inter-broker listener's client side), and their ZooKeeper login
     * ({@code Client}, the section ZooKeeper's client reads), if it has a ZooKeeper password. And the
     * KRaft controller listener's PLAIN login, both sides of it (the one user, the brokers', as the
     * controllers accept it and as brokers and controllers log in), which ZooKeeper-mode brokers
     * ignore until a migration gives them controllers.
     */
    public static String brokerJaasFile(String brokerPassword, Optional<String> zookeeperPassword) {
        return "KafkaServer {\n"
                + "  org.apache.kafka.common.security.scram.ScramLoginModule required\n"
                + "  username=\"" + BROKER_USER + "\"\n"
                + "  password=\"" + brokerPassword + "\";\n"
                + "};\n"
                + zookeeperPassword.map(ClusterSecrets::zookeeperClientSection).orElse("")
                + KraftControllers.JAAS_SECTION + " {\n"
                + "  org.apache.kafka.common.security.plain.PlainLoginModule required\n"
                + "  username=\"" + BROKER_USER + "\"\n"
                + "  password=\"" + brokerPassword + "\"\n"
                + "  user_" + BROKER_USER + "=\"" + brokerPassword + "\";\n"
                + "};\n";
    }

    /** The ZooKeeper servers' JAAS file: the one DIGEST-MD5 user they accept, Kafka. */
    public static String zookeeperJaasFile(String zookeeperPassword) {
        return "Server {\n"
                + "  org.apache.zookeeper.server.auth.DigestLoginModule required\n"
                + "  user_" + ZOOKEEPER_USER + "=\"" + zookeeperPassword + "\";\n"
                + "};\n";
    }

    private static String zookeeperClientSection(String zookeeperPassword) {
        return "Client {\n"
                + "  org.apache.zookeeper.server.auth.DigestLoginModule required\n"
                + "  username=\"" + ZOOKEEPER_USER + "\"\n"
                + "  password=\"" + zookeeperPassword + "\";\n"
                + "};\n";
    }
}
