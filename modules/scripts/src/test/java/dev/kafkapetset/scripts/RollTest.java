package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.confluent.ConfluentPodRuntime;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The safe roll, on the stand-in cluster whose pods are real brokers and ZooKeeper servers: one
 * broker at a time, the controller last, each only when every partition keeps its minimum in sync
 * without it, the next once all are back in sync; refused when a partition would go short, and
 * resumed where it stopped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RollTest {
    private ConfluentPodRuntime runtime;
    private StandInCluster cluster;
    private final int operatorPortBase = FreePorts.consecutive(3);

    /** The cluster's image until the upgrade: an older Kafka line (the stand-in runs 3.9 whatever the tag). */
    private String image = "confluentinc/cp-kafka:7.8.2";
    /** The operator's broker settings, once the settings test set them: every later step passes them again. */
    private final List<String> settings = new ArrayList<>();

    @BeforeAll
    void bringUpThreeBrokers() {
        runtime = ConfluentPodRuntime.create();
        cluster = StandInCluster.start(runtime);
        Script.Result up = step("bring-up", "--replicas", "3", "--smoke-count", "100", "--timeout", "2m",
                "--security", "plaintext");
        assertEquals(0, up.exitCode(), up::toString);
    }

    @AfterAll
    void stop() {
        try {
            runtime.close();
        } finally {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aRollRestartsEveryBrokerControllerLastWhileAProducerLosesNothing() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(1, TimeUnit.MINUTES);
        }
        List<String> order = expectedOrder();
        Script.Result plan = step("roll", "--dry-run", "--timeout", "2m");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("# mark the pod template of statefulset.apps/kafka restarted"), plan::toString);
        assertTrue(plan.out().contains("# order: " + String.join(", ", order) + " (the active controller, broker "
                + order.get(2).substring("kafka-".length()) + ", last)\n"), plan::toString);
        assertTrue(plan.out().contains("# restart pod/" + order.get(0) + ": before, every partition keeps"
                + " min.insync.replicas in sync without it; after, it is registered again and every partition is back in"
                + " sync (timeout 2m)\n"), plan::toString);

        AcknowledgedRecords records = AcknowledgedRecords.start(bootstrap(), "orders", Duration.ofMillis(5));
        PlanAndRun.Outcome rolled;
        try {
            rolled = PlanAndRun.inProcess(cluster, "roll", clusterOptions("--timeout", "2m"));
        } finally {
            records.close();
        }
        List<String> writes = new ArrayList<>(List.of("patch statefulset.apps/kafka"));
        order.forEach(pod -> writes.add("delete pod/" + pod));
        assertEquals(writes, rolled.written());
        Script.Result run = (Script.Result) rolled.run();
        for (String pod : order) {
            assertTrue(run.out().contains("pod/" + pod + " restarted\n"), run::toString);
        }
        AcknowledgedRecords.Verdict verdict = records.readBack(bootstrap(), Duration.ofMinutes(1));
        assertTrue(verdict.nothingLost(), () -> verdict + " " + records.errors());
        assertEquals(0, records.failed(), () -> "failed sends: " + records.errors());
        assertTrue(verdict.acknowledged() > 300, verdict::toString);
    }

    @Test
    @Order(2)
    void aRollIsRefusedBeforeAPartitionWouldGoShortAndResumesWhereItStopped() throws Exception {
        List<String> order = expectedOrder();
        int second = Integer.parseInt(order.get(1).substring("kafka-".length()));
        int last = Integer.parseInt(order.get(2).substring("kafka-".length()));
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("narrow", Map.of(0, List.of(second, last)))
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(1, TimeUnit.MINUTES);
        }
        Script.Result stopped = step("roll", "--timeout", "2m");
        assertEquals(1, stopped.exitCode(), stopped::toString);
        assertTrue(stopped.out().contains("pod/" + order.get(0) + " restarted\n"), stopped::toString);
        assertEquals("error: restarting broker " + second + " refused: 1 partitions would go below min.insync.replicas"
                + " without broker " + second + ": narrow-0 (in sync without it: 1, min.insync.replicas 2); producers with"
                + " acks=all would stop. Wait until they are back in sync, raise their replication factor, or roll with"
                + " --allow-unavailable to accept that\n", stopped.err());
        Script.Result status = step("status");
        assertTrue(status.out().contains("note: " + order.get(1) + " runs an old pod template: roll restarts it safely\n"),
                status::toString);

        try (Admin admin = admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, "narrow"), List.of(
                    new AlterConfigOp(new ConfigEntry("min.insync.replicas", "1"), AlterConfigOp.OpType.SET))))
                    .all().get(1, TimeUnit.MINUTES);
        }
        PlanAndRun.Outcome resumed = PlanAndRun.inProcess(cluster, "roll", clusterOptions("--timeout", "2m"));
        assertEquals(List.of("delete pod/" + order.get(1), "delete pod/" + order.get(2)), resumed.written(),
                "goes on with the two left, marks nothing anew");
        Script.Result whole = step("status");
        assertEquals(0, whole.exitCode(), whole::toString);
        assertTrue(!whole.out().contains("old template"), whole::toString);
    }

    @Test
    @Order(3)
    void theEnsembleRollsFollowersFirstAndTheLeaderLastKeepingAQuorum() {
        Script.Result misdirected = step("roll", "zookeeper", "--bootstrap-servers", "127.0.0.1:9092");
        assertEquals(2, misdirected.exitCode(), misdirected::toString);
        assertEquals("error: --bootstrap-servers and --command-config reach brokers; roll zookeeper reaches none\n",
                misdirected.err());
        PlanAndRun.Outcome rolled = PlanAndRun.inProcess(cluster, "roll", clusterOptions("zookeeper", "--timeout", "2m"));
        Script.Result run = (Script.Result) rolled.run();
        assertTrue(run.out().contains("(followers first, the leader, kafka-zookeeper-"), run::toString);
        assertEquals(4, rolled.written().size(), "the mark, then three restarts: " + rolled.written());
        Script.Result check = step("check-zookeeper");
        assertEquals(0, check.exitCode(), check::toString);
    }

    @Test
    @Order(4)
    void aDynamicSettingIsSetWithNoRestartAndAStartupOneIsRolledIn() throws Exception {
        List<String> before = podUids();
        settings.addAll(List.of("--config", "log.retention.ms=7200000"));
        Script.Result dynamic = step("deploy-petset", "--replicas", "3", "--timeout", "2m");
        assertEquals(0, dynamic.exitCode(), dynamic::toString);
        assertTrue(dynamic.out().contains("cluster-wide broker settings set: log.retention.ms=7200000\n"), dynamic::toString);
        assertEquals(before, podUids(), "no broker restarted");
        assertEquals("7200000", brokerSetting("log.retention.ms"));

        settings.addAll(List.of("--config", "queued.max.requests=600"));
        PlanAndRun.Outcome startup = PlanAndRun.inProcess(cluster, "deploy-petset", clusterOptions("--replicas", "3",
                "--timeout", "2m"));
        assertEquals(3, startup.written().stream().filter(write -> write.startsWith("delete pod/kafka-")).count(),
                startup.written()::toString);
        assertTrue(((Script.Result) startup.run()).out().contains("cluster-wide broker settings unchanged:"
                + " log.retention.ms=7200000\n"), startup.run()::toString);
        assertEquals("600", brokerSetting("queued.max.requests"));

        Script.Result owned = step("deploy-petset", "--replicas", "3", "--config", "broker.id=7");
        assertEquals(2, owned.exitCode(), owned::toString);
        assertEquals("error: --config broker.id: the toolkit sets it itself (each broker's id is its pod's ordinal)\n",
                owned.err());
    }

    @Test
    @Order(5)
    void aPatchLevelImageChangeIsRolledByDeployPetsetAsRollDoes() {
        image = "confluentinc/cp-kafka:7.8.3";
        PlanAndRun.Outcome changed = PlanAndRun.inProcess(cluster, "deploy-petset", clusterOptions("--replicas", "3",
                "--timeout", "2m"));
        List<String> written = changed.written();
        assertEquals("update statefulset.apps/kafka", written.get(0), written::toString);
        assertEquals(3, written.stream().filter(write -> write.startsWith("delete pod/kafka-")).count(), written::toString);
        Script.Result status = step("status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(!status.out().contains("old template"), status::toString);
    }

    @Test
    @Order(6)
    void aNewKafkaTakesTwoRollsWithTheProtocolPinnedBetweenThem() throws Exception {
        Script.Result oneRoll = step("deploy-petset", "--replicas", "3", "--image", "confluentinc/cp-kafka:7.9.11");
        assertEquals(1, oneRoll.exitCode(), oneRoll::toString);
        assertTrue(oneRoll.err().contains("changes Kafka from 3.8 to 3.9, which takes the rolls and version settings of Kafka's upgrade guide"), oneRoll::toString);

        image = "confluentinc/cp-kafka:7.9.11";
        Script.Result plan = step("upgrade", "--dry-run", "--timeout", "2m");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("# upgrade Kafka 3.8 to 3.9 in two rolls: first confluentinc/cp-kafka:7.9.11 with"
                + " inter.broker.protocol.version 3.8, then without the pin\n"), plan::toString);
        assertTrue(plan.out().contains("# then lift the pin: inter.broker.protocol.version 3.8 -> 3.9"), plan::toString);

        Script.Result upgraded = step("upgrade", "--timeout", "2m");
        assertEquals(0, upgraded.exitCode(), upgraded::toString);
        String out = upgraded.out();
        int firstRoll = out.indexOf("env[KAFKA_INTER_BROKER_PROTOCOL_VERSION]: (none) -> ");
        int secondRoll = out.indexOf("env[KAFKA_INTER_BROKER_PROTOCOL_VERSION]: ", firstRoll + 1);
        assertTrue(firstRoll > 0 && out.substring(firstRoll).contains("\"3.8\""), out);
        assertTrue(secondRoll > firstRoll && out.substring(secondRoll).startsWith("env[KAFKA_INTER_BROKER_PROTOCOL_VERSION]: {"),
                out);
        assertEquals(6, out.lines().filter(line -> line.startsWith("pod/kafka-") && line.endsWith(" restarted")).count(), out);
        var container = cluster.client().apps().statefulSets().withName("kafka").get().getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals(image, container.getImage());
        assertTrue(container.getEnv().stream().noneMatch(env -> env.getName().equals("KAFKA_INTER_BROKER_PROTOCOL_VERSION")));

        Script.Result again = step("upgrade", "--timeout", "2m");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("the upgrade is done"), again::toString);
    }

    @Test
    @Order(7)
    void goingBackAKafkaVersionOrLeavingTheZookeeperLineIsRefused() {
        Script.Result back = step("upgrade", "--image", "confluentinc/cp-kafka:7.8.3");
        assertEquals(2, back.exitCode(), back::toString);
        assertTrue(back.err().contains("would take Kafka back from 3.9 to 3.8"), back::toString);
        Script.Result kraftOnly = step("upgrade", "--image", "confluentinc/cp-kafka:8.0.0");
        assertEquals(2, kraftOnly.exitCode(), kraftOnly::toString);
        assertTrue(kraftOnly.err().contains("ships Kafka 4, which has no ZooKeeper mode"), kraftOnly::toString);
    }

    private List<String> podUids() {
        return IntStream.range(0, 3).mapToObj(ordinal -> cluster.client().pods().withName("kafka-" + ordinal).get()
                .getMetadata().getUid()).toList();
    }

    /** What broker 0 holds for {@code name}, whatever its source. */
    private String brokerSetting(String name) throws Exception {
        try (Admin admin = admin()) {
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "0");
            return admin.describeConfigs(List.of(broker)).all().get(1, TimeUnit.MINUTES).get(broker).get(name).value();
        }
    }

    /** The brokers in the order a roll takes them: by ordinal, the controller last. */
    private List<String> expectedOrder() throws Exception {
        try (Admin admin = admin()) {
            int controller = admin.describeCluster().controller().get(1, TimeUnit.MINUTES).id();
            List<String> order = IntStream.range(0, 3).filter(id -> id != controller).mapToObj(id -> "kafka-" + id)
                    .collect(Collectors.toCollection(ArrayList::new));
            order.add("kafka-" + controller);
            return order;
        }
    }

    private String bootstrap() {
        return IntStream.range(0, 3)
                .mapToObj(ordinal -> "127.0.0.1:" + cluster.controller().address("default", "kafka-" + ordinal, 9092)
                        .orElseThrow().getPort())
                .collect(Collectors.joining(","));
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    /** The options that shape the cluster, the same for every step, then {@code options}. */
    private String[] clusterOptions(String... options) {
        List<String> all = new ArrayList<>(List.of("--operator-port-base", Integer.toString(operatorPortBase),
                "--image", image));
        all.addAll(settings);
        all.addAll(List.of(options));
        return all.toArray(String[]::new);
    }

    /** A step in this JVM: the checks find the cluster by name; the others take its options, then {@code options}. */
    private Script.Result step(String script, String... options) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", cluster.kubeconfig().toString()));
        List<String> given = List.of(options);
        if (!script.equals("check-zookeeper")) {
            // An option given here wins over the cluster's: picocli takes an option once.
            List<String> shaping = new ArrayList<>(List.of(clusterOptions()));
            if (given.contains("--image")) {
                int at = shaping.indexOf("--image");
                shaping.subList(at, at + 2).clear();
            }
            all.addAll(shaping);
        }
        all.addAll(given);
        return Script.run(script, all.toArray(String[]::new));
    }
}
