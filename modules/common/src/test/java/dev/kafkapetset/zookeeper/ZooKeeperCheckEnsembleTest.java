package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.model.ZookeeperConnect;
import dev.kafkapetset.testkit.servers.LocalZooKeeperEnsemble;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A real three-server ensemble, losing one server, then a second. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperCheckEnsembleTest {
    static LocalZooKeeperEnsemble ensemble;

    @BeforeAll
    static void startEnsemble() {
        ensemble = LocalZooKeeperEnsemble.start(3);
    }

    @AfterAll
    static void stopEnsemble() {
        ensemble.close();
    }

    static ZooKeeperReport check() throws InterruptedException {
        try (ZooKeeperTarget target = ZooKeeperTarget.direct(ZookeeperConnect.parse(ensemble.connectString()))) {
            return ZooKeeperCheck.run(target, new ZooKeeperCheck.Settings(null, Duration.ofSeconds(10)));
        }
    }

    static List<Mode> modes(ZooKeeperReport report) {
        return report.servers().stream().map(ServerReport::mode).toList();
    }

    @Test
    @Order(1)
    void aHealthyEnsembleHasOneLeaderAndItsFollowersInSync() throws InterruptedException {
        ZooKeeperReport report = check();
        assertTrue(report.healthy(), report.text());
        List<Mode> modes = modes(report);
        assertEquals(1, modes.stream().filter(Mode.LEADER::equals).count(), modes.toString());
        assertEquals(2, modes.stream().filter(Mode.FOLLOWER::equals).count(), modes.toString());
        ServerReport leader = report.servers().get(modes.indexOf(Mode.LEADER));
        assertEquals(2, leader.syncedFollowers());
        assertEquals("3 servers: 1 leader, 2 following; quorum needs 2", report.ensemble());
        assertEquals(List.of("no Kafka broker is registered"), report.notes());
    }

    @Test
    @Order(2)
    void oneServerStoppedStillHasAQuorumAndIsReported() throws InterruptedException {
        ensemble.stop(0);
        ensemble.awaitQuorum();
        ZooKeeperReport report = check();
        assertTrue(report.healthy(), report.text());
        assertEquals(Mode.DOWN, report.servers().get(0).mode());
        assertEquals(ensemble.addresses().get(0) + " is down: connection refused; still a quorum (2 of 3)",
                report.notes().get(0));
        assertEquals("3 servers: 1 leader, 1 following, 1 not serving; quorum needs 2", report.ensemble());
    }

    @Test
    @Order(3)
    void twoServersStoppedLoseTheQuorumThoughTheLastSaysImok() throws InterruptedException {
        ensemble.stop(1);
        ensemble.awaitNoQuorum();
        ZooKeeperReport report = check();
        assertEquals(ExitCode.FAILED, report.exitCode(), report.text());
        ServerReport last = report.servers().get(2);
        assertEquals(Mode.NOT_SERVING, last.mode());
        assertEquals(Boolean.TRUE, last.imok());
        List<String> addresses = ensemble.addresses();
        assertEquals(List.of("no quorum: 0 of 3 servers serve, 2 needed (" + addresses.get(0) + " is down: connection"
                        + " refused, " + addresses.get(1) + " is down: connection refused, " + addresses.get(2)
                        + " is up but not serving)",
                "Kafka's registration can't be read: no server serves clients"), report.problems());
    }
}
