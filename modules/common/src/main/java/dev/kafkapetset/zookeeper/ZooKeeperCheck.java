package dev.kafkapetset.zookeeper;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Parallel;
import dev.kafkapetset.errors.ToolException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * check-zookeeper's work: ask every server what it is (in parallel, so a dead server costs one
 * time-out, not one each), judge the ensemble, then read Kafka's registration in a client session.
 */
public final class ZooKeeperCheck {

    /**
     * What the operator asked, validated before anything is sent.
     *
     * @param expectedBrokers brokers (ids 0..n-1) expected registered, overriding what the target knows; or null
     * @param timeout the bound on each network step
     */
    public record Settings(Integer expectedBrokers, Duration timeout) {
        public Settings {
            if (expectedBrokers != null && expectedBrokers < 0) {
                throw ToolException.usage("--expect-brokers must be 0 or more, not " + expectedBrokers);
            }
        }
    }

    /**
     * Checks the target's servers.
     *
     * @throws ToolException unreachable (exit 3) when no server answers at all
     */
    public static ZooKeeperReport run(ZooKeeperTarget target, Settings settings) throws InterruptedException {
        Duration timeout = settings.timeout();
        List<ServerReport> servers = probeAll(target.servers(), timeout, target.login());
        if (servers.stream().noneMatch(ServerReport::reachable)) {
            boolean refused = servers.stream().allMatch(s -> "connection refused".equals(s.error()));
            throw ToolException.unreachable((refused ? "no ZooKeeper server is listening: "
                    : "no ZooKeeper server answered within " + Durations.format(timeout) + ": ")
                    + String.join("; ", servers.stream().map(s -> s.server() + " " + s.error()).toList()), null);
        }
        EnsembleHealth health = EnsembleHealth.assess(servers);
        List<String> problems = new ArrayList<>(health.problems());
        List<String> notes = new ArrayList<>(target.notes());
        notes.addAll(health.notes());
        Integer expected = settings.expectedBrokers() != null ? settings.expectedBrokers() : target.expectedBrokers();
        KafkaRegistration kafka = null;
        List<String> serving = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i).serving()) {
                serving.add(target.servers().get(i).address());
            }
        }
        if (serving.isEmpty()) {
            problems.add("Kafka's registration can't be read: no server serves clients");
        } else {
            try {
                kafka = readIn(String.join(",", serving) + target.chroot(), timeout, target.login(), KafkaRegistration::read);
                if (kafka == null) {
                    problems.add("no client session opened within " + Durations.format(timeout) + ", so Kafka's"
                            + " registration can't be read");
                }
            } catch (IOException | KeeperException e) {
                problems.add("Kafka's registration can't be read: " + e.getMessage());
            }
            if (kafka != null) {
                problems.addAll(kafka.problems(expected));
                if (target.login().isPresent()) {
                    // A secured cluster's brokers protect their znodes (zookeeper.set.acl).
                    problems.addAll(kafka.unprotected());
                }
                if (kafka.brokers().isEmpty() && expected == null) {
                    notes.add("no Kafka broker is registered" + (target.chroot().isEmpty() ? "" : " under " + target.chroot()));
                }
            }
        }
        return new ZooKeeperReport(servers, health.summary(), kafka, expected, problems.isEmpty(), problems, notes);
    }

    /**
     * What Kafka keeps in {@code target}'s ZooKeeper (its cluster id, controller, brokers), read in a
     * client session over all its servers; unreachable (exit 3) when no session opens in time.
     */
    public static KafkaRegistration registration(ZooKeeperTarget target, Duration timeout) throws InterruptedException {
        return read(target, timeout, KafkaRegistration::read);
    }

    /** Where a ZooKeeper-to-KRaft migration of {@code target}'s Kafka stands, as its znodes say. */
    public static ZooKeeperMigration migration(ZooKeeperTarget target, Duration timeout) throws InterruptedException {
        return read(target, timeout, ZooKeeperMigration::read);
    }

    /**
     * A migration's rollback, in ZooKeeper: once the KRaft controllers are gone, deletes
     * {@code /migration} (so a new attempt starts afresh) and, if a KRaft controller holds it,
     * {@code /controller} (a broker is then elected, as before the migration), both in one
     * transaction, each only as it was just read, in a ZooKeeper that holds cluster
     * {@code clusterId} and no other. A broker's {@code /controller} is never touched. Returns what
     * {@code /migration} held, for the record, or empty when there was nothing to delete.
     */
    public static Optional<String> clearMigration(ZooKeeperTarget target, Duration timeout, String clusterId)
            throws InterruptedException {
        return read(target, timeout, session -> {
            ZooKeeperMigration znodes = ZooKeeperMigration.read(session);
            if (!clusterId.equals(znodes.clusterId())) {
                throw ToolException.failed("the ZooKeeper reached holds cluster " + znodes.clusterId() + ", not " + clusterId
                        + ": its znodes are not this migration's to delete");
            }
            List<Op> deletions = new ArrayList<>();
            String migration = null;
            Stat stat = new Stat();
            try {
                migration = new String(session.getData("/migration", false, stat), java.nio.charset.StandardCharsets.UTF_8);
                deletions.add(Op.delete("/migration", stat.getVersion()));
            } catch (KeeperException.NoNodeException gone) {
                // deleted by an earlier run of the rollback
            }
            if (znodes.kraftController()) {
                session.getData("/controller", false, stat);
                deletions.add(Op.delete("/controller", stat.getVersion()));
            }
            if (deletions.isEmpty()) {
                return Optional.of("");
            }
            session.multi(deletions);
            return Optional.of(migration == null ? "(none)" : migration);
        }).filter(held -> !held.isEmpty());
    }

    /** What a reader makes of Kafka's znodes, in one session. */
    private interface Reader<T> {
        T read(ZooKeeper session) throws KeeperException, InterruptedException;
    }

    private static <T> T read(ZooKeeperTarget target, Duration timeout, Reader<T> reader) throws InterruptedException {
        List<String> reachable = target.servers().stream().filter(server -> server.unavailable() == null)
                .map(ServerEndpoint::address).toList();
        if (reachable.isEmpty()) {
            throw ToolException.unreachable("no ZooKeeper server to reach: " + String.join(", ", target.servers().stream()
                    .map(server -> server.name() + " " + server.unavailable()).toList()), null);
        }
        try {
            T read = readIn(String.join(",", reachable) + target.chroot(), timeout, target.login(), reader);
            if (read == null) {
                throw ToolException.unreachable("no ZooKeeper session opened within " + Durations.format(timeout), null);
            }
            return read;
        } catch (IOException | KeeperException e) {
            throw ToolException.unreachable("ZooKeeper could not be read: " + e.getMessage(), e);
        }
    }

    /** What {@code reader} reads in a session to {@code connectString}; null when none opens within {@code timeout}. */
    private static <T> T readIn(String connectString, Duration timeout, Optional<ZooKeeperLogin> login, Reader<T> reader)
            throws IOException, KeeperException, InterruptedException {
        ZooKeeper session = Sessions.open(connectString, timeout, login);
        if (session == null) {
            return null;
        }
        try {
            return reader.read(session);
        } finally {
            session.close();
        }
    }

    private static List<ServerReport> probeAll(List<ServerEndpoint> endpoints, Duration timeout,
            Optional<ZooKeeperLogin> login) throws InterruptedException {
        try (Parallel parallel = new Parallel()) {
            ServerProbe probe = new ServerProbe(timeout, login, parallel);
            List<Future<ServerReport>> reports = new ArrayList<>();
            for (ServerEndpoint endpoint : endpoints) {
                reports.add(parallel.start(() -> probe.probe(endpoint)));
            }
            List<ServerReport> servers = new ArrayList<>();
            for (Future<ServerReport> report : reports) {
                servers.add(Parallel.answer(report));
            }
            return servers;
        }
    }

    private ZooKeeperCheck() {}
}
