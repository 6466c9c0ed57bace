package dev.kafkapetset.testkit.confluent;

import static dev.kafkapetset.testkit.confluent.Crashes.firstCrash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * cp-zookeeper pods told by {@code KAFKA_OPTS} to authenticate clients with SASL DIGEST-MD5 (a JAAS
 * {@code Server} section, {@code zookeeper.authProvider.1}, {@code zookeeper.sessionRequireClientSASLAuth})
 * really do, in JVMs of their own; cp-kafka pods whose {@code KAFKA_OPTS} give a JAAS {@code Client}
 * section pass the image's {@code cub zk-ready}, register, and with {@code zookeeper.set.acl} keep
 * their znodes to themselves; the image's {@code zookeeper-shell} and {@code kafka-configs} in init
 * containers authenticate as the pod's JAAS file says.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperSaslTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String ZOOKEEPER_IMAGE = "confluentinc/cp-zookeeper:7.9.11";
    private static final String KAFKA_IMAGE = "confluentinc/cp-kafka:7.9.11";
    private static final String SECRETS = "/etc/kafka/secrets";
    private static final String SASL_SERVER = "-Djava.security.auth.login.config=" + SECRETS + "/zookeeper-jaas.conf"
            + " -Dzookeeper.authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider";
    private static final String CLIENT_JAAS = "-Djava.security.auth.login.config=" + SECRETS + "/";
    private static ConfluentPodRuntime runtime;
    private static StandInCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startZooKeepers() {
        runtime = ConfluentPodRuntime.create();
        cluster = StandInCluster.start(runtime);
        client = cluster.client();
        client.resource(new SecretBuilder().withNewMetadata().withName("jaas").endMetadata()
                .addToStringData("zookeeper-jaas.conf", """
                        Server {
                          org.apache.zookeeper.server.auth.DigestLoginModule required
                          user_kafka="kafka-zk-secret"
                          user_other="other-zk-secret";
                        };
                        """)
                .addToStringData("kafka.conf", clientSection("kafka", "kafka-zk-secret"))
                .addToStringData("other.conf", clientSection("other", "other-zk-secret"))
                .addToStringData("wrong.conf", clientSection("kafka", "not-the-password"))
                .addToStringData("no-client.conf", """
                        KafkaServer {
                          org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="x";
                        };
                        """)
                .build()).create();
        // Sessions without SASL refused outright; and one that lets them in, for what ACLs keep from them.
        zooKeeper("required", SASL_SERVER + " -Dzookeeper.sessionRequireClientSASLAuth=true");
        zooKeeper("optional", SASL_SERVER);
        zooKeeper("plain", "");
        client.apps().statefulSets().withName("required").waitUntilCondition(ZooKeeperSaslTest::isReady,
                TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        client.apps().statefulSets().withName("optional").waitUntilCondition(ZooKeeperSaslTest::isReady,
                TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        client.apps().statefulSets().withName("plain").waitUntilCondition(ZooKeeperSaslTest::isReady,
                TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        try {
            runtime.close();
        } finally {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aClientWithoutSaslIsRefusedByAZooKeeperThatRequiresIt() throws Exception {
        ZooKeeper anonymous = session(resolve("required"));
        try {
            assertThrows(KeeperException.SessionClosedRequireAuthException.class, () -> anonymous.getChildren("/", false));
        } finally {
            anonymous.close();
        }
    }

    @Test
    @Order(1)
    void zookeeperShellWithTheRightDigestCredentialsIsServedAndWithAWrongPasswordIsNot() {
        String served = shell("served", "kafka.conf", "zookeeper-shell required:2181 ls /");
        assertTrue(served.contains("[zookeeper]"), served);
        String refused = shell("refused", "wrong.conf", "zookeeper-shell required:2181 ls /");
        assertTrue(!refused.contains("[zookeeper]"), refused);
        assertTrue(refused.contains("WatchedEvent state:AuthFailed"), refused);
    }

    @Test
    @Order(2)
    void aBrokerAuthenticatedToZooKeeperWithSetAclKeepsItsZnodesAndTheScramCredentialsKafkaConfigsWroteFromOthers()
            throws Exception {
        client.resource(broker("owner", "optional", "kafka.conf", Map.of("KAFKA_ZOOKEEPER_SET_ACL", "true"))).create();
        client.apps().statefulSets().withName("owner").waitUntilCondition(ZooKeeperSaslTest::isReady,
                TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String configs = shell("configs", "kafka.conf", "kafka-configs --zookeeper optional:2181 --alter --add-config"
                + " \"SCRAM-SHA-512=[password=alice-secret]\" --entity-type users --entity-name alice"
                + " && kafka-configs --zookeeper optional:2181 --describe --entity-type users --entity-name alice");
        assertTrue(configs.contains("Completed updating config for entity: user-principal 'alice'."), configs);
        assertTrue(configs.contains("Configs for user-principal 'alice' are SCRAM-SHA-512=salt="), configs);

        ZooKeeper anonymous = session(resolve("optional"));
        try {
            // Registered, readable by all, writable by the broker's identity only.
            assertTrue(new String(anonymous.getData("/brokers/ids/0", false, null), StandardCharsets.UTF_8)
                    .contains("owner-0.owner.default.svc"));
            assertEquals("[31,s{'sasl,'kafka}\n, 1,s{'world,'anyone}\n]", anonymous.getACL("/brokers/ids/0", null).toString());
            assertThrows(KeeperException.NoAuthException.class, () -> anonymous.create("/brokers/intruder", new byte[0],
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            // The credentials kafka-configs wrote as the brokers' identity are not even readable by others.
            assertThrows(KeeperException.NoAuthException.class, () -> anonymous.getData("/config/users/alice", false, null));
        } finally {
            anonymous.close();
        }
        String other = shell("other", "other.conf", "zookeeper-shell optional:2181 get /config/users/alice;"
                + " zookeeper-shell optional:2181 create /brokers/intruder x");
        assertTrue(other.contains("WatchedEvent state:SaslAuthenticated"), other);
        assertEquals(2, other.split("Insufficient permission", -1).length - 1, other);
    }

    @Test
    @Order(3)
    void zkReadyWithAWrongPasswordEndsTheBrokerWithTheChecksAuthenticationFailure() {
        assertEquals("Error occurred while connecting to Zookeeper server[required:2181]. Authentication failed. ",
                firstCrash(client, broker("wrong", "required", "wrong.conf", Map.of())).getMessage());
    }

    @Test
    @Order(3)
    void zkReadyWithAJaasFileWithoutAClientSectionFailsAuthenticationRatherThanWaiting() {
        assertEquals("Error occurred while connecting to Zookeeper server[required:2181]. Authentication failed. ",
                firstCrash(client, broker("sectionless", "required", "no-client.conf", Map.of())).getMessage());
    }

    @Test
    @Order(3)
    void zkReadyWithAClientSectionFailsAuthenticationAgainstAZooKeeperWithoutSasl() {
        assertEquals("Error occurred while connecting to Zookeeper server[plain:2181]. Authentication failed. ",
                firstCrash(client, broker("unheard", "plain", "kafka.conf", Map.of())).getMessage());
    }

    @Test
    @Order(3)
    void zkReadyWithSaslDisabledChecksWithoutKafkaOptsAndTheBrokerFailsOnItsOwn() {
        String refused = firstCrash(client, broker("unchecked", "required", "wrong.conf", Map.of("ZOOKEEPER_SASL_ENABLED", "false")))
                .getMessage();
        assertTrue(!refused.contains("Error occurred while connecting to Zookeeper server"), refused);
        assertTrue(refused.contains("ERROR kafka.zookeeper.ZooKeeperClient - [ZooKeeperClient Kafka server] Auth failed"), refused);
    }

    /** A cp-kafka pod of one broker with ZooKeeper {@code zooKeeper} and {@code KAFKA_OPTS} naming JAAS file {@code jaas}. */
    private static StatefulSet broker(String name, String zooKeeper, String jaas, Map<String, String> env) {
        Map<String, String> all = new LinkedHashMap<>(Map.of(
                "KAFKA_BROKER_ID", "0",
                "KAFKA_ZOOKEEPER_CONNECT", zooKeeper + ":2181",
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + name + "-0." + name + ".default.svc:9092",
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1",
                "KAFKA_OPTS", CLIENT_JAAS + jaas,
                "KAFKA_HEAP_OPTS", "-Xmx256m",
                "KAFKA_CUB_ZK_TIMEOUT", "20"));
        all.putAll(env);
        return workload(name, KAFKA_IMAGE, all);
    }

    /** What an init container of the Kafka image running {@code script} with {@code KAFKA_OPTS} naming JAAS file {@code jaas} printed. */
    private static String shell(String name, String jaas, String script) {
        ContainerStateTerminated ended = firstCrash(client, pod(name, Map.of("KAFKA_OPTS", CLIENT_JAAS + jaas),
                "timeout 60 bash -c '" + script + "' 2>&1; echo \"exit $?\"; exit 1"));
        return ended.getMessage();
    }

    /** A cp-kafka pod whose init container runs {@code script} with {@code env}, the JAAS Secret at /etc/kafka/secrets. */
    private static StatefulSet pod(String name, Map<String, String> env, String script) {
        return new StatefulSetBuilder(workload(name, KAFKA_IMAGE, Map.of()))
                .editSpec().editTemplate().editSpec()
                    .addNewInitContainer()
                        .withName("tool")
                        .withImage(KAFKA_IMAGE)
                        .withCommand("bash", "-c", script)
                        .withEnv(env(env))
                        .withTerminationMessagePolicy("FallbackToLogsOnError")
                        .addNewVolumeMount().withName("jaas").withMountPath(SECRETS).withReadOnly(true).endVolumeMount()
                    .endInitContainer()
                .endSpec().endTemplate().endSpec()
                .build();
    }

    private static String clientSection(String user, String password) {
        return """
                Client {
                  org.apache.zookeeper.server.auth.DigestLoginModule required
                  username="%s"
                  password="%s";
                };
                """.formatted(user, password);
    }

    private static void zooKeeper(String name, String kafkaOpts) {
        client.resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addToSelector("app", name).addNewPort().withName("client").withPort(2181).endPort().endSpec()
                .build()).create();
        client.resource(workload(name, ZOOKEEPER_IMAGE, Map.of("ZOOKEEPER_CLIENT_PORT", "2181", "KAFKA_OPTS", kafkaOpts))).create();
    }

    /** One pod of {@code image} with {@code env}, the JAAS Secret mounted at /etc/kafka/secrets. */
    private static StatefulSet workload(String name, String image, Map<String, String> env) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withServiceName(name)
                    .withReplicas(1)
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec()
                            .addNewContainer()
                                .withName(name)
                                .withImage(image)
                                .withEnv(env(env))
                                .addNewPort().withName("client").withContainerPort(2181).endPort()
                                .addNewVolumeMount().withName("jaas").withMountPath(SECRETS).endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("jaas").withNewSecret().withSecretName("jaas").endSecret().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static List<EnvVar> env(Map<String, String> env) {
        List<EnvVar> variables = new ArrayList<>();
        new LinkedHashMap<>(env).forEach((name, value) -> variables.add(new EnvVar(name, value, null)));
        return variables;
    }

    private static boolean isReady(StatefulSet set) {
        return set != null && set.getStatus() != null && Integer.valueOf(1).equals(set.getStatus().getReadyReplicas());
    }

    private static InetSocketAddress resolve(String service) {
        return cluster.controller().resolve("default", service, 2181).orElseThrow();
    }

    private static ZooKeeper session(InetSocketAddress server) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper session = new ZooKeeper("127.0.0.1:" + server.getPort(), 10_000, event -> connected.countDown());
        assertTrue(connected.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        return session;
    }
}
