import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.Jbang;
import dev.kafkapetset.testkit.kube.ProbeResult;
import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.KafkaBrokers;
import dev.kafkapetset.testkit.servers.ZooKeeperEnsemble;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Both checks with only a kubeconfig, as an operator outside the cluster runs them: a stand-in
 * cluster holds a ZooKeeper StatefulSet and Service and a Kafka StatefulSet, whose pods are real
 * ZooKeeper servers (an ensemble of three) and real brokers, reached by port-forwards through the API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesTargetTest {
    static ZooKeeperEnsemble ensemble;
    static KafkaBrokers brokers;
    static StandInCluster cluster;
    static String kubeconfig;

    @BeforeAll
    static void startCluster() {
        ensemble = ZooKeeperEnsemble.start(3);
        brokers = KafkaBrokers.start(ensemble.connectString() + "/kafka", 3);
        cluster = StandInCluster.start(KubernetesTargetTest::run);
        kubeconfig = cluster.kubeconfig().toString();
        KubernetesClient client = cluster.client();
        client.services().resource(new ServiceBuilder()
                .withNewMetadata().withName("zookeeper").endMetadata()
                .withNewSpec()
                    .withSelector(Map.of("app", "zookeeper"))
                    .addNewPort().withName("client").withPort(2181).withTargetPort(new IntOrString("client")).endPort()
                .endSpec()
                .build()).create();
        statefulSet(client, "zookeeper", Map.of(), Map.of("client", 2181));
        statefulSet(client, "kafka", Map.of("KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181/kafka",
                "OPERATOR_PORT_BASE", Integer.toString(brokers.operatorPortBase())), Map.of("kafka", 9092, "operator", 9094));
        for (String app : new String[] {"zookeeper", "kafka"}) {
            for (int ordinal = 0; ordinal < 3; ordinal++) {
                client.pods().withName(app + "-" + ordinal)
                        .waitUntilCondition(pod -> pod != null && Readiness.isPodReady(pod), 60, TimeUnit.SECONDS);
            }
        }
    }

    static void statefulSet(KubernetesClient client, String app, Map<String, String> env, Map<String, Integer> ports) {
        client.apps().statefulSets().resource(new StatefulSetBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec()
                    .withNewSelector().withMatchLabels(Map.of("app", app)).endSelector()
                    .withServiceName(app)
                    .withReplicas(3)
                    .withPodManagementPolicy("Parallel")
                    .withNewTemplate()
                        .withNewMetadata().withLabels(Map.of("app", app)).endMetadata()
                        .withNewSpec()
                            .addNewContainer()
                                .withName(app)
                                .withImage(app + ":test")
                                .addAllToEnv(env.entrySet().stream()
                                        .map(e -> new EnvVar(e.getKey(), e.getValue(), null))
                                        .toList())
                                .addAllToPorts(ports.entrySet().stream()
                                        .map(p -> new ContainerPortBuilder()
                                                .withName(p.getKey()).withContainerPort(p.getValue()).build())
                                        .toList())
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build()).create();
    }

    /** Pod zookeeper-n is ensemble server n; pod kafka-n's operator port is broker n's operator listener. */
    static RunningPod run(ScheduledPod pod) {
        int ordinal = pod.ordinal().getAsInt();
        boolean zookeeper = pod.name().startsWith("zookeeper-");
        int port = zookeeper ? pod.port("client") : pod.port("operator");
        InetSocketAddress serves = zookeeper
                ? new InetSocketAddress("127.0.0.1", Integer.parseInt(ensemble.addresses().get(ordinal).split(":")[1]))
                : new InetSocketAddress("127.0.0.1", brokers.operatorPort(ordinal));
        return new RunningPod() {
            @Override
            public ProbeResult readiness() {
                return ProbeResult.READY;
            }

            @Override
            public Optional<InetSocketAddress> address(int containerPort) {
                return containerPort == port ? Optional.of(serves) : Optional.empty();
            }

            @Override
            public void close() {}
        };
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
        brokers.close();
        ensemble.close();
    }

    @Test
    @Order(1)
    void checkZookeeperChecksEveryServerBehindTheBrokersConnectString() {
        ScriptRun run = ScriptRun.run(new CheckZookeeper(), "--kubeconfig", kubeconfig);
        assertEquals(0, run.exitCode(), run.toString());
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            assertTrue(run.out().contains("\n  zookeeper-" + ordinal + "  "), run.out());
        }
        assertTrue(run.out().contains("  3 servers: 1 leader, 2 following; quorum needs 2\n"), run.out());
        assertTrue(run.out().endsWith("  3 of 3 expected brokers registered\nhealthy\n"), run.out());
    }

    @Test
    @Order(1)
    void smokeProduceForwardsEachBrokersAdvertisedPort() {
        ScriptRun run = ScriptRun.run(new SmokeProduce(), "--kubeconfig", kubeconfig, "--count", "300");
        assertEquals(0, run.exitCode(), run.toString());
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            assertTrue(run.out().contains("\n  broker " + ordinal + "  127.0.0.1:" + (brokers.operatorPortBase() + ordinal)
                    + "\n"), run.out());
        }
        assertTrue(run.out().contains(", 3 partitions, replication factor 3, min.insync.replicas 2\n"), run.out());
    }

    @Test
    @Order(1)
    void throughTheCatalogWithOnlyAKubeconfig() {
        Jbang.Result check = Jbang.run("check-zookeeper@catalog", "--kubeconfig", kubeconfig);
        assertEquals(0, check.exitCode(), check.out() + check.err());
        Jbang.Result smoke = Jbang.run("smoke-produce@catalog", "--kubeconfig", kubeconfig, "--count", "300");
        assertEquals(0, smoke.exitCode(), smoke.out() + smoke.err());
        assertTrue(smoke.out().endsWith("healthy\n"), smoke.out());
    }

    @Test
    @Order(1)
    void aLocalPortAlreadyTakenIsAOneLineError() throws IOException {
        int taken = brokers.operatorPortBase() + 1;
        try (ServerSocket squatter = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
            ScriptRun run = ScriptRun.run(new SmokeProduce(), "--kubeconfig", kubeconfig);
            assertEquals(1, run.exitCode(), run.toString());
            assertEquals("error: local port " + taken + " is already in use; it is needed to reach broker 1's operator"
                    + " listener (pod kafka-1 port 9094): free it and run again\n", run.err());
        }
    }

    @Test
    @Order(1)
    void aMissingStatefulSetSaysWhatToDo() {
        String message = "error: no StatefulSet 'nope' in namespace 'default': deploy Kafka first (deploy-petset),"
                + " or give the address to check directly\n";
        ScriptRun check = ScriptRun.run(new CheckZookeeper(), "--kubeconfig", kubeconfig, "--name", "nope");
        assertEquals(1, check.exitCode());
        assertEquals(message, check.err());
        ScriptRun smoke = ScriptRun.run(new SmokeProduce(), "--kubeconfig", kubeconfig, "--name", "nope");
        assertEquals(1, smoke.exitCode());
        assertEquals(message, smoke.err());
    }

    @Test
    @Order(1)
    void anUnreachableApiServerIsExitThree() {
        ScriptRun check = ScriptRun.run(new CheckZookeeper(), "--kubeconfig", kubeconfig, "--context",
                StandInCluster.UNREACHABLE_CONTEXT);
        assertEquals(3, check.exitCode(), check.toString());
        assertTrue(check.err().startsWith("error: cannot reach the Kubernetes API"), check.err());
    }

    @Test
    @Order(2)
    void aBrokerDownIsNamedByBothChecks() {
        brokers.stop(2);
        cluster.controller().holdNotReady("kafka-2", "Unhealthy", "Readiness probe failed: broker stopped");
        ScriptRun check = ScriptRun.run(new CheckZookeeper(), "--kubeconfig", kubeconfig);
        assertEquals(1, check.exitCode(), check.toString());
        assertTrue(check.out().endsWith("problem: broker 2 is not registered (expected brokers 0-2)\nUNHEALTHY: 1 problem\n"),
                check.out());
        ScriptRun smoke = ScriptRun.run(new SmokeProduce(), "--kubeconfig", kubeconfig, "--count", "300");
        assertEquals(0, smoke.exitCode(), smoke.toString());
        assertTrue(smoke.out().contains("note: pod kafka-2 is not ready, so broker 2 can't be reached\n"
                + "note: broker 2 is down (alive: 0, 1)\n"), smoke.out());
    }
}
