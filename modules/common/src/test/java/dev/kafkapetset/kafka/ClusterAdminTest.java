package dev.kafkapetset.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.kafka.Reassignment.Partition;
import dev.kafkapetset.testkit.servers.LocalKafka;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine.Help.Ansi;

/** Where replicas are and moving them off a broker, on three real brokers. */
class ClusterAdminTest {
    @RegisterExtension
    static final LocalKafka kafka = LocalKafka.withBrokers(3);

    @Test
    void replicasOnALeavingBrokerMoveToTheOthersAndEndInSync() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers().bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic("orders", Map.of(0, List.of(2, 0), 1, List.of(1, 2), 2, List.of(0, 1)))))
                    .all().get();
        }
        StringWriter out = new StringWriter();
        try (ClusterAdmin admin = ClusterAdmin.connect(KafkaTarget.direct(kafka.brokers().bootstrapServers()), Duration.ofSeconds(60))) {
            // The broker asked learns of a new topic a moment after the controller made it.
            List<Partition> held = Reassignment.onBrokers(admin.partitions(), Set.of(2));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (held.size() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                held = Reassignment.onBrokers(admin.partitions(), Set.of(2));
            }
            assertEquals(List.of(new Partition("orders", 0, List.of(2, 0)), new Partition("orders", 1, List.of(1, 2))), held);
            admin.reassign(Reassignment.plan(held, Set.of(0, 1)), Duration.ofSeconds(60), new Report(new PrintWriter(out, true), Ansi.OFF));
            assertEquals(List.of(), Reassignment.onBrokers(admin.partitions(), Set.of(2)));
            assertEquals(List.of(), admin.underReplicated());
        }
        assertTrue(out.toString().startsWith("reassigning 2 partitions...\n"), out.toString());
        assertTrue(out.toString().endsWith("reassignment done: every moved partition is in sync on its new replicas\n"),
                out.toString());
    }

    @Test
    void anUnreachableClusterIsExitThreeWithinTheTimeout() {
        try (ClusterAdmin admin = ClusterAdmin.connect(KafkaTarget.direct("127.0.0.1:1"), Duration.ofSeconds(2))) {
            dev.kafkapetset.errors.ToolException error =
                    org.junit.jupiter.api.Assertions.assertThrows(dev.kafkapetset.errors.ToolException.class, admin::partitions);
            assertEquals(3, error.exitCode());
        }
    }
}
