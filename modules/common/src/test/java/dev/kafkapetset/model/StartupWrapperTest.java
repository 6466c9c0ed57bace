package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the containers' commands exactly as the manifests have them, in an environment built from
 * the manifest as the kubelet would, with a stand-in for the image's entrypoint that prints what the
 * image would turn into settings.
 */
class StartupWrapperTest {
    @TempDir
    Path directory;

    private final KafkaCluster cluster = Specs.cluster();

    record Run(int exitCode, String out) {}

    @Test
    void brokerZeroTakesIdZeroAndAdvertisesItsStableNameAndOperatorPort() throws Exception {
        Run run = start("kafka-0", "default");
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("KAFKA_BROKER_ID=0\n"), run.out());
        assertTrue(run.out().contains("KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://" + cluster.brokerHost(0) + ":9092,"
                + "OPERATOR://127.0.0.1:" + cluster.operatorPort(0) + "\n"), run.out());
        assertTrue(run.out().contains("KAFKA_ZOOKEEPER_CONNECT=kafka-zookeeper:2181\n"), run.out());
        assertTrue(run.out().contains("ARGS=[]\n"), "the entrypoint gets no arguments of the wrapper's: " + run.out());
    }

    @Test
    void brokerSevenTakesIdSeven() throws Exception {
        Run run = start("kafka-7", "default");
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("KAFKA_BROKER_ID=7\n"), run.out());
        assertTrue(run.out().contains("KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka-7.kafka.default.svc:9092,"
                + "OPERATOR://127.0.0.1:19099\n"), run.out());
    }

    @Test
    void aPodNameWithoutOrdinalStopsTheStartWithAReason() throws Exception {
        Run run = start("kafka", "default");
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().contains("can't take an ordinal from pod name 'kafka'"), run.out());
        assertTrue(!run.out().contains("KAFKA_BROKER_ID"), "the entrypoint must not run: " + run.out());
    }

    @Test
    void anExternalListenerIsAdvertisedAtTheExternalHostAndTheBrokersNodePort() throws Exception {
        Container broker = Specs.cluster("--external", "nodeport", "--external-host", "192.168.49.2")
                .generateStatefulSet(3).getSpec().getTemplate().getSpec().getContainers().get(0);
        Run run = start(broker, "kafka-2", "default");
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka-2.kafka.default.svc:9092,"
                + "OPERATOR://127.0.0.1:19094,EXTERNAL://192.168.49.2:31092\n"), run.out());
    }

    @Test
    void aLoadBalancedBrokerAdvertisesItsOwnLoadBalancersAddressOrRefusesToStartWithout() throws Exception {
        KafkaCluster balanced = Specs.cluster("--external", "loadbalancer", "--rack-topology-key", "topology.kubernetes.io/zone");
        Container broker = balanced.generateStatefulSet(3).getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> variables = new java.util.TreeMap<>();
        balanced.generateExternalAddresses(Map.of(0, "203.0.113.7", 1, "kafka-1.elb.example.com")).getData()
                .forEach((key, address) -> variables.put(broker.getEnvFrom().get(0).getPrefix() + key, address));
        balanced.generateRacks(Map.of(0, "zone-1", 1, "zone-2", 2, "zone-3")).getData()
                .forEach((key, rack) -> variables.put(broker.getEnvFrom().get(1).getPrefix() + key, rack));
        Run second = start(broker, "kafka-1", "default", variables);
        assertEquals(0, second.exitCode(), second.out());
        assertTrue(second.out().contains("KAFKA_ADVERTISED_LISTENERS=PLAINTEXT://kafka-1.kafka.default.svc:9092,"
                + "OPERATOR://127.0.0.1:19093,EXTERNAL://kafka-1.elb.example.com:9093\n"), second.out());
        assertTrue(second.out().contains("KAFKA_BROKER_RACK=zone-2\n"), second.out());
        Run third = start(broker, "kafka-2", "default", variables);
        assertEquals(1, third.exitCode(), third.out());
        assertEquals("kafka-petset-broker-start: no load balancer address for broker 2 in configmap"
                + " kafka-external-addresses: deploy-petset or scale writes it\n", third.out());
    }

    @Test
    void aRackAwareBrokerTakesItsRackFromTheRacksConfigMapOrRefusesToStartWithout() throws Exception {
        KafkaCluster racked = Specs.cluster("--rack-topology-key", "topology.kubernetes.io/zone");
        Container broker = racked.generateStatefulSet(3).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("kafka-racks", broker.getEnvFrom().get(0).getConfigMapRef().getName());
        // envFrom: the ConfigMap's data becomes the container's variables, each name prefixed.
        String prefix = broker.getEnvFrom().get(0).getPrefix();
        Map<String, String> racks = new java.util.TreeMap<>();
        racked.generateRacks(Map.of(0, "zone-1", 1, "zone-2")).getData().forEach((key, rack) -> racks.put(prefix + key, rack));
        Run second = start(broker, "kafka-1", "default", racks);
        assertEquals(0, second.exitCode(), second.out());
        assertTrue(second.out().contains("KAFKA_BROKER_RACK=zone-2\n"), second.out());
        Run third = start(broker, "kafka-2", "default", racks);
        assertEquals(1, third.exitCode(), third.out());
        assertEquals("kafka-petset-broker-start: no rack for broker 2 in configmap kafka-racks: deploy-petset or scale"
                + " writes it\n", third.out());
    }

    @Test
    void zookeeperServersTakeTheirIdFromTheirOrdinalPlusOne() throws Exception {
        Container server = cluster.ensemble().orElseThrow().generateStatefulSet().getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        Run first = start(server, "kafka-zookeeper-0", "default");
        assertEquals(0, first.exitCode(), first.out());
        assertTrue(first.out().contains("ZOOKEEPER_SERVER_ID=1\n"), first.out());
        assertTrue(first.out().contains("ZOOKEEPER_SERVERS=kafka-zookeeper-0.kafka-zookeeper-headless.default.svc:2888:3888;"
                + "kafka-zookeeper-1.kafka-zookeeper-headless.default.svc:2888:3888;"
                + "kafka-zookeeper-2.kafka-zookeeper-headless.default.svc:2888:3888\n"), first.out());
        Run third = start(server, "kafka-zookeeper-2", "default");
        assertTrue(third.out().contains("ZOOKEEPER_SERVER_ID=3\n"), third.out());
    }

    private Run start(String podName, String namespace) throws IOException, InterruptedException {
        return start(cluster.generateStatefulSet(8).getSpec().getTemplate().getSpec().getContainers().get(0),
                podName, namespace);
    }

    private Run start(Container container, String podName, String namespace) throws IOException, InterruptedException {
        return start(container, podName, namespace, Map.of());
    }

    private Run start(Container container, String podName, String namespace, Map<String, String> fromConfigMaps)
            throws IOException, InterruptedException {
        Path entrypoint = directory.resolve("run");
        Files.writeString(entrypoint, """
                #!/usr/bin/env bash
                env | grep -E '^(KAFKA|ZOOKEEPER)_' | sort
                echo "ARGS=[$*]"
                """);
        Files.setPosixFilePermissions(entrypoint, PosixFilePermissions.fromString("rwxr-xr-x"));
        List<String> command = new ArrayList<>(container.getCommand());
        command.add(entrypoint.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("ZOOKEEPER_"));
        env.putAll(fromConfigMaps);
        for (EnvVar var : container.getEnv()) {
            env.put(var.getName(), var.getValue() != null ? var.getValue()
                    : fieldValue(var.getValueFrom().getFieldRef().getFieldPath(), podName, namespace));
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out);
    }

    /** What the kubelet puts in a field reference. */
    private static String fieldValue(String path, String podName, String namespace) {
        return switch (path) {
            case "metadata.name" -> podName;
            case "metadata.namespace" -> namespace;
            default -> throw new AssertionError("the stand-in kubelet doesn't know " + path);
        };
    }
}
