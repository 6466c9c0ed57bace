package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnsembleHealthTest {

    static ServerReport server(String name, Mode mode) {
        return new ServerReport(name, mode, 1.0, "3.8.6", null, true, List.of(), null, null);
    }

    static ServerReport down(String name) {
        return ServerReport.down(name, "connection refused");
    }

    @Test
    void standaloneServingIsHealthy() {
        EnsembleHealth health = EnsembleHealth.assess(List.of(server("zk", Mode.STANDALONE)));
        assertTrue(health.healthy());
        assertEquals("1 server, standalone", health.summary());
    }

    @Test
    void oneLeaderAndFollowersIsHealthy() {
        EnsembleHealth health = EnsembleHealth.assess(List.of(
                server("a", Mode.FOLLOWER), server("b", Mode.LEADER), server("c", Mode.FOLLOWER)));
        assertTrue(health.healthy(), health.problems().toString());
        assertEquals(List.of(), health.notes());
        assertEquals("3 servers: 1 leader, 2 following; quorum needs 2", health.summary());
    }

    @Test
    void oneServerDownKeepsTheQuorumAndIsNamed() {
        EnsembleHealth health = EnsembleHealth.assess(List.of(
                server("a", Mode.LEADER), server("b", Mode.FOLLOWER), down("c")));
        assertTrue(health.healthy());
        assertEquals(List.of("c is down: connection refused; still a quorum (2 of 3)"), health.notes());
    }

    @Test
    void twoOfThreeDownIsNoQuorumEvenThoughTheLastSaysImok() {
        ServerReport lastOne = new ServerReport("c", Mode.NOT_SERVING, 1.0, null, null, true, List.of(), null, null);
        EnsembleHealth health = EnsembleHealth.assess(List.of(down("a"), down("b"), lastOne));
        assertFalse(health.healthy());
        assertEquals(List.of("no quorum: 0 of 3 servers serve, 2 needed (a is down: connection refused,"
                + " b is down: connection refused, c is up but not serving)"), health.problems());
    }

    @Test
    void exactlyOneLeaderIsRequired() {
        assertEquals(List.of("2 servers claim to lead: a, b"), EnsembleHealth.assess(List.of(
                server("a", Mode.LEADER), server("b", Mode.LEADER), server("c", Mode.FOLLOWER))).problems());
        assertEquals(List.of("no leader among the serving servers"), EnsembleHealth.assess(List.of(
                server("a", Mode.FOLLOWER), server("b", Mode.FOLLOWER), server("c", Mode.FOLLOWER))).problems());
    }

    @Test
    void aStandaloneServerAmongAnEnsembleIsAProblem() {
        assertEquals(List.of("c runs standalone, outside the ensemble"), EnsembleHealth.assess(List.of(
                server("a", Mode.LEADER), server("b", Mode.FOLLOWER), server("c", Mode.STANDALONE))).problems());
    }

    @Test
    void serversThatWontTellTheirRoleCountWhenTheyServeASession() {
        ServerReport quiet = new ServerReport("b", Mode.UNKNOWN, 1.0, null, null, null, List.of("srvr", "mntr", "ruok"),
                true, null);
        ServerReport silent = new ServerReport("c", Mode.UNKNOWN, 1.0, null, null, null, List.of("srvr", "mntr", "ruok"),
                false, null);
        EnsembleHealth health = EnsembleHealth.assess(List.of(server("a", Mode.FOLLOWER), quiet, silent));
        assertTrue(health.healthy(), health.problems().toString());
        assertEquals(List.of(
                "leader not verified: b would not tell their role (srvr refused) but served a client session",
                "c is refusing srvr and client sessions; still a quorum (2 of 3)",
                "b refused srvr, mntr, ruok; c refused srvr, mntr, ruok (not in 4lw.commands.whitelist)"), health.notes());
    }

    @Test
    void aSingleMemberOfALargerEnsembleIsCheckedAloneWithANote() {
        EnsembleHealth health = EnsembleHealth.assess(List.of(server("a", Mode.FOLLOWER)));
        assertTrue(health.healthy());
        assertEquals(List.of("a is the follower of a larger ensemble; list all its servers to check the quorum"),
                health.notes());
        assertFalse(EnsembleHealth.assess(List.of(down("a"))).healthy());
    }
}
