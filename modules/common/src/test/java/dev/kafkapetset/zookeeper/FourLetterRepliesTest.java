package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class FourLetterRepliesTest {
    // As ZooKeeper 3.8.6 answers.
    static final String SRVR = """
            Zookeeper version: 3.8.6-6df26081269769c160c8c3a24929c60c91cd19c3, built on 2026-01-28 20:28 UTC
            Latency min/avg/max: 0/0.0/0
            Received: 3
            Sent: 3
            Connections: 1
            Outstanding: 0
            Zxid: 0x0
            Mode: follower
            Node count: 5
            """;

    @Test
    void readsSrvrAndMntrFields() {
        assertEquals(Optional.of("follower"), FourLetterReplies.field(SRVR, "Mode"));
        assertEquals("3.8.6", FourLetterReplies.shortVersion(FourLetterReplies.field(SRVR, "Zookeeper version").get()));
        String mntr = "zk_version\t3.8.6-6df2608, built on 2026\nzk_server_state\tleader\nzk_synced_followers\t2\n";
        assertEquals(Optional.of("leader"), FourLetterReplies.field(mntr, "zk_server_state"));
        assertEquals(Optional.of("2"), FourLetterReplies.field(mntr, "zk_synced_followers"));
        assertEquals(Optional.empty(), FourLetterReplies.field(mntr, "zk_followers"));
    }

    @Test
    void recognisesRefusalsAndLostQuorum() {
        assertTrue(FourLetterReplies.refused("mntr is not executed because it is not in the whitelist.\n"));
        assertTrue(FourLetterReplies.refused(""));
        assertFalse(FourLetterReplies.refused(SRVR));
        assertTrue(FourLetterReplies.notServing("This ZooKeeper instance is not currently serving requests\n"));
        assertFalse(FourLetterReplies.notServing(SRVR));
    }

    @Test
    void modesAsSrvrNamesThem() {
        assertEquals(Mode.LEADER, Mode.parse("leader"));
        assertEquals(Mode.READ_ONLY, Mode.parse("read-only"));
        assertEquals(Mode.UNKNOWN, Mode.parse("looking"));
        assertEquals("not serving", Mode.NOT_SERVING.toString());
    }
}
