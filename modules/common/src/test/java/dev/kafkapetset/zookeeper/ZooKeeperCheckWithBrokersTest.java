package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.model.ZookeeperConnect;
import dev.kafkapetset.testkit.servers.LocalKafka;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real standalone ZooKeeper with three real brokers registered under the chroot /kafka. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperCheckWithBrokersTest {
    @RegisterExtension
    static final LocalKafka kafka = LocalKafka.withBrokers(3).underChroot("/kafka");

    static ZooKeeperReport check(String connect, Integer expectedBrokers) throws InterruptedException {
        try (ZooKeeperTarget target = ZooKeeperTarget.direct(ZookeeperConnect.parse(connect))) {
            return ZooKeeperCheck.run(target, new ZooKeeperCheck.Settings(expectedBrokers, Duration.ofSeconds(10)));
        }
    }

    @Test
    void healthyStandaloneWithEveryBrokerRegistered() throws InterruptedException {
        ZooKeeperReport report = check(kafka.zookeeper().connectString() + "/kafka", 3);
        assertTrue(report.healthy(), report.text());
        assertEquals(ExitCode.OK, report.exitCode());
        ServerReport server = report.servers().get(0);
        assertEquals(Mode.STANDALONE, server.mode());
        assertEquals(Boolean.TRUE, server.imok());
        assertEquals("3.8.6", server.version());
        assertEquals(List.of(), server.refused());
        assertEquals(List.of(0, 1, 2), report.kafka().brokerIds());
        assertNotNull(report.kafka().clusterId());
        assertTrue(report.kafka().brokerIds().contains(report.kafka().controller()));
        assertEquals(List.of("PLAINTEXT://127.0.0.1:" + kafka.brokers().bootstrapServers().split(",")[1].split(":")[1],
                "OPERATOR://127.0.0.1:" + (kafka.brokers().operatorPortBase() + 1)), report.kafka().brokers().get(1).endpoints());
        assertTrue(report.text().contains("\n  3 of 3 expected brokers registered\n  /brokers/ids ACL: world:anyone:cdrwa\n"
                + "  /config/users ACL: world:anyone:cdrwa\nhealthy\n"), report.text());
    }

    @Test
    void brokersAreLookedForUnderKafkasChroot() throws InterruptedException {
        ZooKeeperReport atTheRoot = check(kafka.zookeeper().connectString(), null);
        assertTrue(atTheRoot.healthy(), atTheRoot.text());
        assertEquals(List.of(), atTheRoot.kafka().brokers());
        assertEquals(List.of("no Kafka broker is registered"), atTheRoot.notes());
        assertEquals(List.of("brokers 0, 1, 2 are not registered (expected brokers 0-2)"),
                check(kafka.zookeeper().connectString() + "/elsewhere", 3).problems());
    }

    @Test
    void unexpectedBrokersFailTheCheck() throws InterruptedException {
        ZooKeeperReport report = check(kafka.zookeeper().connectString() + "/kafka", 2);
        assertEquals(ExitCode.FAILED, report.exitCode());
        assertEquals(List.of("broker 2 is registered but not expected (expected brokers 0-1)"), report.problems());
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aStoppedBrokerIsNamedMissing() throws InterruptedException {
        kafka.brokers().stop(1);
        ZooKeeperReport report = check(kafka.zookeeper().connectString() + "/kafka", 3);
        assertFalse(report.healthy());
        assertEquals(List.of("broker 1 is not registered (expected brokers 0-2)"), report.problems());
        assertTrue(report.text().endsWith("problem: broker 1 is not registered (expected brokers 0-2)\nUNHEALTHY: 1 problem\n"),
                report.text());
    }
}
