package dev.kafkapetset.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import scala.Option;

/**
 * Real Kafka brokers in ZooKeeper mode, in this JVM, with ids 0..n-1. Each broker has two listeners:
 * {@code PLAINTEXT} for the brokers and ordinary clients, and {@code OPERATOR}, advertised as
 * {@code 127.0.0.1:<operator base + id>} like the toolkit's pods advertise it to a port-forwarding
 * operator. Nothing listens on those advertised ports unless a test forwards them.
 */
public final class KafkaBrokers implements AutoCloseable {
    private static final ListenerName PLAINTEXT = new ListenerName("PLAINTEXT");
    private static final ListenerName OPERATOR = new ListenerName("OPERATOR");
    private static final Duration SETTLE = Duration.ofSeconds(60);

    private final String zookeeperConnect;
    private final int size;
    private final int operatorPortBase;
    private final Path dataDir;
    private final Map<Integer, KafkaServer> running = new TreeMap<>();

    private KafkaBrokers(String zookeeperConnect, int size, int operatorPortBase) {
        this.zookeeperConnect = zookeeperConnect;
        this.size = size;
        this.operatorPortBase = operatorPortBase;
        try {
            this.dataDir = Files.createTempDirectory("kafka-petset-brokers");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code size} brokers on ZooKeeper and waits until every one knows all the others. Their
     * OPERATOR listeners are advertised from a base chosen among free local ports ({@link #operatorPortBase()}).
     */
    public static KafkaBrokers start(String zookeeperConnect, int size) {
        KafkaBrokers brokers = new KafkaBrokers(zookeeperConnect, size, FreePorts.consecutive(size));
        try {
            for (int id = 0; id < size; id++) {
                brokers.startBroker(id);
            }
            brokers.awaitAllKnown();
        } catch (RuntimeException e) {
            brokers.close();
            throw e;
        }
        return brokers;
    }

    private void startBroker(int id) {
        Properties config = new Properties();
        config.put("broker.id", Integer.toString(id));
        config.put("zookeeper.connect", zookeeperConnect);
        config.put("listeners", "PLAINTEXT://127.0.0.1:0,OPERATOR://127.0.0.1:0");
        // Port 0 in an advertised listener means: the port it was bound to.
        config.put("advertised.listeners",
                "PLAINTEXT://127.0.0.1:0,OPERATOR://127.0.0.1:" + (operatorPortBase + id));
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,OPERATOR:PLAINTEXT");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("log.dirs", dataDir.resolve("broker-" + id).toString());
        String internalReplication = Integer.toString(Math.min(3, size));
        config.put("offsets.topic.replication.factor", internalReplication);
        config.put("transaction.state.log.replication.factor", internalReplication);
        config.put("transaction.state.log.min.isr", "1");
        config.put("auto.create.topics.enable", "false");
        config.put("group.initial.rebalance.delay.ms", "0");
        // Lean on a shared machine: the defaults size a broker for a host of its own.
        config.put("num.network.threads", "2");
        config.put("num.io.threads", "4");
        config.put("background.threads", "2");
        config.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        KafkaServer server = new KafkaServer(KafkaConfig.fromProps(config), Time.SYSTEM, Option.empty(), false);
        server.startup();
        running.put(id, server);
    }

    private void awaitAllKnown() {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!running.values().stream().allMatch(this::knowsAll)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("brokers did not learn of each other within " + SETTLE);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean knowsAll(KafkaServer server) {
        return running.keySet().stream().allMatch(id -> server.metadataCache().hasAliveBroker(id));
    }

    /** The running brokers' PLAINTEXT addresses, as a client's {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return running.values().stream()
                .map(server -> "127.0.0.1:" + server.boundPort(PLAINTEXT))
                .collect(Collectors.joining(","));
    }

    /** Where broker {@code id}'s OPERATOR listener really listens (its advertised port is {@link #operatorPortBase()} + id). */
    public int operatorPort(int id) {
        return broker(id).boundPort(OPERATOR);
    }

    public int operatorPortBase() {
        return operatorPortBase;
    }

    /** Shuts broker {@code id} down cleanly; it leaves ZooKeeper's {@code /brokers/ids}. */
    public void stop(int id) {
        KafkaServer server = broker(id);
        running.remove(id);
        server.shutdown();
        server.awaitShutdown();
    }

    private KafkaServer broker(int id) {
        KafkaServer server = running.get(id);
        if (server == null) {
            throw new IllegalArgumentException("broker " + id + " is not running (running: " + running.keySet() + ")");
        }
        return server;
    }

    @Override
    public void close() {
        for (int id : List.copyOf(running.keySet())) {
            stop(id);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
