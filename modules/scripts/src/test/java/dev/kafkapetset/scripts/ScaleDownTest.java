package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.LocalKafka;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scaling down asks real brokers where the leaving broker's replicas are: it refuses while broker 2
 * holds some, printing the plan, and --reassign moves them before the StatefulSet shrinks.
 */
class ScaleDownTest {
    @RegisterExtension
    static final LocalKafka kafka = LocalKafka.withBrokers(3);

    private StandInCluster cluster;

    @BeforeEach
    void deployThreeBrokers() throws Exception {
        cluster = StandInCluster.start();
        for (Script.Result result : List.of(run("create-volumes", "--replicas", "3"), run("deploy-service"),
                run("deploy-petset", "--replicas", "3", "--timeout", "30s"))) {
            assertEquals(0, result.exitCode(), result::toString);
        }
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("payments", Map.of(0, List.of(2, 0), 1, List.of(0, 1), 2, List.of(1, 2)))))
                    .all().get();
        }
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void refusesWhileTheLeavingBrokerHoldsReplicasThenReassignMovesThemAndScales() throws Exception {
        Script.Result refused = run("scale", "--replicas", "2", "--bootstrap-servers", kafka.brokers().bootstrapServers());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.out().startsWith("broker 2 holds replicas of 2 partitions; moving them to the brokers that stay"
                + " would be (kafka-reassign-partitions JSON):\n{"), refused::toString);
        assertTrue(refused.out().contains("\"topic\" : \"payments\""), refused::toString);
        assertEquals("error: scale-down refused: broker 2 still holds replicas of 2 partitions (payments-0, payments-2)."
                + " Run again with --reassign to move them first (the plan above), or with --force to scale down anyway"
                + " and risk them\n", refused.err());
        assertEquals(3, cluster.client().apps().statefulSets().withName("kafka").get().getSpec().getReplicas());

        Script.Result moved = run("scale", "--replicas", "2", "--reassign", "--bootstrap-servers",
                kafka.brokers().bootstrapServers(), "--timeout", "60s");
        assertEquals(0, moved.exitCode(), moved::toString);
        assertTrue(moved.out().startsWith("reassigning 2 partitions...\n"), moved::toString);
        assertTrue(moved.out().contains("statefulset.apps/kafka scaled\n  replicas 3 -> 2\n"), moved::toString);
        try (Admin admin = admin()) {
            TopicDescription payments = admin.describeTopics(List.of("payments")).allTopicNames().get().get("payments");
            payments.partitions().forEach(p -> assertTrue(p.replicas().stream().noneMatch(n -> n.id() == 2), p.toString()));
        }

        Script.Result again = run("scale", "--replicas", "1", "--bootstrap-servers", kafka.brokers().bootstrapServers());
        assertEquals(1, again.exitCode(), "broker 1 now holds replicas too: " + again);
    }

    private static Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers().bootstrapServers());
        return Admin.create(config);
    }

    private Script.Result run(String script, String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", cluster.kubeconfig().toString()));
        all.addAll(List.of(args));
        return Script.run(script, all.toArray(String[]::new));
    }
}
