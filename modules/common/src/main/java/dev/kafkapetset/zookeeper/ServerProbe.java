package dev.kafkapetset.zookeeper;

import dev.kafkapetset.cli.NetworkErrors;
import dev.kafkapetset.cli.Parallel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.apache.zookeeper.common.X509Exception.SSLContextException;

/**
 * Asks one server {@code srvr} (mode, version), {@code mntr} (synced followers) and {@code ruok}, all
 * three at once: each is a connection of its own, through a port-forward a round trip to the API
 * server too. When {@code srvr} tells nothing, a client session is the fallback: it proves the server serves.
 */
final class ServerProbe {
    private final Duration timeout;
    private final Optional<ZooKeeperLogin> login;
    private final Parallel words;

    /** @param words asks the words other than {@code srvr}, each while {@code srvr} is asked */
    ServerProbe(Duration timeout, Optional<ZooKeeperLogin> login, Parallel words) {
        this.timeout = timeout;
        this.login = login;
        this.words = words;
    }

    ServerReport probe(ServerEndpoint endpoint) throws InterruptedException {
        if (endpoint.unavailable() != null) {
            return ServerReport.down(endpoint.name(), endpoint.unavailable());
        }
        Future<String> mntrAnswer = words.start(() -> sendOrEmpty(endpoint, "mntr"));
        Future<String> ruokAnswer = words.start(() -> sendOrEmpty(endpoint, "ruok"));
        long start = System.nanoTime();
        String srvr;
        try {
            srvr = send(endpoint, "srvr");
        } catch (IOException e) {
            mntrAnswer.cancel(true);
            ruokAnswer.cancel(true);
            return ServerReport.down(endpoint.name(), NetworkErrors.describe(e));
        }
        double roundTripMillis = (System.nanoTime() - start) / 1e6;
        List<String> refused = new ArrayList<>();
        Mode mode = Mode.UNKNOWN;
        String version = null;
        if (FourLetterReplies.refused(srvr)) {
            refused.add("srvr");
        } else if (FourLetterReplies.notServing(srvr)) {
            mode = Mode.NOT_SERVING;
        } else {
            mode = FourLetterReplies.field(srvr, "Mode").map(Mode::parse).orElse(Mode.UNKNOWN);
            version = FourLetterReplies.field(srvr, "Zookeeper version").map(FourLetterReplies::shortVersion).orElse(null);
        }
        Integer syncedFollowers = null;
        String mntr = Parallel.answer(mntrAnswer);
        if (FourLetterReplies.refused(mntr)) {
            refused.add("mntr");
        } else {
            if (mode == Mode.UNKNOWN) {
                mode = FourLetterReplies.field(mntr, "zk_server_state").map(Mode::parse).orElse(Mode.UNKNOWN);
            }
            if (mode == Mode.LEADER) {
                syncedFollowers = FourLetterReplies.field(mntr, "zk_synced_followers").map(Integer::valueOf).orElse(null);
            }
        }
        Boolean imok = null;
        String ruok = Parallel.answer(ruokAnswer);
        if (FourLetterReplies.refused(ruok)) {
            refused.add("ruok");
        } else {
            imok = ruok.strip().equals("imok");
        }
        Boolean session = null;
        if (mode == Mode.UNKNOWN) {
            try {
                session = Sessions.serves(endpoint.address(), timeout, login);
            } catch (IOException e) {
                session = false;
            }
            if (!session && srvr.isBlank()) {
                // Closed without a word, and no session either: a dead forward or not ZooKeeper at all.
                return ServerReport.down(endpoint.name(), "the connection closed without an answer");
            }
        }
        return new ServerReport(endpoint.name(), mode, roundTripMillis, version, syncedFollowers, imok, refused,
                session, null);
    }

    /** A server that answered {@code srvr} but drops the next command has refused it. */
    private String sendOrEmpty(ServerEndpoint endpoint, String command) {
        try {
            return send(endpoint, command);
        } catch (IOException e) {
            return "";
        }
    }

    private String send(ServerEndpoint endpoint, String command) throws IOException {
        try {
            return FourLetterWordMain.send4LetterWord(endpoint.host(), endpoint.port(), command, false,
                    (int) timeout.toMillis());
        } catch (SSLContextException e) {
            throw new IllegalStateException("no TLS is asked for, yet ZooKeeper set up a TLS context", e);
        }
    }
}
