package dev.kafkapetset.testkit.confluent;

import static dev.kafkapetset.testkit.confluent.Crashes.firstCrash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.FreePorts;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestLoginModule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A secured cluster on the stand-in, configured only through the images' own variables and files:
 * a ZooKeeper that requires SASL DIGEST-MD5; two brokers whose every listener is SASL_SSL with
 * SCRAM-SHA-512 (TLS from a PKCS12 keystore per broker named by {@code KAFKA_SSL_KEYSTORE_FILENAME},
 * its passwords in credential files, all from a Secret mounted at /etc/kafka/secrets), a JAAS file
 * for the inter-broker SCRAM client and for ZooKeeper, ZooKeeper ACLs, AclAuthorizer with a super
 * user, and the SCRAM users created in ZooKeeper by an init container's {@code kafka-configs}.
 * Clients reach the brokers through port-forwards to a listener advertised on the loopback address.
 * The doors shown shut: clients that don't log in, a wrong password, an unknown user, a user without
 * ACLs, a ZooKeeper session without credentials, and znodes other identities could write.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredClusterTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String ZOOKEEPER_IMAGE = "confluentinc/cp-zookeeper:7.9.11";
    private static final String KAFKA_IMAGE = "confluentinc/cp-kafka:7.9.11";
    private static final String SECRETS = "/etc/kafka/secrets";
    private static final String KEYSTORE_PASSWORD = "keystore-s3cret";
    private static final int BROKERS = 2;
    private static final String TOPIC = "secured";
    /** The brokers' identity in ZooKeeper (SASL DIGEST-MD5): with zookeeper.set.acl, their znodes are its. */
    private static final String ZOOKEEPER_USER = "kafka";
    private static final String ZOOKEEPER_PASSWORD = "kafka-zk-secret";
    /** The brokers' ZooKeeper login as a JAAS section of this JVM's, under a name no other test's clients use. */
    private static final String BROKERS_ZOOKEEPER_LOGIN = "SecuredClusterTest-brokers";
    private static final TestCertificateAuthority AUTHORITY = new TestCertificateAuthority("stand-in test CA");
    private static ConfluentPodRuntime runtime;
    private static StandInCluster cluster;
    private static KubernetesClient client;
    /** Where the operator listener of broker 0 is forwarded to; broker n's is this + n, as it advertises. */
    private static int operatorPortBase;
    private static final List<LocalPortForward> FORWARDS = new ArrayList<>();
    private static Configuration jaasBefore;

    @BeforeAll
    static void deploySecuredCluster() {
        addBrokersZooKeeperLogin();
        runtime = ConfluentPodRuntime.create();
        cluster = StandInCluster.start(runtime);
        client = cluster.client();
        operatorPortBase = FreePorts.consecutive(BROKERS);
        client.resource(new SecretBuilder().withNewMetadata().withName("zookeeper-jaas").endMetadata()
                .addToStringData("jaas.conf", """
                        Server {
                          org.apache.zookeeper.server.auth.DigestLoginModule required
                          user_%s="%s";
                        };
                        """.formatted(ZOOKEEPER_USER, ZOOKEEPER_PASSWORD))
                .build()).create();
        client.resource(kafkaSecret()).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("zookeeper").endMetadata()
                .withNewSpec().addToSelector("app", "zookeeper").addNewPort().withName("client").withPort(2181).endPort().endSpec()
                .build()).create();
        client.resource(new ServiceBuilder().withNewMetadata().withName("kafka").endMetadata()
                .withNewSpec().withClusterIP("None").addToSelector("app", "kafka").addNewPort().withName("kafka").withPort(9092).endPort()
                .endSpec().build()).create();
        client.resource(zooKeeper()).create();
        client.resource(brokers(Map.of())).create();
        awaitReady("zookeeper", 1);
        awaitReady("kafka", BROKERS);
        for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
            FORWARDS.add(client.pods().withName("kafka-" + ordinal).portForward(9094, operatorPortBase + ordinal));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        Configuration.setConfiguration(jaasBefore);
        for (LocalPortForward forward : FORWARDS) {
            forward.close();
        }
        try {
            runtime.close();
        } finally {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theSuperUserWithItsScramPasswordWritesAndReadsReplicatedRecordsOverSaslSsl() throws Exception {
        try (Admin admin = Admin.create(client("admin", "admin-secret"))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 2))).all().get(60, TimeUnit.SECONDS);
            assertEquals(BROKERS, admin.describeCluster().nodes().get(60, TimeUnit.SECONDS).size());
        }
        Map<String, Object> producer = client("admin", "admin-secret");
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> records = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                // acks=all on two replicas: the brokers replicate to each other over their SASL_SSL listener.
                records.send(new ProducerRecord<>(TOPIC, i % 2, null, "record-" + i)).get(60, TimeUnit.SECONDS);
            }
        }
        assertEquals(10, readAll().size());
    }

    @Test
    @Order(2)
    void aWrongPasswordIsRefusedByScram() {
        assertInstanceOf(SaslAuthenticationException.class, refusal(client("admin", "not-the-password")));
    }

    @Test
    @Order(2)
    void aUserScramDoesNotKnowIsRefused() {
        assertInstanceOf(SaslAuthenticationException.class, refusal(client("mallory", "mallory-secret")));
    }

    @Test
    @Order(2)
    void aUserWithoutAclsIsAuthenticatedYetNotAuthorized() {
        try (Admin admin = Admin.create(client("alice", "alice-secret"))) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get(60, TimeUnit.SECONDS));
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause());
        }
    }

    @Test
    @Order(2)
    void aPlaintextClientGetsNoAnswer() {
        assertInstanceOf(TimeoutException.class, refusal(unauthenticated("PLAINTEXT")));
    }

    @Test
    @Order(2)
    void aTlsClientThatSkipsSaslGetsNoAnswer() {
        // The broker answers nothing but the SASL handshake, and closes the connection on anything else.
        Map<String, Object> tlsOnly = unauthenticated("SSL");
        tlsOnly.putAll(trustingTheAuthority());
        assertInstanceOf(TimeoutException.class, refusal(tlsOnly));
    }

    @Test
    @Order(2)
    void zooKeeperEndsASessionWithoutCredentialsBeforeItTouchesTheBrokersZnodes() throws Exception {
        ZooKeeper anonymous = zooKeeperSession(new ZKClientConfig());
        try {
            assertThrows(KeeperException.SessionClosedRequireAuthException.class, () -> anonymous.delete("/brokers/ids/0", -1));
        } finally {
            anonymous.close();
        }
    }

    @Test
    @Order(2)
    void theBrokersZnodesAreWritableByTheirZooKeeperIdentityAloneAndTheScramCredentialsReadableByItAlone() throws Exception {
        ZKClientConfig asTheBrokers = new ZKClientConfig();
        asTheBrokers.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, BROKERS_ZOOKEEPER_LOGIN);
        ZooKeeper brokersIdentity = zooKeeperSession(asTheBrokers);
        try {
            List<ACL> theBrokersAndReadForAll = List.of(new ACL(ZooDefs.Perms.ALL, new Id("sasl", ZOOKEEPER_USER)),
                    new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
            for (int id = 0; id < BROKERS; id++) {
                assertEquals(theBrokersAndReadForAll, brokersIdentity.getACL("/brokers/ids/" + id, null));
            }
            assertEquals(theBrokersAndReadForAll, brokersIdentity.getACL("/brokers/topics/" + TOPIC, null));
            assertEquals(List.of(new ACL(ZooDefs.Perms.ALL, new Id("sasl", ZOOKEEPER_USER))),
                    brokersIdentity.getACL("/config/users/admin", null));
        } finally {
            brokersIdentity.close();
        }
    }

    @Test
    @Order(3)
    void withoutKafkaSslKeyCredentialsTheImagesSslBlockStopsTheBroker() {
        assertEquals("KAFKA_SSL_KEY_CREDENTIALS is required.\nCommand [/usr/local/bin/dub ensure KAFKA_SSL_KEY_CREDENTIALS] FAILED !",
                firstCrash(client, renamed(brokers(Map.of("KAFKA_SSL_KEY_CREDENTIALS", "")), "no-key-credentials")).getMessage());
    }

    @Test
    @Order(3)
    void aSaslListenerWithoutKafkaOptsStopsTheBroker() {
        assertEquals("KAFKA_OPTS is required.\nCommand [/usr/local/bin/dub ensure KAFKA_OPTS] FAILED !",
                firstCrash(client, renamed(brokers(Map.of("KAFKA_OPTS", "")), "no-kafka-opts")).getMessage());
    }

    @Test
    @Order(3)
    void credentialFilesTheImagesUserCantReadStopTheBroker() {
        // 0400 and root's: without an fsGroup the kubelet leaves them so, and appuser can't read them.
        StatefulSet unreadable = new StatefulSetBuilder(renamed(brokers(Map.of()), "unreadable"))
                .editSpec().editTemplate().editSpec()
                    .editSecurityContext().withFsGroup(null).endSecurityContext()
                    .editMatchingVolume(volume -> volume.getName().equals("secrets"))
                        .editSecret().withDefaultMode(0400).endSecret()
                    .endVolume()
                .endSpec().endTemplate().endSpec()
                .build();
        assertEquals("cat: /etc/kafka/secrets/keystore-password: Permission denied", firstCrash(client, unreadable).getMessage());
    }

    /** A client of the brokers' operator listener: SASL_SSL, SCRAM-SHA-512 as {@code user}, trusting the test's authority. */
    private static Map<String, Object> client(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + operatorPortBase);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        config.putAll(trustingTheAuthority());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        return config;
    }

    /** A client of the operator listener that doesn't log in, speaking {@code protocol}; a refusal shows within seconds. */
    private static Map<String, Object> unauthenticated(String protocol) {
        return new HashMap<>(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + operatorPortBase,
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_000));
    }

    private static Map<String, Object> trustingTheAuthority() {
        return Map.of(
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM",
                SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, AUTHORITY.certificatePem(),
                // The listener is advertised as 127.0.0.1, where the port-forward listens, which no broker
                // certificate names: as for an operator through kubectl port-forward, no host name check.
                SslConfigs.SSL_ENDPOINT_IDENTIFICATION_ALGORITHM_CONFIG, "");
    }

    /** Why an admin client with {@code config} could not even list the brokers. */
    private static Throwable refusal(Map<String, Object> config) {
        try (Admin admin = Admin.create(config)) {
            return assertThrows(ExecutionException.class, () -> admin.describeCluster().nodes().get(60, TimeUnit.SECONDS)).getCause();
        }
    }

    /** This JVM's JAAS configuration, with {@link #BROKERS_ZOOKEEPER_LOGIN} added; {@code stop} puts the one before back. */
    private static void addBrokersZooKeeperLogin() {
        jaasBefore = Configuration.getConfiguration();
        AppConfigurationEntry[] brokers = {new AppConfigurationEntry(DigestLoginModule.class.getName(),
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.of("username", ZOOKEEPER_USER, "password", ZOOKEEPER_PASSWORD))};
        Configuration.setConfiguration(new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return name.equals(BROKERS_ZOOKEEPER_LOGIN) ? brokers : jaasBefore.getAppConfigurationEntry(name);
            }
        });
    }

    /**
     * A session with the cluster's ZooKeeper from this JVM. {@code config} names the JAAS section to log
     * in with; the default, {@code Client}, is in no configuration here, so the session logs in as nobody.
     */
    private static ZooKeeper zooKeeperSession(ZKClientConfig config) throws Exception {
        InetSocketAddress server = cluster.controller().resolve("default", "zookeeper", 2181).orElseThrow();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper session = new ZooKeeper("127.0.0.1:" + server.getPort(), 10_000, event -> {
            if (event.getState() == Watcher.Event.KeeperState.SyncConnected
                    || event.getState() == Watcher.Event.KeeperState.SaslAuthenticated) {
                connected.countDown();
            }
        }, config);
        assertTrue(connected.await(30, TimeUnit.SECONDS), "no session with ZooKeeper");
        return session;
    }

    private static List<String> readAll() {
        Map<String, Object> config = client("admin", "admin-secret");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }

    /** Keystores per broker, their password, the authority's certificate, the brokers' JAAS file. */
    private static io.fabric8.kubernetes.api.model.Secret kafkaSecret() {
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName("kafka-tls").endMetadata()
                .addToStringData("keystore-password", KEYSTORE_PASSWORD + "\n")
                .addToStringData("ca.crt", AUTHORITY.certificatePem())
                .addToStringData("kafka-jaas.conf", """
                        KafkaServer {
                          org.apache.kafka.common.security.scram.ScramLoginModule required
                          username="admin"
                          password="admin-secret";
                        };
                        Client {
                          org.apache.zookeeper.server.auth.DigestLoginModule required
                          username="%s"
                          password="%s";
                        };
                        """.formatted(ZOOKEEPER_USER, ZOOKEEPER_PASSWORD));
        for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
            String pod = "kafka-" + ordinal;
            byte[] keystore = AUTHORITY.keystore(KEYSTORE_PASSWORD, List.of(pod + ".kafka.default.svc",
                    pod + ".kafka.default.svc.cluster.local"));
            secret.addToData(pod + ".p12", Base64.getEncoder().encodeToString(keystore));
        }
        return secret.build();
    }

    private static StatefulSet zooKeeper() {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("zookeeper").endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("app", "zookeeper").endSelector()
                    .withServiceName("zookeeper")
                    .withReplicas(1)
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", "zookeeper").endMetadata()
                        .withNewSpec()
                            .addNewContainer()
                                .withName("zookeeper")
                                .withImage(ZOOKEEPER_IMAGE)
                                .withEnv(env(Map.of(
                                        "ZOOKEEPER_CLIENT_PORT", "2181",
                                        "KAFKA_HEAP_OPTS", "-Xmx128m",
                                        "KAFKA_OPTS", "-Djava.security.auth.login.config=" + SECRETS + "/jaas.conf"
                                                + " -Dzookeeper.authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider"
                                                + " -Dzookeeper.sessionRequireClientSASLAuth=true")))
                                .addNewPort().withName("client").withContainerPort(2181).endPort()
                                .addNewVolumeMount().withName("jaas").withMountPath(SECRETS).endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("jaas").withNewSecret().withSecretName("zookeeper-jaas").endSecret().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The brokers: a wrapper takes the broker id, the advertised listeners and the keystore's file
     * name from the pod's ordinal, then runs the image; {@code overrides} change the environment
     * (an empty value is as good as none to the image).
     */
    private static StatefulSet brokers(Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181");
        env.put("KAFKA_LISTENERS", "SASL_SSL://0.0.0.0:9092,OPERATOR://0.0.0.0:9094");
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "SASL_SSL:SASL_SSL,OPERATOR:SASL_SSL");
        env.put("KAFKA_INTER_BROKER_LISTENER_NAME", "SASL_SSL");
        env.put("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512");
        env.put("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", "SCRAM-SHA-512");
        env.put("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12");
        env.put("KAFKA_SSL_KEY_CREDENTIALS", "keystore-password");
        env.put("KAFKA_SSL_KEYSTORE_CREDENTIALS", "keystore-password");
        // Brokers are each other's clients: they trust the authority. Without client authentication the
        // image sets no truststore itself, so the location is given directly.
        env.put("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM");
        env.put("KAFKA_SSL_TRUSTSTORE_LOCATION", SECRETS + "/ca.crt");
        env.put("KAFKA_OPTS", "-Djava.security.auth.login.config=" + SECRETS + "/kafka-jaas.conf");
        env.put("KAFKA_ZOOKEEPER_SET_ACL", "true");
        env.put("KAFKA_AUTHORIZER_CLASS_NAME", "kafka.security.authorizer.AclAuthorizer");
        env.put("KAFKA_SUPER_USERS", "User:admin");
        env.put("KAFKA_LOG_DIRS", "/var/lib/kafka/data/logs");
        env.put("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "2");
        env.put("KAFKA_HEAP_OPTS", "-Xmx384m");
        env.put("OPERATOR_PORT_BASE", Integer.toString(operatorPortBase));
        env.putAll(overrides);
        String users = "for user in admin alice; do kafka-configs --zookeeper zookeeper:2181 --alter --add-config"
                + " \"SCRAM-SHA-512=[password=${user}-secret]\" --entity-type users --entity-name \"$user\" || exit 1; done";
        return new StatefulSetBuilder()
                .withNewMetadata().withName("kafka").endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("app", "kafka").endSelector()
                    .withServiceName("kafka")
                    .withReplicas(BROKERS)
                    .withPodManagementPolicy("Parallel")
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", "kafka").endMetadata()
                        .withNewSpec()
                            .withNewSecurityContext().withRunAsUser(1000L).withRunAsGroup(1000L).withFsGroup(1000L).endSecurityContext()
                            .addNewInitContainer()
                                .withName("scram-users")
                                .withImage(KAFKA_IMAGE)
                                .withCommand("bash", "-c", users)
                                .withEnv(env(Map.of("KAFKA_OPTS", env.get("KAFKA_OPTS"), "KAFKA_HEAP_OPTS", "-Xmx128m")))
                                .withTerminationMessagePolicy("FallbackToLogsOnError")
                                .addNewVolumeMount().withName("secrets").withMountPath(SECRETS).endVolumeMount()
                            .endInitContainer()
                            .addNewContainer()
                                .withName("kafka")
                                .withImage(KAFKA_IMAGE)
                                .withCommand("bash", "-c", """
                                        ordinal="${POD_NAME##*-}"
                                        export KAFKA_BROKER_ID="$ordinal"
                                        export KAFKA_ADVERTISED_LISTENERS="SASL_SSL://${POD_NAME}.kafka.default.svc:9092,OPERATOR://127.0.0.1:$((OPERATOR_PORT_BASE + ordinal))"
                                        export KAFKA_SSL_KEYSTORE_FILENAME="${POD_NAME}.p12"
                                        exec "$@"
                                        """, "kafka-startup")
                                .withArgs(Entrypoint.CONFLUENT)
                                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                                    .endFieldRef().endValueFrom().endEnv()
                                .addAllToEnv(env(env))
                                .addNewPort().withName("kafka").withContainerPort(9092).endPort()
                                .addNewPort().withName("operator").withContainerPort(9094).endPort()
                                .addNewVolumeMount().withName("secrets").withMountPath(SECRETS).withReadOnly(true).endVolumeMount()
                                .addNewVolumeMount().withName("data").withMountPath("/var/lib/kafka/data").endVolumeMount()
                            .endContainer()
                            .addNewVolume().withName("secrets").withNewSecret().withSecretName("kafka-tls").withDefaultMode(0440)
                                .endSecret().endVolume()
                        .endSpec()
                    .endTemplate()
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName("data").endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    /** {@code set} under another name, one replica, without the init container: a pod that stops in the image's checks. */
    private static StatefulSet renamed(StatefulSet set, String name) {
        List<String> command = new ArrayList<>(set.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
        // The keystore of a broker of the cluster, since the Secret holds none of this set's pods.
        command.set(2, command.get(2).replace("${POD_NAME}.p12", "kafka-0.p12").replace("kafka.default.svc", name + ".default.svc"));
        return new StatefulSetBuilder(set)
                .editMetadata().withName(name).endMetadata()
                .editSpec()
                    .withReplicas(1)
                    .editSelector().addToMatchLabels("app", name).endSelector()
                    .editTemplate()
                        .editMetadata().addToLabels("app", name).endMetadata()
                        .editSpec()
                            .withInitContainers()
                            .editFirstContainer().withCommand(command).endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static List<EnvVar> env(Map<String, String> env) {
        List<EnvVar> variables = new ArrayList<>();
        env.forEach((name, value) -> variables.add(new EnvVar(name, value, null)));
        return variables;
    }

    private static void awaitReady(String statefulSet, int replicas) {
        try {
            client.apps().statefulSets().withName(statefulSet).waitUntilCondition(set -> set != null && set.getStatus() != null
                    && Integer.valueOf(replicas).equals(set.getStatus().getReadyReplicas()), TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (KubernetesClientTimeoutException e) {
            // How the containers last ended tells why far better than the time-out alone.
            String lastExits = client.pods().list().getItems().stream()
                    .flatMap(pod -> Stream.concat(pod.getStatus().getInitContainerStatuses().stream(),
                                    pod.getStatus().getContainerStatuses().stream())
                            .filter(status -> status.getLastState() != null && status.getLastState().getTerminated() != null)
                            .map(status -> pod.getMetadata().getName() + "/" + status.getName() + ": "
                                    + status.getLastState().getTerminated().getMessage()))
                    .collect(Collectors.joining("\n"));
            throw new AssertionError(statefulSet + " not ready. Containers' last exits:\n" + lastExits, e);
        }
    }
}
