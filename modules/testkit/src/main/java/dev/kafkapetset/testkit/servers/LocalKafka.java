package dev.kafkapetset.testkit.servers;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A standalone ZooKeeper and {@code n} brokers on it, started and stopped together; for a test
 * class, a JUnit extension that keeps them for all its tests:
 *
 * <pre>{@code @RegisterExtension static final LocalKafka kafka = LocalKafka.withBrokers(3);}</pre>
 */
public final class LocalKafka implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    private final int size;
    private final String chroot;
    private StandaloneZooKeeper zookeeper;
    private KafkaBrokers brokers;

    private LocalKafka(int size, String chroot) {
        this.size = size;
        this.chroot = chroot;
    }

    public static LocalKafka withBrokers(int size) {
        return new LocalKafka(size, "");
    }

    /** The same, with the brokers keeping their data under {@code chroot} in ZooKeeper (e.g. /kafka). */
    public LocalKafka underChroot(String chroot) {
        return new LocalKafka(size, chroot);
    }

    public LocalKafka start() {
        zookeeper = StandaloneZooKeeper.start();
        try {
            brokers = KafkaBrokers.start(zookeeper.connectString() + chroot, size);
        } catch (RuntimeException e) {
            zookeeper.close();
            throw e;
        }
        return this;
    }

    public StandaloneZooKeeper zookeeper() {
        return zookeeper;
    }

    public KafkaBrokers brokers() {
        return brokers;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * For benchmarks and for trying the scripts by hand: prints {@code zookeeper=...} and
     * {@code bootstrap.servers=...}, then runs until its standard input closes.
     *
     * <pre>java -cp ... dev.kafkapetset.testkit.servers.LocalKafka [brokers] [topic:partitions:replicas:min-isr ...]</pre>
     */
    public static void main(String... args) throws IOException, ExecutionException, InterruptedException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (LocalKafka kafka = LocalKafka.withBrokers(size).start()) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.brokers().bootstrapServers()))) {
                for (int i = 1; i < args.length; i++) {
                    String[] topic = args[i].split(":");
                    admin.createTopics(List.of(new NewTopic(topic[0], Integer.parseInt(topic[1]), Short.parseShort(topic[2]))
                            .configs(Map.of("min.insync.replicas", topic[3])))).all().get();
                }
            }
            System.out.println("zookeeper=" + kafka.zookeeper().connectString());
            System.out.println("bootstrap.servers=" + kafka.brokers().bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until whoever started it closes our input.
            }
        }
    }

    @Override
    public void close() {
        try {
            if (brokers != null) {
                brokers.close();
            }
        } finally {
            if (zookeeper != null) {
                zookeeper.close();
            }
        }
    }
}
