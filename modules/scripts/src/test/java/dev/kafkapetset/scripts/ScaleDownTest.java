package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.model.ZookeeperEnsemble;
import dev.kafkapetset.testkit.kube.ProbeResult;
import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.LocalKafka;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scaling down asks real brokers where the leaving broker's replicas are, once it has proven they
 * are this cluster's: the cluster's ZooKeeper pod is the brokers' real ZooKeeper, reached through a
 * port-forward, and the brokers are reached at their addresses. Each test has brokers of its own.
 */
class ScaleDownTest {
    private LocalKafka kafka;
    private StandInCluster cluster;

    @BeforeEach
    void deployThreeBrokers() {
        kafka = LocalKafka.withBrokers(3).start();
        cluster = StandInCluster.start(this::serve);
        for (Script.Result result : List.of(run("create-volumes", "--replicas", "3"), run("deploy-zookeeper"),
                run("deploy-service"), run("deploy-petset", "--replicas", "3", "--timeout", "30s"))) {
            assertEquals(0, result.exitCode(), result::toString);
        }
    }

    @AfterEach
    void stopEverything() {
        try {
            cluster.close();
        } finally {
            kafka.close();
        }
    }

    /** The ZooKeeper pod serves the brokers' real ZooKeeper; every other pod is ready and serves nothing. */
    private RunningPod serve(ScheduledPod pod) {
        boolean zookeeper = pod.name().equals("kafka" + ZookeeperEnsemble.SUFFIX + "-0");
        int clientPort = zookeeper ? pod.port(ZookeeperEnsemble.CLIENT_PORT_NAME) : -1;
        InetSocketAddress serves = zookeeper ? new InetSocketAddress("127.0.0.1", kafka.zookeeper().port()) : null;
        return new RunningPod() {
            @Override
            public ProbeResult readiness() {
                return ProbeResult.READY;
            }

            @Override
            public Optional<InetSocketAddress> address(int containerPort) {
                return containerPort == clientPort ? Optional.of(serves) : Optional.empty();
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void refusesWhileTheLeavingBrokerHoldsReplicasThenReassignMovesThemAndScales() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("payments", Map.of(0, List.of(2, 0), 1, List.of(0, 1), 2, List.of(1, 2)))))
                    .all().get();
        }
        Script.Result refused = run("scale", "--replicas", "2", "--bootstrap-servers", kafka.brokers().bootstrapServers());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.out().startsWith("broker 2 holds replicas of 2 partitions; moving them to the brokers that stay"
                + " would be (kafka-reassign-partitions JSON):\n{"), refused::toString);
        assertTrue(refused.out().contains("\"topic\" : \"payments\""), refused::toString);
        assertEquals("error: scale-down refused: broker 2 still holds replicas of 2 partitions (payments-0, payments-2)."
                + " Run again with --reassign to move them first (the plan above), or with --force to scale down anyway"
                + " and risk them\n", refused.err());
        assertEquals(3, replicas());

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

    @Test
    void anotherClustersKafkaIsNotTrustedToSayWhatThisOneHolds() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("only-on-2", Map.of(0, List.of(2))))).all().get();
        }
        try (LocalKafka unrelated = LocalKafka.withBrokers(1).start()) {
            Script.Result refused = run("scale", "--replicas", "2", "--bootstrap-servers",
                    unrelated.brokers().bootstrapServers());
            assertEquals(1, refused.exitCode(), refused::toString);
            assertTrue(refused.err().startsWith("error: the Kafka at " + unrelated.brokers().bootstrapServers() + " is"
                    + " cluster "), refused::toString);
            assertTrue(refused.err().contains(", but the ZooKeeper of statefulset.apps/kafka holds cluster "),
                    refused::toString);
            assertEquals(3, replicas(), "not scaled");
        }
    }

    /**
     * Broker 2 is down, holding the only in-sync replica of fragile-0 (its other replica, on broker 0,
     * was out of sync when broker 2 went): no move can copy it, and scaling broker 2 away loses it.
     */
    @Test
    void aLeavingBrokerThatIsDownIsJudgedByTheInSyncReplicasThatAreLeft() throws Exception {
        kafka.brokers().stop(0);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("fragile", Map.of(0, List.of(2, 0))),
                    new NewTopic("sturdy", Map.of(0, List.of(2, 1))))).all().get();
        }
        kafka.brokers().stop(2);

        Script.Result stuck = run("scale", "--replicas", "2", "--reassign", "--bootstrap-servers",
                kafka.brokers().bootstrapServers(), "--timeout", "20s");
        assertEquals(1, stuck.exitCode(), stuck::toString);
        assertTrue(stuck.err().startsWith("error: 1 partitions can't be moved (fragile-0): their only in-sync replicas are"
                + " on broker 2, which is down, and a move copies from an in-sync replica. Bring it back"), stuck::toString);
        assertEquals(3, replicas(), "not scaled");

        Script.Result forced = run("scale", "--replicas", "2", "--force", "--bootstrap-servers",
                kafka.brokers().bootstrapServers(), "--no-wait");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertTrue(forced.out().startsWith("warning: --force: broker 2 holds replicas of 2 partitions; 1 of them have no"
                + " in-sync replica on a live broker that stays: they go offline, and the records acknowledged since"
                + " their other replicas fell behind are lost (fragile-0)\n"), forced::toString);
        assertEquals(2, replicas());
    }

    private int replicas() {
        return cluster.client().apps().statefulSets().withName("kafka").get().getSpec().getReplicas();
    }

    private Admin admin() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers().bootstrapServers());
        return Admin.create(config);
    }

    private Script.Result run(String script, String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", cluster.kubeconfig().toString(), "--zookeeper-replicas", "1"));
        all.addAll(Plaintext.options(args));
        return Script.run(script, all.toArray(String[]::new));
    }
}
