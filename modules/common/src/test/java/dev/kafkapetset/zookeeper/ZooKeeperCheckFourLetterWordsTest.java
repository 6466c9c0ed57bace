package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.model.ZookeeperConnect;
import dev.kafkapetset.testkit.servers.FourLetterWords;
import dev.kafkapetset.testkit.servers.StandaloneZooKeeper;
import dev.kafkapetset.testkit.servers.TcpForwarder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ZooKeeper as it ships (only srvr whitelisted), and behind a firewall that drops every four-letter word. */
class ZooKeeperCheckFourLetterWordsTest {
    static StandaloneZooKeeper zookeeper;

    @BeforeAll
    static void startZooKeeper() {
        zookeeper = StandaloneZooKeeper.start(FourLetterWords.SRVR_ONLY);
    }

    @AfterAll
    static void stopZooKeeper() {
        zookeeper.close();
    }

    static ZooKeeperReport check(String connect) throws InterruptedException {
        try (ZooKeeperTarget target = ZooKeeperTarget.direct(ZookeeperConnect.parse(connect))) {
            return ZooKeeperCheck.run(target, new ZooKeeperCheck.Settings(null, Duration.ofSeconds(10)));
        }
    }

    @Test
    void wordsNotWhitelistedAreReportedAndSrvrStillTellsTheMode() throws InterruptedException {
        ZooKeeperReport report = check(zookeeper.connectString());
        assertTrue(report.healthy(), report.text());
        ServerReport server = report.servers().get(0);
        assertEquals(Mode.STANDALONE, server.mode());
        assertEquals(List.of("mntr", "ruok"), server.refused());
        assertNull(server.imok());
        assertNull(server.session());
        assertEquals(zookeeper.connectString() + " refused mntr, ruok (not in 4lw.commands.whitelist)", report.notes().get(0));
    }

    @Test
    void withNoFourLetterWordAtAllAClientSessionStandsIn() throws InterruptedException {
        try (TcpForwarder firewall = TcpForwarder.refusingFourLetterWords("127.0.0.1", zookeeper.port())) {
            ZooKeeperReport report = check(firewall.address());
            assertTrue(report.healthy(), report.text());
            ServerReport server = report.servers().get(0);
            assertEquals(Mode.UNKNOWN, server.mode());
            assertEquals(Boolean.TRUE, server.session());
            assertEquals(List.of("srvr", "mntr", "ruok"), server.refused());
            assertEquals(List.of(), report.kafka().brokers());
            assertTrue(report.text().contains("unknown"), report.text());
        }
    }
}
