package dev.kafkapetset.testkit.servers;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A standalone ZooKeeper and {@code n} brokers on this machine, for benchmarks and for trying the
 * scripts by hand. Prints {@code zookeeper=...} and {@code bootstrap.servers=...}, then runs until
 * its standard input closes.
 *
 * <pre>java -cp ... dev.kafkapetset.testkit.servers.LocalKafkaCluster [brokers] [topic:partitions:replicas:min-isr ...]</pre>
 */
public final class LocalKafkaCluster {

    public static void main(String... args) throws IOException, ExecutionException, InterruptedException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        try (StandaloneZooKeeper zookeeper = StandaloneZooKeeper.start();
                KafkaBrokers brokers = KafkaBrokers.start(zookeeper.connectString(), size)) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers.bootstrapServers()))) {
                for (int i = 1; i < args.length; i++) {
                    String[] topic = args[i].split(":");
                    admin.createTopics(List.of(new NewTopic(topic[0], Integer.parseInt(topic[1]), Short.parseShort(topic[2]))
                            .configs(Map.of("min.insync.replicas", topic[3])))).all().get();
                }
            }
            System.out.println("zookeeper=" + zookeeper.connectString());
            System.out.println("bootstrap.servers=" + brokers.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Runs until whoever started it closes our input.
            }
        }
    }

    private LocalKafkaCluster() {}
}
