package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.confluent.ConfluentPodRuntime;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.FreePorts;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Leaving ZooKeeper on the stand-in cluster, whose pods are real ZooKeeper servers, brokers and (in
 * JVMs of their own, from the pod spec alone) KRaft controllers and KRaft-mode brokers: the
 * pre-flight refuses a cluster that is not whole and records the cluster id of one that is; the
 * controllers format their storage with it and reach the cluster's ZooKeeper; the brokers go into
 * migration mode (stopped half-way, then resumed) until dual write; a rollback takes the cluster
 * back to ZooKeeper; a second attempt goes all the way, through KRaft-mode brokers, to finalized.
 * Producers write with acks=all throughout, and lose nothing. Once that cluster is gone, a new one is
 * made in KRaft mode from the start, on the same kind of pods. Both are secured, as new clusters are by
 * default: TLS and SCRAM to Kafka, SASL to ZooKeeper, ACLs (kept through the migration).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigrationTest {
    private static final String NAMESPACE = "default";
    /** The image the cluster made in KRaft mode starts on: Kafka 3.8 (the stand-in formats its storage at 3.8's metadata version). */
    private static final String OLDER_KAFKA = "confluentinc/cp-kafka:7.8.2";
    private ConfluentPodRuntime runtime;
    private StandInCluster cluster;
    private final int operatorPortBase = FreePorts.consecutive(3);
    private final List<LocalPortForward> forwards = new ArrayList<>();
    /** The first attempt's number, which names its controllers' log directory. */
    private String firstAttempt;

    @BeforeAll
    void bringUpThreeBrokersHoldingData() throws Exception {
        // Brokers in ZooKeeper mode, in migration mode and controllers reach each other by name during the rolls.
        runtime = ConfluentPodRuntime.withBrokerJvms();
        cluster = StandInCluster.start(runtime);
        Script.Result up = step("bring-up", "--replicas", "3", "--smoke-count", "20", "--timeout", "2m");
        assertEquals(0, up.exitCode(), up::toString);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("orders", 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(1, TimeUnit.MINUTES);
            admin.createAcls(List.of(READER)).all().get(1, TimeUnit.MINUTES);
        }
    }

    /** An ACL the cluster holds from before the migration: ZooKeeper's authorizer's, then the KRaft one's. */
    private static final org.apache.kafka.common.acl.AclBinding READER = new org.apache.kafka.common.acl.AclBinding(
            new org.apache.kafka.common.resource.ResourcePattern(org.apache.kafka.common.resource.ResourceType.TOPIC, "orders",
                    org.apache.kafka.common.resource.PatternType.LITERAL),
            new org.apache.kafka.common.acl.AccessControlEntry("User:reader", "*", org.apache.kafka.common.acl.AclOperation.READ,
                    org.apache.kafka.common.acl.AclPermissionType.ALLOW));

    @AfterAll
    void stop() {
        closeForwards();
        try {
            runtime.close();
        } finally {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void thePreflightRefusesABrokerDownWithEveryReasonAndWritesNothing() throws Exception {
        cluster.controller().crashLoop("kafka-2", "stopped by the test");
        try {
            awaitRegistered(List.of("0", "1"));
            cluster.clearWrites();
            Script.Result refused = step("migrate-preflight", "--timeout", "1m");
            assertEquals(1, refused.exitCode(), refused::toString);
            assertTrue(refused.err().startsWith("error: Kafka 3.9 can't migrate this cluster yet: brokers [0, 1] are"
                    + " registered, not [0, 1, 2]: every broker must be up; "), refused::toString);
            assertTrue(refused.err().contains("partitions are out of sync (orders-0"), refused::toString);
            assertTrue(refused.err().contains("replicas are assigned to broker ids [2], which are not registered"),
                    refused::toString);
            assertEquals(List.of(), cluster.writes());
            assertNull(cluster.client().configMaps().inNamespace(NAMESPACE).withName("kafka-kraft").get());
        } finally {
            cluster.controller().release("kafka-2");
        }
    }

    @Test
    @Order(2)
    void thePreflightPassesAWholeClusterAndRecordsTheIdItsKafkaAndZooKeeperShare() throws Exception {
        awaitInSync();
        PlanAndRun.Outcome checked = PlanAndRun.inProcess(cluster, "migrate-preflight", options("migrate-preflight", "--timeout", "1m"));
        assertEquals(List.of("create configmap/kafka-kraft"), checked.written());
        Script.Result run = (Script.Result) checked.run();
        String clusterId;
        try (Admin admin = admin()) {
            clusterId = admin.describeCluster().clusterId().get(1, TimeUnit.MINUTES);
        }
        assertTrue(run.out().contains("ok: Kafka and its ZooKeeper are one cluster: " + clusterId + "\n"), run::toString);
        assertTrue(run.out().contains("ok: inter.broker.protocol.version is 3.9 on every broker\n"), run::toString);
        ConfigMap record = cluster.client().configMaps().inNamespace(NAMESPACE).withName("kafka-kraft").get();
        assertEquals(clusterId, record.getData().get("cluster-id"));
        assertTrue(record.getData().get("attempt").matches("\\d+"), record::toString);

        Script.Result again = step("migrate-preflight", "--timeout", "1m");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("configmap/kafka-kraft unchanged\n"), again::toString);
    }

    @Test
    @Order(3)
    void theControllersFormatWithThatIdFormAQuorumAndReachZooKeeperLeavingTheBrokersAlone() throws Exception {
        String brokersBefore = cluster.client().apps().statefulSets().inNamespace(NAMESPACE).withName("kafka").get()
                .getMetadata().getResourceVersion();
        PlanAndRun.Outcome deployed = PlanAndRun.inProcess(cluster, "migrate-controllers",
                options("migrate-controllers", "--timeout", "3m"));
        List<String> expected = new ArrayList<>();
        // Secured: the controllers' certificates, beside the brokers', first.
        expected.add("update secret/kafka-broker-tls");
        IntStream.range(0, 3).forEach(n -> expected.add("create persistentvolume/default-data-kafka-controller-" + n));
        expected.addAll(List.of("create service/kafka-controller", "create networkpolicy.networking.k8s.io/kafka-controller",
                "create statefulset.apps/kafka-controller",
                "create poddisruptionbudget.policy/kafka-controller"));
        assertEquals(expected, deployed.written());
        Script.Result run = (Script.Result) deployed.run();
        assertTrue(run.out().contains("the controllers have reached ZooKeeper (/migration made)\n"), run::toString);

        Map<String, String> record = cluster.client().configMaps().inNamespace(NAMESPACE).withName("kafka-kraft").get().getData();
        String clusterId = record.get("cluster-id");
        String attempt = record.get("attempt");
        firstAttempt = attempt;
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            assertTrue(Readiness.isPodReady(cluster.client().pods().inNamespace(NAMESPACE)
                    .withName("kafka-controller-" + ordinal).get()));
            PersistentVolume volume = cluster.client().persistentVolumes().withName("default-data-kafka-controller-" + ordinal)
                    .get();
            Properties meta = new Properties();
            // The log of this attempt at the migration, in a directory of its own.
            try (var in = Files.newBufferedReader(runtime.volumeDirectory(volume).resolve("attempt-" + attempt + "/meta.properties"))) {
                meta.load(in);
            }
            assertEquals(clusterId, meta.getProperty("cluster.id"), meta::toString);
            assertEquals(Integer.toString(9000 + ordinal), meta.getProperty("node.id"), meta::toString);
        }
        // Kafka answers no admin request about the quorum before the migration; the active controller's log says it formed.
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (runtime.containerLogs().entrySet().stream().noneMatch(log -> log.getKey().contains("/kafka-controller-")
                && log.getValue().contains("Controller Quorum is ready for Zk to KRaft migration. Now waiting for ZK brokers."))) {
            assertTrue(System.nanoTime() < deadline, "a quorum formed and waits for the brokers");
            Thread.sleep(500);
        }
        String migration = zooKeeperData("/migration");
        assertTrue(migration.contains("\"kraft_metadata_offset\":-1"), migration);
        assertEquals(brokersBefore, cluster.client().apps().statefulSets().inNamespace(NAMESPACE).withName("kafka").get()
                .getMetadata().getResourceVersion(), "the brokers' StatefulSet is not touched");

        Script.Result status = step("status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("Leaving ZooKeeper\n  KRaft controllers deployed, waiting for the brokers"),
                status::toString);
        assertTrue(status.out().contains("  kafka-controller-2 "), status::toString);
        Script.Result again = step("migrate-controllers", "--timeout", "1m");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("statefulset.apps/kafka-controller unchanged\n"), again::toString);
        Script.Result smoke = step("smoke-produce", "--count", "20");
        assertEquals(0, smoke.exitCode(), smoke::toString);
    }

    @Test
    @Order(4)
    void theBrokersRollIntoMigrationModeStopHalfWayAndResumeWhileAProducerLosesNothingUntilDualWrite() throws Exception {
        int zooKeepersController;
        try (Admin admin = admin()) {
            zooKeepersController = admin.describeCluster().controller().get(1, TimeUnit.MINUTES).id();
        }
        List<Integer> others = IntStream.range(0, 3).filter(n -> n != zooKeepersController).boxed().toList();
        String stuck = "kafka-" + others.get(0);
        AcknowledgedRecords records = AcknowledgedRecords.start(bootstrap(), login(), "orders", java.time.Duration.ofMillis(5));
        PlanAndRun.Outcome migrated;
        try {
            // Stopped half-way: a broker that can't come back in migration mode ends the step after its restart.
            cluster.controller().crashLoop(stuck, "stopped by the test");
            Script.Result stopped = step("migrate-brokers", "--timeout", "20s");
            assertEquals(1, stopped.exitCode(), stopped::toString);
            assertTrue(stopped.out().contains("statefulset.apps/kafka updated\n") && stopped.out().contains("restarting "
                    + stuck + "...") && !stopped.out().contains("restarting kafka-" + others.get(1)), stopped::toString);
            cluster.controller().release(stuck);
            awaitInSync();
            // Resumed: the StatefulSet is as wanted, and only the brokers still on the old template restart.
            migrated = PlanAndRun.inProcess(cluster, "migrate-brokers", options("migrate-brokers", "--timeout", "3m"));
        } finally {
            records.close();
        }
        assertEquals(List.of("delete pod/kafka-" + others.get(1), "delete pod/kafka-" + zooKeepersController),
                migrated.written(), "the rest restarted once, ZooKeeper's controller last");
        Script.Result run = (Script.Result) migrated.run();
        assertTrue(run.out().contains("the controllers lead the cluster and have copied its metadata"), run::toString);
        String controller = zooKeeperData("/controller");
        assertTrue(controller.matches(".*\"brokerid\":900[0-2].*") && controller.contains("kraftControllerEpoch"), controller);
        assertTrue(Long.parseLong(zooKeeperData("/migration").replaceAll(".*\"kraft_metadata_offset\":(\\d+).*", "$1")) > 0);

        assertNothingLost(records);
        Script.Result smoke = step("smoke-produce", "--count", "20");
        assertEquals(0, smoke.exitCode(), smoke::toString);
        Script.Result again = step("migrate-brokers", "--timeout", "1m");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("statefulset.apps/kafka unchanged\n"), again::toString);
        Script.Result status = step("status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().matches("(?s).*Leaving ZooKeeper\n  metadata copied: KRaft controller 900[0-2] leads.*"),
                status::toString);
        assertTrue(status.out().matches("(?s).*, controller: KRaft controller 900[0-2]\n.*"), status::toString);
        Script.Result teardown = step("teardown", "--dry-run");
        assertEquals(1, teardown.exitCode(), teardown::toString);
        assertTrue(teardown.err().contains("a migration off ZooKeeper is under way (statefulset.apps/kafka-controller):"
                + " run migrate-rollback first"), teardown::toString);
        // Every other step keeps the brokers as the StatefulSet records them.
        Script.Result deploy = step("deploy-petset", "--replicas", "3", "--dry-run");
        assertEquals(0, deploy.exitCode(), deploy::toString);
        assertTrue(deploy.out().contains("# statefulset.apps/kafka unchanged\n"), deploy::toString);
        // Made while the controllers lead, with the cluster's default replication: ZooKeeper gets it too (dual write).
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("made-in-dual-write", java.util.Optional.of(1), java.util.Optional.empty())))
                    .all().get(1, TimeUnit.MINUTES);
            assertEquals(3, replicationFactor(admin, "made-in-dual-write"), "default.replication.factor applies");
        }
    }

    @Test
    @Order(5)
    void aRollbackFromDualWriteGivesZooKeeperBackItsControllerWhileAProducerLosesNothing() throws Exception {
        ConfigMap record = cluster.client().configMaps().inNamespace(NAMESPACE).withName("kafka-kraft").get();
        assertEquals(firstAttempt, record.getData().get("attempt"));
        createTopic("payments");
        AcknowledgedRecords records = AcknowledgedRecords.start(bootstrap(), login(), "payments", java.time.Duration.ofMillis(5));
        PlanAndRun.Outcome rolledBack = whileProducing(records, "migrate-rollback");
        List<String> written = rolledBack.written();
        assertEquals(List.of("delete statefulset.apps/kafka-controller", "delete poddisruptionbudget.policy/kafka-controller",
                "delete service/kafka-controller", "update statefulset.apps/kafka", "delete pod/kafka-0", "delete pod/kafka-1",
                "delete pod/kafka-2", "delete configmap/kafka-kraft"), written);
        Script.Result run = (Script.Result) rolledBack.run();
        assertTrue(run.out().contains("/migration and the KRaft controller's /controller deleted; /migration held {"),
                run::toString);
        assertTrue(run.out().contains("the cluster is in ZooKeeper mode again\n"), run::toString);

        String controller = zooKeeperData("/controller");
        // A broker leads again; a ZooKeeper-mode controller writes its KRaft epoch as -1.
        assertTrue(controller.matches(".*\"brokerid\":[0-2],.*") && !controller.matches(".*\"kraftControllerEpoch\":[0-9].*"),
                controller);
        assertNull(zooKeeperDataOrNull("/migration"));
        var brokers = cluster.client().apps().statefulSets().inNamespace(NAMESPACE).withName("kafka").get();
        assertTrue(brokers.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .noneMatch(env -> env.getName().startsWith("KAFKA_CONTROLLER_") || env.getName().contains("MIGRATION")));
        assertNull(brokers.getMetadata().getAnnotations().get("kafka-petset/metadata"));
        assertTrue(cluster.client().persistentVolumes().withName("default-data-kafka-controller-0").get() != null,
                "the controllers' volumes are kept");

        assertNothingLost(records);
        try (Admin admin = admin()) {
            assertTrue(admin.listTopics().names().get(1, TimeUnit.MINUTES).contains("made-in-dual-write"));
        }
        Script.Result smoke = step("smoke-produce", "--count", "20");
        assertEquals(0, smoke.exitCode(), smoke::toString);
        Script.Result status = step("status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(!status.out().contains("Leaving ZooKeeper"), status::toString);
        Script.Result again = step("migrate-rollback", "--timeout", "1m");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("nothing to roll back"), again::toString);

        // A rollback stopped just before dropping the record leaves it naming this attempt, whose log is on the volumes.
        cluster.client().resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
                .withName("kafka-kraft").withNamespace(NAMESPACE).withLabels(record.getMetadata().getLabels())
                .withAnnotations(record.getMetadata().getAnnotations()).endMetadata()
                .withData(record.getData()).build()).create();
        Script.Result stale = step("migrate-controllers", "--dry-run");
        assertEquals(1, stale.exitCode(), stale::toString);
        assertTrue(stale.err().contains("configmap/kafka-kraft records attempt " + firstAttempt + ", but ZooKeeper has"
                + " elected controllers since the pre-flight"), stale::toString);
    }


    @Test
    @Order(6)
    void aNewAttemptGoesAllTheWayToKRaftAndFinalizesWhileAProducerLosesNothing() throws Exception {
        long committed = commitGroupOffset("billing", "orders");
        createTopic("refunds");
        AcknowledgedRecords records = AcknowledgedRecords.start(bootstrap(), login(), "refunds", java.time.Duration.ofMillis(5));
        PlanAndRun.Outcome kraftBrokers;
        PlanAndRun.Outcome finalized;
        String clusterId;
        try {
            for (String[] command : List.of(new String[] {"migrate-preflight", "--timeout", "1m"},
                    new String[] {"migrate-controllers", "--timeout", "3m"}, new String[] {"migrate-brokers", "--timeout", "3m"})) {
                Script.Result run = step(command[0], java.util.Arrays.copyOfRange(command, 1, command.length));
                assertEquals(0, run.exitCode(), run::toString);
            }
            Map<String, String> record = cluster.client().configMaps().inNamespace(NAMESPACE).withName("kafka-kraft").get()
                    .getData();
            clusterId = record.get("cluster-id");
            // The controllers' log of this attempt starts empty, beside the rolled-back one's on the same volume.
            assertTrue(!record.get("attempt").equals(firstAttempt), record::toString);
            java.nio.file.Path volume = runtime.volumeDirectory(cluster.client().persistentVolumes()
                    .withName("default-data-kafka-controller-0").get());
            assertTrue(Files.exists(volume.resolve("attempt-" + firstAttempt)) && Files.exists(volume.resolve("attempt-"
                    + record.get("attempt") + "/meta.properties")));
            kraftBrokers = PlanAndRun.inProcess(cluster, "migrate-kraft-brokers", options("migrate-kraft-brokers",
                    "--timeout", "3m"));
            assertEquals(List.of(), zooKeeperChildren("/brokers/ids"), "no broker is left in ZooKeeper");
            // Up to here the way back is open: two rolls, through migration mode, while the controllers lead.
            Script.Result rollbackPlan = step("migrate-rollback", "--dry-run", "-o", "json");
            assertEquals(0, rollbackPlan.exitCode(), rollbackPlan::toString);
            assertEquals(List.of("update statefulset.apps/kafka", "delete pod/kafka-0", "delete pod/kafka-1",
                    "delete pod/kafka-2", "delete statefulset.apps/kafka-controller",
                    "delete poddisruptionbudget.policy/kafka-controller", "delete service/kafka-controller",
                    "update statefulset.apps/kafka", "delete pod/kafka-0", "delete pod/kafka-1", "delete pod/kafka-2",
                    "delete configmap/kafka-kraft"), PlanAndRun.writes(PlanAndRun.json(rollbackPlan.out())));
            Script.Result scaleUp = step("scale", "--replicas", "4", "--dry-run");
            assertEquals(1, scaleUp.exitCode(), scaleUp::toString);
            assertTrue(scaleUp.err().contains("a migration off ZooKeeper is under way (the brokers are in kraft-brokers"
                    + " mode)"), scaleUp::toString);
            Script.Result upgrade = step("upgrade", "--image", "confluentinc/cp-kafka:7.9.12", "--dry-run");
            assertEquals(1, upgrade.exitCode(), upgrade::toString);
            assertTrue(upgrade.err().contains("cluster kafka is leaving ZooKeeper (brokers in kraft-brokers mode,"
                    + " statefulset.apps/kafka-controller in migration mode): Kafka forbids a metadata.version or protocol"
                    + " version change while a migration runs"), upgrade::toString);
            Script.Result stillUsed = step("teardown", "--zookeeper-only", "--dry-run");
            assertEquals(1, stillUsed.exitCode(), stillUsed::toString);
            assertTrue(stillUsed.err().contains("cluster kafka still uses its ZooKeeper (the brokers' metadata is in"
                    + " kraft-brokers mode)"), stillUsed::toString);
            Script.Result unconfirmed = step("migrate-finalize", "--dry-run");
            assertEquals(2, unconfirmed.exitCode(), unconfirmed::toString);
            assertTrue(unconfirmed.err().contains("finalizing is the point of no return"), unconfirmed::toString);
            finalized = PlanAndRun.inProcess(cluster, "migrate-finalize", options("migrate-finalize", "--timeout", "3m",
                    "--accept-no-rollback"));
        } finally {
            records.close();
        }
        assertEquals(List.of("update statefulset.apps/kafka", "delete pod/kafka-0", "delete pod/kafka-1", "delete pod/kafka-2"),
                kraftBrokers.written(), "by ordinal: a KRaft controller leads");
        Script.Result kraftRun = (Script.Result) kraftBrokers.run();
        assertTrue(kraftRun.out().contains("every broker runs in KRaft mode; the controllers still write every change to"
                + " ZooKeeper\n"), kraftRun::toString);
        List<String> finalizing = finalized.written();
        // The records first (no restart: the brokers' pods are already KRaft brokers), then the controllers, leader last.
        assertEquals(List.of("update statefulset.apps/kafka", "update configmap/kafka-kraft",
                "update statefulset.apps/kafka-controller"), finalizing.subList(0, 3), finalizing::toString);
        assertEquals(List.of("delete pod/kafka-controller-0", "delete pod/kafka-controller-1", "delete pod/kafka-controller-2"),
                finalizing.subList(3, 6).stream().sorted().toList(), finalizing::toString);
        Script.Result finalizeRun = (Script.Result) finalized.run();
        assertTrue(finalizeRun.out().contains("every broker runs in KRaft mode, registered with the controllers\n"),
                finalizeRun::toString);
        assertTrue(finalizeRun.out().contains("past the point of no return"), finalizeRun::toString);
        var controllers = cluster.client().apps().statefulSets().inNamespace(NAMESPACE).withName("kafka-controller").get();
        assertTrue(controllers.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .noneMatch(env -> env.getName().startsWith("KAFKA_ZOOKEEPER")), "the controllers are out of migration mode");
        // The first controller to lead without the migration flag ends the migration in the metadata log.
        assertTrue(runtime.containerLogs().entrySet().stream().anyMatch(log -> log.getKey().contains("/kafka-controller-")
                && log.getValue().contains("POST_MIGRATION")), "a controller finalized the migration");

        assertNothingLost(records);
        try (Admin admin = admin()) {
            assertEquals(clusterId, admin.describeCluster().clusterId().get(1, TimeUnit.MINUTES), "the same cluster");
            assertEquals(committed, admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata()
                    .get(1, TimeUnit.MINUTES).get(new org.apache.kafka.common.TopicPartition("orders", 0)).offset(),
                    "consumer group offsets kept");
            var config = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "orders"))).all().get(1, TimeUnit.MINUTES);
            assertEquals("2", config.values().iterator().next().get("min.insync.replicas").value(), "topic configs kept");
            assertTrue(admin.listTopics().names().get(1, TimeUnit.MINUTES).containsAll(List.of("orders", "payments",
                    "made-in-dual-write")));
            admin.createTopics(List.of(new NewTopic("made-in-kraft", java.util.Optional.of(1), java.util.Optional.empty())))
                    .all().get(1, TimeUnit.MINUTES);
            assertEquals(3, replicationFactor(admin, "made-in-kraft"), "the controllers keep the topic defaults");
            assertTrue(admin.describeAcls(org.apache.kafka.common.acl.AclBindingFilter.ANY).values().get(1, TimeUnit.MINUTES)
                    .contains(READER), "ACLs kept");
        }
        Script.Result rollback = step("migrate-rollback", "--dry-run");
        assertEquals(1, rollback.exitCode(), rollback::toString);
        assertTrue(rollback.err().contains("the migration is finalized (migrate-finalize): Kafka can't go back"), rollback::toString);
    }

    @Test
    @Order(7)
    void theFinalizedClusterServesWithoutZooKeeperAndTheDayTwoStepsTakeItForWhatItIs() throws Exception {
        // The ensemble, unused now, goes on request; its data stays.
        Script.Result ensemble = step("teardown", "--zookeeper-only", "--timeout", "2m");
        assertEquals(0, ensemble.exitCode(), ensemble::toString);
        assertTrue(ensemble.out().contains("statefulset.apps/kafka-zookeeper deleted\n")
                && ensemble.out().contains("persistentvolume/default-data-kafka-zookeeper-0 kept\n")
                && !ensemble.out().contains("statefulset.apps/kafka deleted"), ensemble::toString);
        assertTrue(cluster.client().pods().inNamespace(NAMESPACE).list().getItems().stream()
                .noneMatch(pod -> pod.getMetadata().getName().startsWith("kafka-zookeeper-")), "the ensemble's pods are gone");
        Script.Result smoke = step("smoke-produce", "--count", "20");
        assertEquals(0, smoke.exitCode(), smoke::toString);
        Script.Result status = step("status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("ZooKeeper not asked: the cluster left it (migration finalized)"), status::toString);
        assertTrue(status.out().contains("Leaving ZooKeeper\n  finalized: the KRaft controllers alone hold the metadata"),
                status::toString);
        assertTrue(status.out().contains("  kafka-controller-2 "), status::toString);
        // The controllers' listener, TLS since they came: status shows what each of them serves.
        assertTrue(status.out().contains("\n    kafka-controller-2  CN=kafka-controller-2, valid until "), status::toString);
        Script.Result finalizedAgain = step("migrate-finalize", "--accept-no-rollback", "--timeout", "1m");
        assertEquals(0, finalizedAgain.exitCode(), finalizedAgain::toString);
        assertTrue(finalizedAgain.out().contains("statefulset.apps/kafka-controller unchanged\n")
                && finalizedAgain.out().contains("configmap/kafka-kraft unchanged\n"), finalizedAgain::toString);

        Script.Result roll = step("roll", "--dry-run");
        assertEquals(0, roll.exitCode(), roll::toString);
        assertTrue(roll.out().contains("order: kafka-0, kafka-1, kafka-2 (by ordinal: a KRaft controller leads the cluster,"
                + " not one of the brokers)"), roll::toString);
        // The scale-down guard proves it reached this cluster by the recorded cluster id, then judges the leaving broker.
        Script.Result scale = step("scale", "--replicas", "2", "--dry-run");
        assertEquals(1, scale.exitCode(), scale::toString);
        assertTrue(scale.err().startsWith("error: scale-down refused: broker 2 still holds replicas of"), scale::toString);

        Map<String, Long> kept = offsets();
        Script.Result teardown = step("teardown", "--timeout", "2m");
        assertEquals(0, teardown.exitCode(), teardown::toString);
        assertTrue(teardown.out().contains("statefulset.apps/kafka-controller deleted\n")
                && teardown.out().contains("configmap/kafka-kraft kept\n")
                && teardown.out().contains("persistentvolume/default-data-kafka-controller-0 kept\n"), teardown::toString);
        assertTrue(cluster.client().pods().inNamespace(NAMESPACE).list().getItems().isEmpty(), "every pod is gone");

        // The record says the migration was finalized: bring-up brings the kept data back in KRaft mode, as it was.
        Map<String, String> record = record("kafka");
        assertTrue(record.get("finalized").equals("true") && record.get("controllers").equals("3")
                && record.get("security").equals("secured"), record::toString);
        Script.Result plaintext = step("bring-up", "--replicas", "3", "--security", "plaintext", "--dry-run");
        assertEquals(1, plaintext.exitCode(), plaintext::toString);
        assertTrue(plaintext.err().contains("configmap/kafka-kraft records a secured cluster"), plaintext::toString);
        Script.Result back = step("bring-up", "--replicas", "3", "--smoke-count", "20", "--timeout", "3m");
        assertEquals(0, back.exitCode(), back::toString);
        assertTrue(back.out().contains("[3/6] deploy-controllers") && back.out().contains("configmap/kafka-kraft unchanged\n")
                && back.out().contains("persistentvolumeclaim/data-kafka-0 is kept from before")
                && back.out().contains("  protection: SASL_SSL, SASL SCRAM-SHA-512 over TLSv1.3 ")
                && back.out().contains("bring-up complete"), back::toString);
        assertEquals(kept, offsets(), "every record and committed offset is back");
        assertEquals(0, step("teardown", "--timeout", "2m").exitCode());

        // A record that does not say so is a migration's that may not have finished: brokers deployed afresh would
        // run in ZooKeeper mode on data that may have left ZooKeeper.
        cluster.client().configMaps().inNamespace(NAMESPACE).withName("kafka-kraft").edit(map -> {
            map.getData().remove("finalized");
            return map;
        });
        Script.Result redeploy = step("deploy-petset", "--replicas", "3", "--dry-run");
        assertEquals(1, redeploy.exitCode(), redeploy::toString);
        assertTrue(redeploy.err().contains("configmap/kafka-kraft records a migration of cluster kafka off ZooKeeper that it"
                + " does not say was finalized"), redeploy::toString);
    }

    /** The end offset of every partition of orders and refunds, and billing's committed offsets, of cluster kafka. */
    private Map<String, Long> offsets() throws Exception {
        Map<String, Long> offsets = new java.util.TreeMap<>();
        try (Admin admin = admin()) {
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
            for (String topic : List.of("orders", "refunds")) {
                for (int partition = 0; partition < 3; partition++) {
                    latest.put(new org.apache.kafka.common.TopicPartition(topic, partition),
                            org.apache.kafka.clients.admin.OffsetSpec.latest());
                }
            }
            admin.listOffsets(latest).all().get(1, TimeUnit.MINUTES)
                    .forEach((partition, info) -> offsets.put("end " + partition, info.offset()));
            admin.listConsumerGroupOffsets("billing").partitionsToOffsetAndMetadata().get(1, TimeUnit.MINUTES)
                    .forEach((partition, committed) -> offsets.put("billing " + partition, committed.offset()));
        } finally {
            // The steps forward the operator ports themselves.
            closeForwards();
        }
        return offsets;
    }

    @Test
    @Order(8)
    void aClusterMadeInKRaftModeComesUpSecuredWithoutZooKeeperAndKeepsItsIdForGood() throws Exception {
        closeForwards();
        Map<String, String> outputs = new java.util.LinkedHashMap<>();
        // On an older Kafka, which the upgrade below moves on.
        Script.Result up = step("bring-up", "--name", "fresh", "--metadata", "kraft", "--controllers", "1", "--replicas", "3",
                "--image", OLDER_KAFKA, "--smoke-count", "20", "--timeout", "3m");
        outputs.put("bring-up", up.out() + up.err());
        assertEquals(0, up.exitCode(), up::toString);
        assertTrue(up.out().contains("[3/6] deploy-controllers: the cluster id and 1 KRaft controllers")
                && up.out().contains("configmap/fresh-kraft created\n")
                && up.out().contains("statefulset.apps/fresh-controller created\n")
                && up.out().contains("networkpolicy.networking.k8s.io/fresh-controller created\n")
                && up.out().contains("  protection: SASL_SSL, SASL SCRAM-SHA-512 over TLSv1.3 ")
                && up.out().contains("[6/6] smoke-produce") && up.out().contains("bring-up complete"), up::toString);
        String clusterId = record("fresh").get("cluster-id");
        assertEquals(clusterId, org.apache.kafka.common.Uuid.fromString(clusterId).toString(), "a random Kafka cluster id");
        assertEquals(Map.of("cluster-id", clusterId, "attempt", "none", "controllers", "1", "security", "secured"),
                record("fresh"));
        assertTrue(cluster.client().apps().statefulSets().inNamespace(NAMESPACE).withName("fresh-zookeeper").get() == null
                && cluster.client().persistentVolumes().list().getItems().stream()
                        .noneMatch(volume -> volume.getMetadata().getName().contains("fresh-zookeeper")), "no ZooKeeper at all");

        // Every later run finds the cluster for what it is: no --metadata, the same id, everything in place.
        Script.Result again = step("bring-up", "--name", "fresh", "--replicas", "3", "--image", OLDER_KAFKA, "--smoke-count",
                "20", "--timeout", "1m");
        outputs.put("bring-up again", again.out() + again.err());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("configmap/fresh-kraft unchanged\n")
                && again.out().contains("statefulset.apps/fresh-controller unchanged\n")
                && again.out().contains("statefulset.apps/fresh unchanged\n"), again::toString);
        assertEquals(clusterId, record("fresh").get("cluster-id"));
        Script.Result status = step("status", "--name", "fresh");
        outputs.put("status", status.out() + status.err());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("made in KRaft mode: no ZooKeeper") && status.out().contains("  fresh-controller-0 ")
                && !status.out().contains("Leaving ZooKeeper")
                && status.out().contains("\n  authorizer: org.apache.kafka.metadata.authorizer.StandardAuthorizer\n")
                && status.out().contains("\n    fresh-2             CN=fresh-2, valid until ")
                && status.out().contains("\n    fresh-controller-0  CN=fresh-controller-0, valid until "), status::toString);
        assertKraftDoorsShut("fresh");
        // The steps forward the operator ports themselves, and log in from the Secrets.
        closeForwards();

        // What only a ZooKeeper cluster has is refused with the reason, before anything is sent.
        Script.Result check = step("check-zookeeper", "--name", "fresh");
        assertEquals(2, check.exitCode(), check::toString);
        assertTrue(check.err().contains("cluster fresh was made in KRaft mode: it has no ZooKeeper to check"), check::toString);
        Script.Result preflight = step("migrate-preflight", "--name", "fresh", "--dry-run");
        assertEquals(2, preflight.exitCode(), preflight::toString);
        assertTrue(preflight.err().contains("cluster fresh was made in KRaft mode: it has no ZooKeeper"), preflight::toString);
        Script.Result back = step("deploy-petset", "--name", "fresh", "--metadata", "zookeeper", "--replicas", "3", "--dry-run");
        assertEquals(2, back.exitCode(), back::toString);
        assertTrue(back.err().contains("--metadata zookeeper: cluster fresh keeps its metadata in KRaft controllers, made so"),
                back::toString);
        Script.Result resize = step("deploy-controllers", "--name", "fresh", "--controllers", "3", "--dry-run");
        assertEquals(2, resize.exitCode(), resize::toString);
        assertTrue(resize.err().contains("--controllers 3: cluster fresh's quorum has 1 voters, a static list that can't change"),
                resize::toString);

        // A newer Kafka is upgrade's: the controllers first, then the brokers, each rolled safely; metadata.version last.
        Script.Result jump = step("deploy-controllers", "--name", "fresh", "--controllers", "1", "--dry-run");
        assertEquals(1, jump.exitCode(), jump::toString);
        assertTrue(jump.err().contains("--image confluentinc/cp-kafka:7.9.11 changes Kafka from 3.8 to 3.9, which takes the"
                + " rolls and version settings of Kafka's upgrade guide: run upgrade --image confluentinc/cp-kafka:7.9.11"),
                jump::toString);
        assertEquals("3.8-IV0", metadataVersion("fresh"), "formatted at its Kafka's newest metadata version");
        PlanAndRun.Outcome upgrade = PlanAndRun.inProcess(cluster, "upgrade",
                options("upgrade", "--name", "fresh", "--image", "confluentinc/cp-kafka:7.9.11", "--timeout", "2m"));
        String upgraded = upgrade.run().toString();
        outputs.put("upgrade", upgraded);
        assertEquals(List.of("update statefulset.apps/fresh-controller", "delete pod/fresh-controller-0",
                "update statefulset.apps/fresh", "delete pod/fresh-0", "delete pod/fresh-1", "delete pod/fresh-2"),
                upgrade.written(), upgraded);
        assertTrue(upgraded.contains("upgrade Kafka 3.8 to 3.9 in KRaft mode: the 1 controller first, then the brokers,"
                + " one at a time, as they need it; then metadata.version 3.9-IV0\n")
                && upgraded.contains("metadata.version 3.8-IV0 -> 3.9-IV0\n"), upgraded);
        assertEquals("3.9-IV0", metadataVersion("fresh"));
        Script.Result done = step("upgrade", "--name", "fresh", "--image", "confluentinc/cp-kafka:7.9.11", "--timeout", "1m");
        assertEquals(0, done.exitCode(), done::toString);
        assertTrue(done.out().contains("statefulset.apps/fresh-controller unchanged\n")
                && done.out().contains("statefulset.apps/fresh unchanged\n") && !done.out().contains(" restarted")
                && done.out().contains("metadata.version is 3.9-IV0 already: the upgrade is done\n"), done::toString);

        // New certificates for the controllers too, rolled in first, the brokers after them.
        java.time.Instant controllerCertificate = controllerCertificateExpiry("fresh");
        PlanAndRun.Outcome rotation = PlanAndRun.inProcess(cluster, "rotate-credentials",
                options("rotate-credentials", "--name", "fresh", "--timeout", "2m"));
        String rotated = rotation.run().toString();
        outputs.put("rotate-credentials", rotated);
        assertEquals(List.of("update secret/fresh-broker-tls", "patch statefulset.apps/fresh-controller",
                "delete pod/fresh-controller-0", "patch statefulset.apps/fresh", "delete pod/fresh-0", "delete pod/fresh-1",
                "delete pod/fresh-2"), rotation.written(), rotated);
        assertTrue(controllerCertificateExpiry("fresh").isAfter(controllerCertificate), "the controller serves its new one");

        // Brokers added format their volumes with the recorded id; those removed are unregistered from the controllers
        // once their pods are gone, the record of them kept until then.
        Script.Result up5 = step("scale", "--name", "fresh", "--replicas", "5", "--timeout", "2m");
        outputs.put("scale 5", up5.out() + up5.err());
        assertEquals(0, up5.exitCode(), up5::toString);
        Script.Result down4 = step("scale", "--name", "fresh", "--replicas", "4", "--no-wait");
        assertEquals(0, down4.exitCode(), down4::toString);
        assertTrue(down4.out().contains("--no-wait: broker 4 stays registered with the KRaft controllers")
                && !down4.out().contains(" unregistered\n"), down4::toString);
        assertEquals("4", record("fresh").get("unregister"));
        Script.Result comingBack = step("scale", "--name", "fresh", "--replicas", "5", "--dry-run");
        assertEquals(0, comingBack.exitCode(), comingBack::toString);
        assertTrue(comingBack.out().contains("# update configmap/fresh-kraft\n") && !comingBack.out().contains("# unregister"),
                "a broker brought back is dropped from the record, not unregistered: " + comingBack);
        PlanAndRun.Outcome down3 = PlanAndRun.inProcess(cluster, "scale",
                options("scale", "--name", "fresh", "--replicas", "3", "--timeout", "2m"));
        String ran = down3.run().toString();
        assertTrue(ran.contains("brokers 3, 4 unregistered\n"), ran);
        assertEquals(List.of("update configmap/fresh-kraft", "update statefulset.apps/fresh/scale", "update configmap/fresh-kraft"),
                down3.written(), ran);
        assertTrue(!record("fresh").containsKey("unregister"), "the record of what to unregister is dropped");
        Map<String, Object> login = new java.util.HashMap<>(dev.kafkapetset.kafka.ClientSecurity.admin(cluster.client(), NAMESPACE,
                "fresh"));
        login.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap("fresh"));
        try (Admin admin = Admin.create(login)) {
            assertEquals(List.of(0, 1, 2), admin.describeCluster().nodes().get(1, TimeUnit.MINUTES).stream()
                    .map(org.apache.kafka.common.Node::id).sorted().toList());
            assertEquals(clusterId, admin.describeCluster().clusterId().get(1, TimeUnit.MINUTES));
            for (int gone : List.of(3, 4)) {
                java.util.concurrent.ExecutionException unregistered = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class,
                        () -> admin.unregisterBroker(gone).all().get(1, TimeUnit.MINUTES));
                assertTrue(unregistered.getCause() instanceof org.apache.kafka.common.errors.BrokerIdNotRegisteredException,
                        unregistered::toString);
            }
        }
        closeForwards();

        Script.Result teardown = step("teardown", "--name", "fresh", "--timeout", "2m");
        assertEquals(0, teardown.exitCode(), teardown::toString);
        assertTrue(teardown.out().contains("statefulset.apps/fresh-controller deleted\n")
                && teardown.out().contains("configmap/fresh-kraft kept\n")
                && !teardown.out().contains("zookeeper"), teardown::toString);
        // With nothing deployed, the record says what the kept data is: brought up again, it is the same cluster, as
        // protected as it was.
        Script.Result open = step("bring-up", "--name", "fresh", "--security", "plaintext", "--replicas", "3", "--dry-run");
        assertEquals(1, open.exitCode(), open::toString);
        assertTrue(open.err().contains("configmap/fresh-kraft records a secured cluster"), open::toString);
        Script.Result redeployed = step("bring-up", "--name", "fresh", "--replicas", "3", "--smoke-count", "20", "--timeout", "3m");
        outputs.put("bring-up on kept data", redeployed.out() + redeployed.err());
        assertEquals(0, redeployed.exitCode(), redeployed::toString);
        assertTrue(redeployed.out().contains("[3/6] deploy-controllers") && redeployed.out().contains("configmap/fresh-kraft unchanged\n")
                && redeployed.out().contains("  protection: SASL_SSL, SASL SCRAM-SHA-512 over TLSv1.3 ")
                && redeployed.out().contains("persistentvolumeclaim/data-fresh-0 is kept from before"), redeployed::toString);
        assertEquals(clusterId, record("fresh").get("cluster-id"));
        assertEquals(0, step("teardown", "--name", "fresh", "--timeout", "2m").exitCode());

        // Its record gone, a new cluster of that name gets a new id: the kept controller log is not its, and is refused.
        cluster.client().configMaps().inNamespace(NAMESPACE).withName("fresh-kraft").delete();
        Script.Result stranger = step("bring-up", "--name", "fresh", "--metadata", "kraft", "--controllers", "1", "--replicas",
                "3", "--timeout", "1m");
        assertEquals(1, stranger.exitCode(), stranger::toString);
        assertTrue(stranger.err().contains("bring-up stopped at step 3/6 (deploy-controllers)")
                && stranger.err().contains("holds the log of controller 9000 of Kafka cluster " + clusterId
                        + ", not of controller 9000 of cluster " + record("fresh").get("cluster-id")), stranger::toString);
        assertEquals(0, step("teardown", "--name", "fresh", "--timeout", "2m").exitCode());
        runtime.containerLogs().forEach((log, text) -> outputs.put("log " + log, text));
        assertTrue(outputs.keySet().stream().anyMatch(source -> source.contains("fresh-controller-0")), outputs.keySet()::toString);
        SecretLeaks.assertNoneIn(cluster.client(), outputs);
    }

    /** When the certificate cluster {@code name}'s controller 0 serves on its listener expires. */
    private java.time.Instant controllerCertificateExpiry(String name) throws Exception {
        int port = FreePorts.consecutive(1);
        try (LocalPortForward controller = cluster.client().pods().inNamespace(NAMESPACE).withName(name + "-controller-0")
                .portForward(9095, port)) {
            return dev.kafkapetset.kafka.TlsProbe.handshake("127.0.0.1", port,
                    dev.kafkapetset.kafka.ClientSecurity.admin(cluster.client(), NAMESPACE, name), java.time.Duration.ofSeconds(30))
                    .expires();
        }
    }

    /** The finalized metadata.version of cluster {@code name}, asked as its admin. */
    private String metadataVersion(String name) throws Exception {
        try (Admin admin = securedAdmin(dev.kafkapetset.kafka.ClientSecurity.admin(cluster.client(), NAMESPACE, name),
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(name))) {
            short level = admin.describeFeatures().featureMetadata().get(1, TimeUnit.MINUTES).finalizedFeatures()
                    .get("metadata.version").maxVersionLevel();
            return org.apache.kafka.server.common.MetadataVersion.fromFeatureLevel(level).version();
        } finally {
            // The steps forward the operator ports themselves.
            closeForwards();
        }
    }

    /**
     * The doors of secured cluster {@code name} made in KRaft mode: a client logged in but granted
     * nothing can't read a topic (the KRaft authorizer), and the controller listener answers neither a
     * plaintext client nor a wrong login.
     */
    private void assertKraftDoorsShut(String name) throws Exception {
        Map<String, String> admin = dev.kafkapetset.kafka.ClientSecurity.admin(cluster.client(), NAMESPACE, name);
        String ca = dev.kafkapetset.kube.SecretValues.read(cluster.client(), NAMESPACE, name + "-ca", "ca.crt");
        try (Admin operator = securedAdmin(admin, AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(name))) {
            operator.createTopics(List.of(new NewTopic("guarded", 1, (short) 3))).all().get(1, TimeUnit.MINUTES);
            operator.alterUserScramCredentials(List.of(new org.apache.kafka.clients.admin.UserScramCredentialUpsertion("no-acls",
                    new org.apache.kafka.clients.admin.ScramCredentialInfo(org.apache.kafka.clients.admin.ScramMechanism.SCRAM_SHA_512,
                            4096), "no-acls-password"))).all().get(1, TimeUnit.MINUTES);
        }
        Map<String, String> stranger = dev.kafkapetset.kafka.ClientSecurity.scram("no-acls", "no-acls-password", ca);
        try (Admin client = securedAdmin(stranger, AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(name))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                // The new user reaches every broker a moment after the controller has it.
                java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                        java.util.concurrent.ExecutionException.class,
                        () -> client.describeTopics(List.of("guarded")).allTopicNames().get(1, TimeUnit.MINUTES));
                if (refused.getCause() instanceof org.apache.kafka.common.errors.TopicAuthorizationException) {
                    break;
                }
                assertTrue(refused.getCause() instanceof org.apache.kafka.common.errors.SaslAuthenticationException
                        && System.nanoTime() < deadline, refused::toString);
                Thread.sleep(500);
            }
        }
        int controllerPort = FreePorts.consecutive(1);
        try (LocalPortForward controller = cluster.client().pods().inNamespace(NAMESPACE).withName(name + "-controller-0")
                .portForward(9095, controllerPort)) {
            String controllers = "127.0.0.1:" + controllerPort;
            Map<String, String> wrongLogin = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"kafka-broker\""
                            + " password=\"not-the-password\";", "ssl.truststore.type", "PEM", "ssl.truststore.certificates", ca);
            for (Map<String, String> security : List.of(Map.<String, String>of(), wrongLogin)) {
                try (Admin client = securedAdmin(security, "bootstrap.controllers", controllers)) {
                    java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                            java.util.concurrent.ExecutionException.class,
                            () -> client.describeCluster().clusterId().get(1, TimeUnit.MINUTES));
                    assertTrue(security.isEmpty()
                            ? refused.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                            : refused.getCause() instanceof org.apache.kafka.common.errors.SaslAuthenticationException,
                            refused::toString);
                }
            }
        }
    }

    /** An admin client with {@code security}, reaching Kafka through {@code bootstrapSetting} = {@code servers}. */
    private static Admin securedAdmin(Map<String, String> security, String bootstrapSetting, String servers) {
        Map<String, Object> settings = new java.util.HashMap<>(security);
        settings.put(bootstrapSetting, servers);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return Admin.create(settings);
    }

    /** What cluster {@code name}'s record of its cluster id holds. */
    private Map<String, String> record(String name) {
        return cluster.client().configMaps().inNamespace(NAMESPACE).withName(name + "-kraft").get().getData();
    }

    /** Consumer group {@code group} commits an offset on partition 0 of {@code topic}; returns it. */
    private long commitGroupOffset(String group, String topic) throws Exception {
        try (Admin admin = admin()) {
            long end = admin.listOffsets(Map.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                    org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get(1, TimeUnit.MINUTES).values().iterator()
                    .next().offset();
            long offset = end / 2;
            admin.alterConsumerGroupOffsets(group, Map.of(new org.apache.kafka.common.TopicPartition(topic, 0),
                    new org.apache.kafka.clients.consumer.OffsetAndMetadata(offset))).all().get(1, TimeUnit.MINUTES);
            return offset;
        }
    }

    private void createTopic(String topic) throws Exception {
        // A topic of its own for each producer: the reader counts every record of the topic.
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all().get(1, TimeUnit.MINUTES);
        }
    }

    private String zooKeeperData(String path) throws Exception {
        String data = zooKeeperDataOrNull(path);
        assertTrue(data != null, path + " exists");
        return data;
    }

    private String zooKeeperDataOrNull(String path) throws Exception {
        return inZooKeeper(session -> {
            try {
                return new String(session.getData(path, false, null), java.nio.charset.StandardCharsets.UTF_8);
            } catch (org.apache.zookeeper.KeeperException.NoNodeException absent) {
                return null;
            }
        });
    }

    private List<String> zooKeeperChildren(String path) throws Exception {
        return inZooKeeper(session -> session.getChildren(path, false).stream().sorted().toList());
    }

    private interface ZooKeeperRead<T> {
        T read(ZooKeeper session) throws Exception;
    }

    /** What {@code read} reads in a session of the cluster's ZooKeeper. */
    private <T> T inZooKeeper(ZooKeeperRead<T> read) throws Exception {
        int port = cluster.controller().address(NAMESPACE, "kafka-zookeeper-0", 2181).orElseThrow().getPort();
        // Secured: ZooKeeper takes sessions that log in as Kafka does.
        java.util.concurrent.CountDownLatch loggedIn = new java.util.concurrent.CountDownLatch(1);
        ZooKeeper session = new ZooKeeper("127.0.0.1:" + port, 10_000, event -> {
            if (event.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SaslAuthenticated) {
                loggedIn.countDown();
            }
        }, new dev.kafkapetset.zookeeper.ZooKeeperLogin("kafka", dev.kafkapetset.kube.SecretValues.read(cluster.client(),
                NAMESPACE, "kafka-credentials", "zookeeper-password")).clientConfig());
        try {
            assertTrue(loggedIn.await(30, TimeUnit.SECONDS), "logged in to ZooKeeper");
            return read.read(session);
        } finally {
            session.close();
        }
    }

    private void awaitRegistered(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!zooKeeperChildren("/brokers/ids").equals(ids)) {
            assertTrue(System.nanoTime() < deadline, "brokers " + ids + " registered");
            Thread.sleep(500);
        }
    }

    private void awaitInSync() throws Exception {
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            cluster.client().pods().inNamespace(NAMESPACE).withName("kafka-" + ordinal)
                    .waitUntilCondition(pod -> pod != null && Readiness.isPodReady(pod), 3, TimeUnit.MINUTES);
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try (Admin admin = admin()) {
                boolean inSync = admin.describeTopics(admin.listTopics().names().get(1, TimeUnit.MINUTES)).allTopicNames()
                        .get(1, TimeUnit.MINUTES).values().stream().flatMap(topic -> topic.partitions().stream())
                        .allMatch(partition -> partition.isr().size() == partition.replicas().size());
                if (inSync) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException notYet) {
                // a broker just back may not answer yet
            }
            assertTrue(System.nanoTime() < deadline, "every partition back in sync");
            Thread.sleep(500);
        }
    }

    /** The topic's replication factor, once the broker asked has learned of it (the controller tells each a moment later). */
    private static int replicationFactor(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(1, TimeUnit.MINUTES).get(topic).partitions()
                        .get(0).replicas().size();
            } catch (java.util.concurrent.ExecutionException notYet) {
                assertTrue(System.nanoTime() < deadline, () -> topic + " described: " + notYet.getCause());
                Thread.sleep(200);
            }
        }
    }

    /** Plans and runs step {@code script} while {@code records} are produced, then stops producing. */
    private PlanAndRun.Outcome whileProducing(AcknowledgedRecords records, String script) throws InterruptedException {
        try {
            return PlanAndRun.inProcess(cluster, script, options(script, "--timeout", "3m"));
        } finally {
            records.close();
        }
    }

    /** Every send succeeded, and every acknowledged record reads back. */
    private void assertNothingLost(AcknowledgedRecords records) throws InterruptedException {
        AcknowledgedRecords.Verdict verdict = records.readBack(bootstrap(), java.time.Duration.ofMinutes(1));
        assertTrue(verdict.nothingLost(), () -> verdict + " " + records.errors());
        assertEquals(0, records.failed(), () -> "failed sends: " + records.errors());
    }

    private void closeForwards() {
        for (LocalPortForward forward : forwards) {
            try {
                forward.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        forwards.clear();
    }

    /**
     * The brokers' operator listeners through port-forwards, as an operator reaches them: they advertise
     * 127.0.0.1 at these ports, so a client follows them wherever (and in whichever JVM) a broker runs.
     */
    private String bootstrap() {
        return bootstrap("kafka");
    }

    private String bootstrap(String name) {
        if (forwards.isEmpty()) {
            for (int ordinal = 0; ordinal < 3; ordinal++) {
                forwards.add(cluster.client().pods().inNamespace(NAMESPACE).withName(name + "-" + ordinal)
                        .portForward(9094, operatorPortBase + ordinal));
            }
        }
        return IntStream.range(0, 3).mapToObj(ordinal -> "127.0.0.1:" + (operatorPortBase + ordinal))
                .collect(Collectors.joining(","));
    }

    private Admin admin() {
        return securedAdmin(login(), AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    }

    /** A file of the toolkit's login to cluster kafka, as --command-config takes it. */
    private String commandConfig() {
        try {
            java.nio.file.Path file = Files.createTempFile("migration-login", ".properties");
            file.toFile().deleteOnExit();
            Properties settings = new Properties();
            settings.putAll(login());
            try (var out = Files.newBufferedWriter(file)) {
                settings.store(out, null);
            }
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The toolkit's login to cluster kafka, from its Secrets. */
    private Map<String, String> login() {
        return dev.kafkapetset.kafka.ClientSecurity.admin(cluster.client(), NAMESPACE, "kafka");
    }

    private String[] clusterOptions(String... options) {
        // A topic default the brokers have, which the controllers must apply too once they create the topics.
        List<String> all = new ArrayList<>(List.of("--operator-port-base", Integer.toString(operatorPortBase),
                "--config", "default.replication.factor=3"));
        all.addAll(List.of(options));
        return all.toArray(String[]::new);
    }

    /** A step in this JVM: the checks find the cluster by name; the others take its options, then {@code options}. */
    private Script.Result step(String script, String... options) {
        if (script.equals("status")) {
            // status reaches the brokers through port-forwards of its own only: the test's give the ports back.
            closeForwards();
        }
        List<String> all = new ArrayList<>(List.of("--kubeconfig", cluster.kubeconfig().toString()));
        all.addAll(List.of(options(script, options)));
        return Script.run(script, all.toArray(String[]::new));
    }

    /** {@code script}'s options: the cluster's (the checks find it by name), the brokers' address, then {@code options}. */
    private String[] options(String script, String... options) {
        List<String> all = new ArrayList<>();
        if (!List.of("smoke-produce", "check-zookeeper", "status").contains(script)) {
            all.addAll(List.of(clusterOptions()));
        }
        if (!forwards.isEmpty() && List.of("smoke-produce", "migrate-preflight", "migrate-brokers", "migrate-kraft-brokers",
                "migrate-finalize", "migrate-rollback", "roll", "scale").contains(script)) {
            // The test's own port-forwards hold the operator ports the step would forward: it reaches the brokers through
            // them, logged in as the toolkit.
            all.addAll(List.of("--bootstrap-servers", bootstrap(), "--command-config", commandConfig()));
        }
        all.addAll(List.of(options));
        return all.toArray(String[]::new);
    }
}
