package dev.kafkapetset.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.testkit.servers.LocalKafka;
import dev.kafkapetset.testkit.servers.TcpForwarder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three real brokers in ZooKeeper mode; the last tests stop broker 2. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmokeRunThreeBrokersTest {
    @RegisterExtension
    static final LocalKafka kafka = LocalKafka.withBrokers(3);

    static SmokeReport smoke(String bootstrap, String topic, Integer expectedBrokers) throws InterruptedException {
        try (KafkaTarget target = KafkaTarget.direct(bootstrap)) {
            return SmokeRun.run(target, new SmokeSettings(topic, 300, 100, expectedBrokers, false, Duration.ofSeconds(30)));
        }
    }

    /** As a port-forward per broker would: 127.0.0.1:<base + id> to broker id's operator listener. */
    static TcpForwarder forwardOperatorPort(int id) {
        return TcpForwarder.forward(kafka.brokers().operatorPortBase() + id, "127.0.0.1", kafka.brokers().operatorPort(id));
    }

    @Test
    @Order(1)
    void threeBrokersTakeReplicatedWritesWithAcksAll() throws InterruptedException {
        SmokeReport report = smoke(kafka.brokers().bootstrapServers(), null, null);
        assertTrue(report.healthy(), report.text());
        assertEquals(new SmokeReport.Topic(report.topic().name(), true, 3, 3, 2, false), report.topic());
        assertEquals(List.of(0, 1, 2), report.brokers().stream().map(SmokeReport.Broker::id).toList());
        assertEquals(List.of(), report.brokersDown());
        assertEquals(300, report.verified());
    }

    @Test
    @Order(2)
    void throughAForwardedPortPerBrokerItPasses() throws InterruptedException {
        try (TcpForwarder first = forwardOperatorPort(0); TcpForwarder second = forwardOperatorPort(1);
                TcpForwarder third = forwardOperatorPort(2)) {
            SmokeReport report = smoke(first.address(), null, 3);
            assertTrue(report.healthy(), report.text());
            assertEquals("127.0.0.1:" + (kafka.brokers().operatorPortBase() + 2), report.brokers().get(2).address());
        }
    }

    @Test
    @Order(3)
    void aBrokerWhoseAdvertisedAddressCantBeReachedIsNamed() {
        try (TcpForwarder first = forwardOperatorPort(0); TcpForwarder second = forwardOperatorPort(1)) {
            ToolException error = assertThrows(ToolException.class, () -> smoke(first.address(), null, null));
            assertEquals(ExitCode.FAILED, error.exitCode());
            assertEquals("broker 2 advertises 127.0.0.1:" + (kafka.brokers().operatorPortBase() + 2) + ", which can't be reached"
                    + " from here (connection refused); clients are sent to that address, so it must be reachable"
                    + " from where this runs", error.getMessage());
        }
    }

    @Test
    @Order(4)
    void withOneBrokerDownReplicationThreeStillPassesAndSaysItIsDegraded() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("kafka-petset-smoke-on-broker-2", Map.of(0, List.of(2))),
                    new NewTopic("payments", Map.of(0, List.of(1, 2, 0))))).all().get();
        }
        kafka.brokers().stop(2);
        // The others learn of it from the controller a moment later; until then their metadata still lists it.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers().bootstrapServers()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin.describeCluster().nodes().get().stream().anyMatch(node -> node.id() == 2)) {
                assertTrue(System.nanoTime() < deadline, "the brokers left know broker 2 is gone");
                Thread.sleep(100);
            }
        }
        SmokeReport report = smoke(kafka.brokers().bootstrapServers(), null, 3);
        assertTrue(report.healthy(), report.text());
        assertEquals(3, report.topic().replicationFactor());
        assertEquals(List.of(2), report.brokersDown());
        assertEquals(List.of("broker 2 is down (alive: 0, 1)",
                "3 of 3 partitions are under-replicated, still within min.insync.replicas 2"), report.notes());
        assertEquals(300, report.verified());
        assertTrue(report.text().endsWith("DEGRADED: broker 2 is down; the cluster takes writes without it, but can't lose"
                + " another\n"), report.text());
        assertEquals(ExitCode.OK, report.exitCode(), "one broker down still passes");
    }

    @Test
    @Order(5)
    void aTopicWhoseLeaderIsDownFailsNamingThePartition() {
        ToolException error = assertThrows(ToolException.class,
                () -> smoke(kafka.brokers().bootstrapServers(), "kafka-petset-smoke-on-broker-2", null));
        assertEquals(ExitCode.FAILED, error.exitCode());
        assertEquals("partition kafka-petset-smoke-on-broker-2-0 has no leader: its replicas (broker 2) are down",
                error.getMessage());
    }

    @Test
    @Order(6)
    void directAddressesWithTwoOfThreeBrokersDownFailSayingSoThoughTheirSmokeTopicTookTheWrites()
            throws InterruptedException {
        kafka.brokers().stop(1);
        // Without --expect-brokers, the topics' replica assignments say which brokers the cluster has.
        SmokeReport report = smoke(kafka.brokers().bootstrapServers(), null, null);
        assertEquals(1, report.topic().replicationFactor(), report.text());
        assertEquals(300, report.verified(), report.text());
        assertEquals(List.of(1, 2), report.brokersDown());
        assertFalse(report.healthy(), report.text());
        assertEquals(List.of("2 brokers are down (1, 2): the cluster tolerates one"), report.problems());
        assertEquals(ExitCode.FAILED, report.exitCode());
    }
}
