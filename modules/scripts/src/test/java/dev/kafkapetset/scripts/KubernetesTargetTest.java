package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.ZookeeperEnsemble;
import dev.kafkapetset.testkit.kube.ProbeResult;
import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.KafkaBrokers;
import dev.kafkapetset.testkit.servers.LocalZooKeeperEnsemble;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Both checks with only a kubeconfig, as an operator outside the cluster runs them, on a cluster the
 * deploy steps brought up: the stand-in cluster runs the manifests the model renders, and its pods
 * are real servers (kafka-zookeeper-n is a server of a real three-server ensemble, kafka-n's operator
 * port is real broker n's operator listener), reached by port-forwards through the API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesTargetTest {
    static LocalZooKeeperEnsemble ensemble;
    static KafkaBrokers brokers;
    static StandInCluster cluster;
    static String kubeconfig;

    @BeforeAll
    static void deployCluster() {
        ensemble = LocalZooKeeperEnsemble.start(3);
        brokers = KafkaBrokers.start(ensemble.connectString(), 3);
        cluster = StandInCluster.start(KubernetesTargetTest::run);
        kubeconfig = cluster.kubeconfig().toString();
        String[][] steps = {
            {"create-volumes", "--replicas", "3"},
            {"deploy-zookeeper", "--timeout", "60s"},
            // A second cluster, only as far as its ZooKeeper ensemble: no brokers yet.
            {"create-volumes", "--name", "early"},
            {"deploy-zookeeper", "--name", "early", "--timeout", "60s"},
            {"deploy-service"},
            {"deploy-petset", "--replicas", "3", "--operator-port-base", Integer.toString(brokers.operatorPortBase()),
                "--timeout", "60s"},
        };
        for (String[] step : steps) {
            Script.Result result = Script.run(step[0], withKubeconfig(Plaintext.options(Arrays.copyOfRange(step, 1,
                    step.length)).toArray(String[]::new)));
            assertEquals(0, result.exitCode(), result::toString);
        }
    }

    static String[] withKubeconfig(String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", kubeconfig));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /**
     * Pod <cluster>-zookeeper-n serves ensemble server n (both clusters' ensembles are that ensemble's
     * stand-ins); pod kafka-n's operator port is broker n's operator listener.
     */
    static RunningPod run(ScheduledPod pod) {
        int ordinal = pod.ordinal().getAsInt();
        boolean zookeeper = pod.name().endsWith(ZookeeperEnsemble.SUFFIX + "-" + ordinal);
        int port = zookeeper ? pod.port(ZookeeperEnsemble.CLIENT_PORT_NAME) : pod.port(KafkaCluster.OPERATOR_PORT_NAME);
        InetSocketAddress serves = new InetSocketAddress("127.0.0.1", zookeeper
                ? Integer.parseInt(ensemble.addresses().get(ordinal).split(":")[1])
                : brokers.operatorPort(ordinal));
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
        Script.Result run = Script.run("check-zookeeper", withKubeconfig());
        assertEquals(0, run.exitCode(), run::toString);
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            assertTrue(run.out().contains("\n  kafka-zookeeper-" + ordinal + "  "), run.out());
        }
        assertTrue(run.out().contains("  3 servers: 1 leader, 2 following; quorum needs 2\n"), run.out());
        assertTrue(run.out().endsWith("  3 of 3 expected brokers registered\n  /brokers/ids ACL: world:anyone:cdrwa\n"
                + "  /config/users ACL: world:anyone:cdrwa\nhealthy\n"), run.out());
    }

    @Test
    @Order(1)
    void smokeProduceForwardsEachBrokersAdvertisedPort() {
        Script.Result run = Script.run("smoke-produce", withKubeconfig("--count", "300"));
        assertEquals(0, run.exitCode(), run::toString);
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            assertTrue(run.out().contains("\n  broker " + ordinal + "  127.0.0.1:" + (brokers.operatorPortBase() + ordinal)
                    + "\n"), run.out());
        }
        assertTrue(run.out().contains(", 3 partitions, replication factor 3, min.insync.replicas 2\n"), run.out());
    }

    @Test
    @Order(1)
    void throughTheCatalogWithOnlyAKubeconfig() {
        Jbang.Result check = Jbang.launcher().run("check-zookeeper@catalog", "--kubeconfig", kubeconfig);
        assertEquals(0, check.exitCode(), check::toString);
        Jbang.Result smoke = Jbang.launcher().run("smoke-produce@catalog", "--kubeconfig", kubeconfig, "--count", "300");
        assertEquals(0, smoke.exitCode(), smoke::toString);
        assertTrue(smoke.out().endsWith("healthy\n"), smoke.out());
    }

    @Test
    @Order(1)
    void aLocalPortAlreadyTakenIsAOneLineError() throws IOException {
        int taken = brokers.operatorPortBase() + 1;
        try (ServerSocket squatter = new ServerSocket(taken, 1, InetAddress.getLoopbackAddress())) {
            Script.Result run = Script.run("smoke-produce", withKubeconfig());
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("error: local port " + taken + " is already in use; it is needed to reach broker 1's operator"
                    + " listener (pod kafka-1 port 9094): free it and run again\n", run.err());
        }
    }

    @Test
    @Order(1)
    void beforeTheBrokersCheckZookeeperChecksTheOwnEnsembleAndSmokeProduceSaysWhatToDo() {
        Script.Result check = Script.run("check-zookeeper", withKubeconfig("--name", "early"));
        assertEquals(0, check.exitCode(), check::toString);
        assertTrue(check.out().contains("note: no StatefulSet 'early' yet: checked the cluster's own ZooKeeper ensemble"
                + " (early-zookeeper:2181), no brokers expected\n"), check.out());
        assertTrue(check.out().contains("3 servers: 1 leader, 2 following"), check.out());

        String message = "error: no StatefulSet 'early' in namespace 'default': deploy Kafka first (deploy-petset),"
                + " or give the address to check directly\n";
        Script.Result smoke = Script.run("smoke-produce", withKubeconfig("--name", "early"));
        assertEquals(1, smoke.exitCode());
        assertEquals(message, smoke.err());
    }

    @Test
    @Order(1)
    void anUnreachableApiServerIsExitThree() {
        Script.Result check = Script.run("check-zookeeper", withKubeconfig("--context",
                StandInCluster.UNREACHABLE_CONTEXT));
        assertEquals(3, check.exitCode(), check::toString);
        assertTrue(check.err().startsWith("error: cannot reach the Kubernetes API"), check.err());
    }

    @Test
    @Order(1)
    void statusShowsTheDataThePodsTheQuorumAndReplicationInOneView() {
        Script.Result status = Script.run("status", withKubeconfig());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().startsWith("Volumes\n  default-data-kafka-0 "), status.out());
        assertTrue(status.out().contains("\nClaims\n  data-kafka-0 "), status.out());
        assertTrue(status.out().contains("\n  kafka-2" + " ".repeat(12) + "ready      Running  restarts 0   age "), status.out());
        assertTrue(status.out().contains("3 servers: 1 leader, 2 following"), status.out());
        assertTrue(status.out().endsWith("\nKafka\n  under-replicated partitions: none\nProtection (plaintext)\n"
                + "  listener: PLAINTEXT: no TLS, no authentication\n  authorizer: none: every client may do anything\nhealthy\n"),
                status.out());

        Script.Result json = Script.run("status", withKubeconfig("-o", "json"));
        assertEquals(0, json.exitCode(), json::toString);
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> parsed = new io.fabric8.kubernetes.client.utils.KubernetesSerialization()
                .unmarshal(json.out(), java.util.Map.class);
        assertEquals(6, ((List<?>) parsed.get("pods")).size());
        assertEquals(List.of(), parsed.get("problems"));
    }

    @Test
    @Order(2)
    void aBrokerDownIsNamedByBothChecks() {
        brokers.stop(2);
        holdNotReady("kafka-2");
        Script.Result check = Script.run("check-zookeeper", withKubeconfig());
        assertEquals(1, check.exitCode(), check::toString);
        assertTrue(check.out().endsWith("problem: broker 2 is not registered (expected brokers 0-2)\nUNHEALTHY: 1 problem\n"),
                check.out());
        Script.Result smoke = Script.run("smoke-produce", withKubeconfig("--count", "300"));
        assertEquals(0, smoke.exitCode(), smoke::toString);
        assertTrue(smoke.out().contains("note: pod kafka-2 is not ready, so broker 2 can't be reached\n"
                + "note: broker 2 is down (alive: 0, 1)\n"), smoke.out());
        Script.Result status = Script.run("status", withKubeconfig());
        assertEquals(1, status.exitCode(), status::toString);
        assertTrue(status.out().contains("problem: kafka: 2 of 3 pods ready\n"), status.out());
        assertTrue(status.out().contains("problem: broker 2 is not registered"), status.out());
    }

    @Test
    @Order(3)
    void whenNoBrokerCanBeReachedStatusSaysItCantTellWithExitThree() {
        for (int ordinal = 0; ordinal < 3; ordinal++) {
            holdNotReady("kafka-" + ordinal);
        }
        Script.Result status = Script.run("status", withKubeconfig());
        assertEquals(3, status.exitCode(), status::toString);
        assertTrue(status.out().contains("problem: Kafka could not be asked: no broker pod of StatefulSet default/kafka"
                + " is ready"), status.out());
    }

    /**
     * Holds {@code pod} not ready, and waits until the API server says so: the stand-in's kubelet
     * applies it asynchronously, and status asks Kafka (reading the pods' readiness) at once.
     */
    private void holdNotReady(String pod) {
        cluster.controller().holdNotReady(pod, "Unhealthy", "Readiness probe failed: broker stopped");
        cluster.client().pods().withName(pod).waitUntilCondition(found -> found != null && !Readiness.isPodReady(found), 30,
                TimeUnit.SECONDS);
    }
}
