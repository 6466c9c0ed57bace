package dev.kafkapetset.testkit.confluent;

import static dev.kafkapetset.testkit.confluent.Crashes.awaitCrash;
import static dev.kafkapetset.testkit.confluent.Crashes.firstCrash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.RepositoryRoot;
import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The repository's own manifests ({@code kube/}, as {@code kubectl create -f} takes them) on a
 * stand-in cluster whose pods are real servers configured from nothing but the pods' specs: a
 * three-server ZooKeeper ensemble and two brokers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfluentPodRuntimeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String TOPIC = "kept";
    private static ConfluentPodRuntime runtime;
    private static StandInCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void deployManifests() throws Exception {
        runtime = ConfluentPodRuntime.create();
        cluster = StandInCluster.start(runtime);
        client = cluster.client();
        for (String file : List.of("kafka-volumes.yaml", "zookeeper-volumes.yaml", "zookeeper.yaml", "kafka-service.yaml",
                "kafka-petset.yaml")) {
            try (InputStream manifests = Files.newInputStream(RepositoryRoot.path().resolve("kube").resolve(file))) {
                for (HasMetadata object : client.load(manifests).items()) {
                    client.resource(object).create();
                }
            }
        }
        awaitReady("kafka-zookeeper", 3);
        awaitReady("kafka", 2);
    }

    /** Where a broker's data claim keeps its files: its hostPath volume's directory on the node the volume is pinned to. */
    private static Path brokerData(String claim) {
        return runtime.volumeDirectory(client.persistentVolumes().withName("default-" + claim).get());
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
    void zookeeperPodsFormAQuorumFromTheirServerList() throws Exception {
        assertEquals(List.of("follower", "follower", "leader"), modes(0, 1, 2));
        // The env whitelists ruok and mntr too (through KAFKA_OPTS), as the liveness probe needs.
        assertEquals("imok", fourLetterWord(0, "ruok"));
    }

    @Test
    @Order(1)
    void brokersRegisterWithTheIdsAndListenersTheirWrapperDerived() throws Exception {
        Map<String, String> registered = brokerRegistrations();
        assertEquals(List.of("0", "1"), List.copyOf(registered.keySet()));
        for (int id = 0; id < 2; id++) {
            int plaintext = cluster.controller().address("default", "kafka-" + id, 9092).orElseThrow().getPort();
            String registration = registered.get(Integer.toString(id));
            // The operator listener is advertised as the wrapper computed it: base 19092 + ordinal.
            assertTrue(registration.contains("\"endpoints\":[\"PLAINTEXT://127.0.0.1:" + plaintext + "\","
                    + "\"OPERATOR://127.0.0.1:" + (19092 + id) + "\"]"), registration);
            Path meta = brokerData("data-kafka-" + id).resolve("logs/meta.properties");
            assertTrue(Files.readString(meta).contains("broker.id=" + id + "\n"), meta::toString);
        }
    }

    @Test
    @Order(2)
    void recordsAreReplicatedByBothBrokers() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 2))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(TOPIC, i % 2, null, "record-" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(10, readAll().size());
    }

    @Test
    @Order(3)
    void aBrokerScaledAwayComesBackWithItsData() throws Exception {
        Path partition = brokerData("data-kafka-1").resolve("logs/" + TOPIC + "-1");
        assertTrue(Files.isDirectory(partition), partition::toString);

        client.apps().statefulSets().withName("kafka").scale(1);
        client.pods().withName("kafka-1").waitUntilCondition(pod -> pod == null, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        awaitRegistered(List.of("0"));
        assertTrue(Files.isDirectory(partition), "the claim's files went with the pod");

        client.apps().statefulSets().withName("kafka").scale(2);
        awaitReady("kafka", 2);
        awaitRegistered(List.of("0", "1"));
        assertEquals(10, readAll().size());
    }

    @Test
    @Order(4)
    void aBrokerOnAnotherClustersDataIsStoppedByItsDataCheckAndStartsOnceItsOwnDataIsBack() throws Exception {
        Path meta = brokerData("data-kafka-1").resolve("logs/meta.properties");
        String own = Files.readString(meta);
        String cluster = clusterId();
        client.apps().statefulSets().withName("kafka").scale(1);
        client.pods().withName("kafka-1").waitUntilCondition(pod -> pod == null, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Files.writeString(meta, own.replace("cluster.id=" + cluster, "cluster.id=OtherCluster"));

        client.apps().statefulSets().withName("kafka").scale(2);
        ContainerStateTerminated refused = awaitCrash(client, "kafka-1");
        assertEquals("kafka-1: volume of claim data-kafka-1 holds the data of Kafka cluster OtherCluster, but ZooKeeper at"
                + " kafka-zookeeper:2181 holds cluster " + cluster + "; choices: point --zookeeper at the ZooKeeper of cluster"
                + " OtherCluster to keep it, or if its data can go, delete the claim and its volume's files and the broker"
                + " starts empty\n", refused.getMessage());
        assertEquals("data-check", client.pods().withName("kafka-1").get().getStatus().getInitContainerStatuses().stream()
                .filter(status -> status.getRestartCount() > 0).findFirst().orElseThrow().getName());

        Files.writeString(meta, own);
        awaitReady("kafka", 2);
        awaitRegistered(List.of("0", "1"));
    }

    /**
     * A crashed container's pod turns unready once its process has stopped, as a kubelet sees a
     * container that has exited: by then the broker is no longer registered, so what a check reads
     * right after the pod turns unready is the broker down.
     */
    @Test
    @Order(5)
    void aCrashLoopingPodTakesItsBrokerDownUntilReleased() throws Exception {
        cluster.controller().crashLoop("kafka-1", "stopped by the test");
        client.pods().withName("kafka-1").waitUntilCondition(pod -> pod != null && !Readiness.isPodReady(pod),
                TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of("0"), List.copyOf(brokerRegistrations().keySet()));
        cluster.controller().release("kafka-1");
        awaitReady("kafka", 2);
        awaitRegistered(List.of("0", "1"));
    }

    /**
     * Readiness is the pod's tcpSocket probe on port 9092, and Kafka opens that port only once it is
     * registered: while another session holds broker 1's registration, the broker's container runs
     * (and exits, and is restarted) but is never Ready, and its port never answers; once the id is
     * free, it registers and turns Ready.
     */
    @Test
    @Order(5)
    void aBrokerIsReadyOnlyOnceRegisteredAsItsProbeOnItsPortSays() throws Exception {
        cluster.controller().crashLoop("kafka-1", "stopped by the test");
        awaitRegistered(List.of("0"));
        ZooKeeper squatter = session();
        try {
            squatter.create("/brokers/ids/1", "{\"held\":\"by the test\"}".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            cluster.controller().release("kafka-1");
            boolean sawRunning = false;
            long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < until) {
                Pod pod = client.pods().withName("kafka-1").get();
                assertFalse(pod != null && Readiness.isPodReady(pod), "Ready while its id is held by another session");
                sawRunning |= pod != null && pod.getStatus().getContainerStatuses().stream()
                        .anyMatch(container -> container.getState().getRunning() != null);
                Thread.sleep(20);
            }
            assertTrue(sawRunning, "its container ran meanwhile, probed");
            Pod crashed = client.pods().withName("kafka-1").get();
            assertTrue(crashed.getStatus().getContainerStatuses().get(0).getRestartCount() >= 1, crashed::toString);
        } finally {
            squatter.close();
        }
        awaitReady("kafka", 2);
        awaitRegistered(List.of("0", "1"));
    }

    /**
     * A broker that starts while its whole ensemble is down waits for it as long as its pod says: the
     * manifests give it five minutes ({@code KAFKA_CUB_ZK_TIMEOUT}, in seconds, where the image waits
     * 40 s). Seconds later it has neither exited nor restarted (a pod that says 1 gives up within one,
     * as VolumePermissionsTest's do), and once the ensemble is back it turns Ready.
     */
    @Test
    @Order(6)
    void aBrokerStartedWhileZooKeeperIsDownWaitsForItAsLongAsItsPodSays() throws Exception {
        cluster.controller().crashLoop("kafka-1", "stopped by the test");
        awaitRegistered(List.of("0"));
        try {
            for (int ordinal = 0; ordinal < 3; ordinal++) {
                cluster.controller().crashLoop("kafka-zookeeper-" + ordinal, "stopped by the test");
            }
            client.pods().withLabel("app.kubernetes.io/name", "zookeeper").waitUntilCondition(pod -> pod == null
                    || !Readiness.isPodReady(pod), TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            // A new broker pod, its container stopped already: it starts while no ZooKeeper server serves.
            client.pods().withName("kafka-1").delete();
            client.pods().withName("kafka-1").waitUntilCondition(pod -> pod != null && pod.getStatus() != null
                    && !pod.getStatus().getContainerStatuses().isEmpty()
                    && pod.getStatus().getContainerStatuses().get(0).getRestartCount() == 0, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("300", client.pods().withName("kafka-1").get().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(variable -> variable.getName().equals("KAFKA_CUB_ZK_TIMEOUT")).findFirst().orElseThrow().getValue());
            cluster.controller().release("kafka-1");
            Thread.sleep(Duration.ofSeconds(8).toMillis());
            Pod waiting = client.pods().withName("kafka-1").get();
            assertFalse(Readiness.isPodReady(waiting), waiting::toString);
            var broker = waiting.getStatus().getContainerStatuses().get(0);
            assertEquals(0, broker.getRestartCount(), () -> "still waiting for ZooKeeper, not restarted: " + broker);
        } finally {
            for (int ordinal = 0; ordinal < 3; ordinal++) {
                cluster.controller().release("kafka-zookeeper-" + ordinal);
            }
            cluster.controller().release("kafka-1");
        }
        awaitReady("kafka-zookeeper", 3);
        awaitReady("kafka", 2);
        awaitRegistered(List.of("0", "1"));
    }

    @Test
    @Order(6)
    void aZooKeeperServerDownLeavesAQuorumAndRejoinsAtItsAddressWhenBack() throws Exception {
        // The server the zookeeper Service leads to: the one a broker (re)started since looked up.
        InetSocketAddress address = resolve("kafka-zookeeper", 2181);
        int down = IntStream.range(0, 3)
                .filter(ordinal -> resolve("kafka-zookeeper-" + ordinal + ".kafka-zookeeper-headless", 2181).equals(address))
                .findFirst().orElseThrow();
        int[] others = IntStream.range(0, 3).filter(ordinal -> ordinal != down).toArray();
        cluster.controller().crashLoop("kafka-zookeeper-" + down, "stopped by the test");
        awaitReady("kafka-zookeeper", 2);
        awaitModes(List.of("follower", "leader"), others);
        cluster.controller().release("kafka-zookeeper-" + down);
        awaitReady("kafka-zookeeper", 3);
        awaitModes(List.of("follower", "follower", "leader"), 0, 1, 2);
        // Back at the address it had, as its DNS name is: brokers whose sessions were there find it
        // again (one that could not would never finish its controlled shutdown when the runtime closes).
        assertEquals(address, resolve("kafka-zookeeper-" + down + ".kafka-zookeeper-headless", 2181));
    }

    @Test
    @Order(7)
    void aFailingWrapperOrAnUnknownImageCrashLoopsWithTheReason() {
        assertEquals("no broker for wrapped-0", firstCrash(client, statefulSet("wrapped", "confluentinc/cp-kafka:7.9.11", Map.of(),
                "bash", "-c", "echo \"no broker for $HOSTNAME\" >&2; exit 3")).getMessage());
        assertEquals("image nginx:1.27 has no stand-in here: this runtime runs confluentinc/cp-zookeeper and"
                + " confluentinc/cp-kafka", firstCrash(client, statefulSet("other", "nginx:1.27", Map.of())).getMessage());
    }

    @Test
    @Order(7)
    void theImagesEmptyVariablesAreSetForTheWrapperAndUnsetForTheImage() {
        // Unbound variables would stop the wrapper; the image's own empty ones let it hand over.
        assertEquals("KAFKA_ZOOKEEPER_CONNECT is required.\nCommand [/usr/local/bin/dub ensure KAFKA_ZOOKEEPER_CONNECT] FAILED !",
                firstCrash(client, statefulSet("unset", "confluentinc/cp-kafka:7.9.11",
                Map.of(), "bash", "-uc", ": \"$KAFKA_ZOOKEEPER_CONNECT$KAFKA_ADVERTISED_LISTENERS$CLUSTER_ID\"; exec \"$@\"",
                "wrapper", Entrypoint.CONFLUENT)).getMessage());
    }

    @Test
    @Order(7)
    void aServerListEndingInASemicolonGivesZooKeeperAnEmptyServerItRejects() {
        assertEquals("Invalid config, exiting abnormally:  does not have the form server_config or server_config;client_config"
                + " where server_config is the pipe separated list of host:port:port or host:port:port:type and client_config"
                + " is port or host:port", firstCrash(client, statefulSet("trailing", "confluentinc/cp-zookeeper:7.9.11", Map.of(
                        "ZOOKEEPER_CLIENT_PORT", "2181",
                        "ZOOKEEPER_SERVER_ID", "1",
                        "ZOOKEEPER_SERVERS", "trailing-0.trailing.default.svc:2888:3888;"))).getMessage());
    }

    @Test
    @Order(7)
    void anInitContainerCrashLoopsWithWhatItsTerminationMessagePolicyKeeps() {
        String script = "echo 'checking the volume'; echo 'refused: not ours' >&2; exit 2";
        ContainerStateTerminated fallback = firstCrash(client, withInit(statefulSet("fallback", "confluentinc/cp-kafka:7.9.11", Map.of()),
                "confluentinc/cp-kafka:7.9.11", "FallbackToLogsOnError", "bash", "-c", script));
        assertEquals(2, fallback.getExitCode());
        assertEquals("checking the volume\nrefused: not ours\n", fallback.getMessage());
        ContainerStateTerminated file = firstCrash(client, withInit(statefulSet("file", "confluentinc/cp-kafka:7.9.11", Map.of()),
                "confluentinc/cp-kafka:7.9.11", "File", "bash", "-c", script));
        assertEquals(2, file.getExitCode());
        assertNull(file.getMessage());
        assertEquals("image busybox:1.36 has no stand-in here: this runtime runs confluentinc/cp-zookeeper and"
                + " confluentinc/cp-kafka", firstCrash(client, withInit(statefulSet("foreign", "confluentinc/cp-kafka:7.9.11", Map.of()),
                        "busybox:1.36", "File", "true")).getMessage());
    }

    @Test
    @Order(7)
    void zookeeperShellInAnInitContainerAsksThePodsZooKeeperAndPrintsWhatTheImagesShellDoes() throws Exception {
        String connected = "Connecting to kafka-zookeeper:2181\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null\n";
        assertEquals(connected + "{\"version\":\"1\",\"id\":\"" + clusterId() + "\"}\nexit 0\n"
                + connected + "Node does not exist: /nothing\nexit 1\n",
                firstCrash(client, withInit(statefulSet("shell", "confluentinc/cp-kafka:7.9.11", Map.of()), "confluentinc/cp-kafka:7.9.11",
                        "FallbackToLogsOnError", "bash", "-c", "for path in /cluster/id /nothing; do"
                                + " zookeeper-shell kafka-zookeeper:2181 get $path; echo \"exit $?\"; done; exit 1")).getMessage());
    }

    private static StatefulSet statefulSet(String name, String image, Map<String, String> env, String... command) {
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
                                .withCommand(command)
                                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                                    .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                                .addAllToEnv(env.entrySet().stream()
                                        .map(variable -> new EnvVar(variable.getKey(), variable.getValue(), null)).toList())
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** {@code set} with an init container before its main one. */
    private static StatefulSet withInit(StatefulSet set, String image, String terminationMessagePolicy, String... command) {
        return new StatefulSetBuilder(set).editSpec().editTemplate().editSpec()
                .addNewInitContainer()
                    .withName("check")
                    .withImage(image)
                    .withCommand(command)
                    .withTerminationMessagePolicy(terminationMessagePolicy)
                .endInitContainer()
                .endSpec().endTemplate().endSpec()
                .build();
    }

    /** The cluster id the brokers registered in ZooKeeper, as their meta.properties holds it. */
    private static String clusterId() throws Exception {
        String meta = Files.readString(brokerData("data-kafka-0").resolve("logs/meta.properties"));
        return meta.lines().filter(line -> line.startsWith("cluster.id=")).findFirst().orElseThrow().substring("cluster.id=".length());
    }

    private static void awaitReady(String statefulSet, int replicas) {
        client.apps().statefulSets().withName(statefulSet).waitUntilCondition(set -> set.getStatus() != null
                && Integer.valueOf(replicas).equals(set.getStatus().getReadyReplicas()), TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    private static InetSocketAddress resolve(String host, int port) {
        return cluster.controller().resolve("default", host, port).orElseThrow(() -> new AssertionError(host + " does not resolve"));
    }

    /** The modes ZooKeeper pods {@code ordinals} report, sorted. */
    private static List<String> modes(int... ordinals) throws Exception {
        List<String> modes = new ArrayList<>();
        for (int ordinal : ordinals) {
            String reply = fourLetterWord(ordinal, "srvr");
            modes.add(reply.lines().filter(line -> line.startsWith("Mode: ")).map(line -> line.substring(6))
                    .findFirst().orElse(reply));
        }
        return modes.stream().sorted().toList();
    }

    private static void awaitModes(List<String> wanted, int... ordinals) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!modes(ordinals).equals(wanted)) {
            assertTrue(System.nanoTime() < deadline, () -> "ZooKeeper did not reach modes " + wanted + " within " + TIMEOUT);
            Thread.sleep(100);
        }
    }

    private static String fourLetterWord(int ordinal, String word) throws Exception {
        InetSocketAddress server = resolve("kafka-zookeeper-" + ordinal + ".kafka-zookeeper-headless", 2181);
        return FourLetterWordMain.send4LetterWord("127.0.0.1", server.getPort(), word, false, 5_000).strip();
    }

    private static String bootstrap() {
        return "127.0.0.1:" + resolve("kafka-0.kafka", 9092).getPort();
    }

    /** Broker id to its registration under /brokers/ids, read through the zookeeper Service. */
    private static Map<String, String> brokerRegistrations() throws Exception {
        ZooKeeper session = session();
        try {
            Map<String, String> registered = new TreeMap<>();
            for (String id : session.getChildren("/brokers/ids", false)) {
                try {
                    registered.put(id, new String(session.getData("/brokers/ids/" + id, false, null), StandardCharsets.UTF_8));
                } catch (KeeperException.NoNodeException deregistered) {
                    // a broker stopping between the listing and the read
                }
            }
            return registered;
        } finally {
            session.close();
        }
    }

    /** A ZooKeeper session through the zookeeper Service, once connected. */
    private static ZooKeeper session() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper session = new ZooKeeper("127.0.0.1:" + resolve("kafka-zookeeper", 2181).getPort(), 30_000,
                event -> connected.countDown());
        assertTrue(connected.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        return session;
    }

    private static void awaitRegistered(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!List.copyOf(brokerRegistrations().keySet()).equals(ids)) {
            assertTrue(System.nanoTime() < deadline, () -> "brokers " + ids + " were not the registered ones within " + TIMEOUT);
            Thread.sleep(100);
        }
    }

    private static List<String> readAll() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
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
}
