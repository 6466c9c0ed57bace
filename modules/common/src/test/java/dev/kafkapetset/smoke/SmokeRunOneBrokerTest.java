package dev.kafkapetset.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.testkit.servers.KafkaBrokers;
import dev.kafkapetset.testkit.servers.LocalKafka;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One real broker in ZooKeeper mode. */
class SmokeRunOneBrokerTest {
    @RegisterExtension
    static final LocalKafka kafka = LocalKafka.withBrokers(1);
    static KafkaBrokers brokers;
    static Admin admin;

    @BeforeAll
    static void connect() {
        brokers = kafka.brokers();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    static SmokeReport smoke(String bootstrap, String topic, Integer expectedBrokers, boolean keepTopic, Duration timeout)
            throws InterruptedException {
        try (KafkaTarget target = KafkaTarget.direct(bootstrap)) {
            return SmokeRun.run(target, new SmokeSettings(topic, 300, 100, expectedBrokers, keepTopic, timeout));
        }
    }

    static SmokeReport smoke(String topic, Integer expectedBrokers, boolean keepTopic) throws InterruptedException {
        return smoke(brokers.bootstrapServers(), topic, expectedBrokers, keepTopic, Duration.ofSeconds(30));
    }

    static ToolException smokeFails(String bootstrap, String topic, Integer expectedBrokers, Duration timeout) {
        return assertThrows(ToolException.class, () -> smoke(bootstrap, topic, expectedBrokers, false, timeout));
    }

    @Test
    void oneBrokerTakesKeepsAndReturnsEveryRecord() throws Exception {
        SmokeReport report = smoke(null, null, false);
        assertTrue(report.healthy(), report.text());
        assertEquals(new SmokeReport.Topic(report.topic().name(), true, 1, 1, 1, false), report.topic());
        assertTrue(report.topic().name().startsWith("kafka-petset-smoke-" + report.runId()), report.topic().name());
        assertEquals(300, report.acknowledged());
        assertEquals(300, report.verified());
        assertEquals(List.of(new SmokeReport.Broker(0, brokers.bootstrapServers())), report.brokers());
        assertTrue(report.recordsPerSecond() > 0);
        assertNotNull(report.latency());
        assertFalse(admin.listTopics().names().get().contains(report.topic().name()), "topic deleted");
    }

    @Test
    void aKeptSmokeTopicIsReusedByTheNextRunAndNeverDeletedByIt() throws Exception {
        SmokeReport first = smoke("kafka-petset-smoke-reused", null, true);
        SmokeReport second = smoke("kafka-petset-smoke-reused", null, false);
        assertTrue(first.topic().created() && first.topic().kept(), first.text());
        assertTrue(second.healthy(), second.text());
        assertFalse(second.topic().created());
        assertTrue(second.topic().kept(), "only a topic a run created is deleted: " + second.text());
        assertEquals(List.of("reused the existing topic kafka-petset-smoke-reused"), second.notes());
        assertEquals(300, second.verified());
        assertTrue(admin.listTopics().names().get().contains("kafka-petset-smoke-reused"));
    }

    @Test
    void anExistingTopicThatIsNotASmokeTopicIsNeitherWrittenNorDeleted() throws Exception {
        admin.createTopics(List.of(new NewTopic("prod-orders", 1, (short) 1))).all().get();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>("prod-orders", "order-1")).get();
        }
        ToolException refused = smokeFails(brokers.bootstrapServers(), "prod-orders", null, Duration.ofSeconds(30));
        assertEquals(ExitCode.USAGE, refused.exitCode());
        assertEquals("topic prod-orders exists and is not a smoke topic: smoke-produce writes only into topics of its own,"
                + " a new one, or one whose name starts with kafka-petset-smoke-; choose such a --topic, or one that does"
                + " not exist", refused.getMessage());
        assertTrue(admin.listTopics().names().get().contains("prod-orders"), "not deleted");
        var partition = new org.apache.kafka.common.TopicPartition("prod-orders", 0);
        assertEquals(1L, admin.listOffsets(Map.of(partition, org.apache.kafka.clients.admin.OffsetSpec.latest()))
                .partitionResult(partition).get().offset(), "nothing written into it");
    }

    @Test
    void aTopicTheOperatorNamedIsCreatedAndDeletedWhenItDidNotExist() throws Exception {
        SmokeReport report = smoke("runbook-smoke", null, false);
        assertTrue(report.healthy(), report.text());
        assertTrue(report.topic().created() && !report.topic().kept(), report.text());
        assertFalse(admin.listTopics().names().get().contains("runbook-smoke"));
    }

    @Test
    void tooFewBrokersForTheReplicationFactorFailsBeforeCreatingTheTopic() {
        ToolException error = smokeFails(brokers.bootstrapServers(), null, 3, Duration.ofSeconds(30));
        assertEquals(ExitCode.FAILED, error.exitCode());
        assertEquals("not enough brokers for replication factor 3 with min.insync.replicas 2: only 1 alive (0)",
                error.getMessage());
    }

    @Test
    void aRefusedTopicCreationIsReportedWithKafkasReason() throws ExecutionException, InterruptedException {
        admin.createTopics(List.of(new NewTopic("smoke_collides", 1, (short) 1))).all().get();
        ToolException error = smokeFails(brokers.bootstrapServers(), "smoke.collides", null, Duration.ofSeconds(30));
        assertEquals(ExitCode.FAILED, error.exitCode());
        assertEquals("creating topic smoke.collides was refused: Topic 'smoke.collides' collides with existing topics:"
                + " smoke_collides", error.getMessage());
    }

    @Test
    void brokersAdvertisingAddressesNobodyListensOnAreUnreachable() {
        // The operator listener advertises 127.0.0.1:<base>, where nothing forwards to it.
        String operatorListener = "127.0.0.1:" + brokers.operatorPort(0);
        ToolException error = smokeFails(operatorListener, null, null, Duration.ofSeconds(3));
        assertEquals(ExitCode.UNREACHABLE, error.exitCode());
        assertEquals("something listens at " + operatorListener + ", but no Kafka request completed within 3s: either"
                + " it is not a Kafka broker, or the addresses the brokers advertise can't be reached from here",
                error.getMessage());
    }

    @Test
    void aPortThatRefusesIsUnreachableAtOnceNotAfterTheTimeOut() {
        // A time-out of an hour: only the check before the client starts can answer in time for the test.
        ToolException error = smokeFails("127.0.0.1:1", null, null, Duration.ofHours(1));
        assertEquals(ExitCode.UNREACHABLE, error.exitCode());
        assertEquals("no broker reachable: nothing answers at 127.0.0.1:1 (connection refused)", error.getMessage());
        ToolException unknownHost = smokeFails("no-such-host.invalid:9092", null, null, Duration.ofSeconds(2));
        assertEquals("no broker reachable: nothing answers at no-such-host.invalid:9092 (unknown host no-such-host.invalid)",
                unknownHost.getMessage());
    }

    @Test
    void zookeepersPortIsNamedAsZookeepersNotTakenForABroker() {
        ToolException error = smokeFails(kafka.zookeeper().connectString(), null, null, Duration.ofSeconds(3));
        assertEquals(ExitCode.UNREACHABLE, error.exitCode());
        assertEquals(kafka.zookeeper().connectString() + " is a ZooKeeper server, not a Kafka broker: give the brokers'"
                + " addresses (ZooKeeper's are for check-zookeeper)", error.getMessage());
    }
}
