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
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brokers' data-check init container, run exactly as the manifest has it, on a volume directory
 * of the test's, with a stand-in for the image's zookeeper-shell that answers as ZooKeeper would.
 */
class DataCheckTest {
    @TempDir
    Path directory;

    private Path logs;
    private final Container check = dataCheck(Specs.cluster());
    /** Brokers in KRaft mode, whose cluster id comes from the migration's record (CLUSTER_ID). */
    private final Container kraftCheck = dataCheck(new KafkaCluster(Specs.spec().withMetadata(Metadata.kraftBrokers(3))));

    private static Container dataCheck(KafkaCluster cluster) {
        return cluster.generateStatefulSet(3).getSpec().getTemplate().getSpec().getInitContainers().stream()
                .filter(c -> c.getName().equals(KafkaCluster.DATA_CHECK_CONTAINER)).findFirst().orElseThrow();
    }

    record Run(int exitCode, String out) {}

    @BeforeEach
    void volume() throws IOException {
        logs = Files.createDirectories(directory.resolve("volume/logs"));
    }

    @Test
    void aFreshVolumePasses() throws Exception {
        assertEquals(0, run("kafka-2", "unreachable").exitCode());
    }

    @Test
    void theBrokersOwnDataOfThisClusterPasses() throws Exception {
        meta(2, "AbCdEf");
        Run run = run("kafka-2", "{\"version\":\"1\",\"id\":\"AbCdEf\"}");
        assertEquals(0, run.exitCode(), run.out());
    }

    @Test
    void anotherBrokersDataStopsTheStartNamingBothAndTheChoices() throws Exception {
        meta(0, "AbCdEf");
        Run run = run("kafka-2", "{\"version\":\"1\",\"id\":\"AbCdEf\"}");
        assertEquals(1, run.exitCode(), run.out());
        assertEquals("kafka-2: volume of claim data-kafka-2 holds the data of broker 0, not of broker 2; choices: give"
                + " it to broker 0's claim, or if its data can go, delete the claim and its volume's files and the"
                + " broker starts empty\n", run.out());
    }

    @Test
    void anotherClustersDataStopsTheStartBeforeKafkaCrashLoops() throws Exception {
        meta(2, "OldCluster");
        Run run = run("kafka-2", "Connecting to kafka-zookeeper:2181\n\nWATCHER::\n{\"version\":\"1\",\"id\":\"NewCluster\"}");
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().startsWith("kafka-2: volume of claim data-kafka-2 holds the data of Kafka cluster OldCluster,"
                + " but ZooKeeper at kafka-zookeeper:2181 holds cluster NewCluster; choices: point --zookeeper at the ZooKeeper"
                + " of cluster OldCluster to keep it"), run.out());
    }

    @Test
    void dataOnAZookeeperWithoutAClusterStopsTheStartToo() throws Exception {
        meta(2, "OldCluster");
        Run run = run("kafka-2", "Node does not exist: /cluster/id");
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().contains("holds the data of Kafka cluster OldCluster, and ZooKeeper at kafka-zookeeper:2181"
                + " holds no cluster yet"), run.out());
    }

    @Test
    void anUnreachableZookeeperLeavesTheVerdictToKafka() throws Exception {
        meta(2, "OldCluster");
        assertEquals(0, run("kafka-2", "Unable to connect").exitCode());
    }

    @Test
    void inKRaftModeTheRecordedClusterIdDecidesAndZooKeeperIsNotAsked() throws Exception {
        // Were ZooKeeper asked, it would name another cluster.
        String otherCluster = "{\"version\":\"1\",\"id\":\"NewCluster\"}";
        meta(2, "AbCdEf");
        Run own = run(kraftCheck, "kafka-2", otherCluster, "AbCdEf");
        assertEquals(0, own.exitCode(), own.out());
        assertTrue(kraftCheck.getEnv().stream().noneMatch(env -> env.getName().equals(KafkaCluster.ZOOKEEPER_CONNECT_ENV)));

        meta(2, "OldCluster");
        Run other = run(kraftCheck, "kafka-2", otherCluster, "AbCdEf");
        assertEquals(1, other.exitCode(), other.out());
        assertEquals("kafka-2: volume of claim data-kafka-2 holds the data of Kafka cluster OldCluster, not of cluster AbCdEf"
                + " (configmap kafka-kraft); choices: give it to the brokers of cluster OldCluster, or if its data can go,"
                + " delete the claim and its volume's files and the broker starts empty\n", other.out());
        meta(0, "AbCdEf");
        assertEquals(1, run(kraftCheck, "kafka-2", otherCluster, "AbCdEf").exitCode(), "another broker's data");
        // A volume a KRaft-mode broker formatted itself (a broker added after the migration) names it node.id.
        Files.writeString(logs.resolve("meta.properties"), "node.id=2\nversion=1\ncluster.id=AbCdEf\n");
        Run formatted = run(kraftCheck, "kafka-2", otherCluster, "AbCdEf");
        assertEquals(0, formatted.exitCode(), formatted.out());
        Files.writeString(logs.resolve("meta.properties"), "node.id=0\nversion=1\ncluster.id=AbCdEf\n");
        assertEquals(1, run(kraftCheck, "kafka-2", otherCluster, "AbCdEf").exitCode(), "another KRaft broker's data");
    }

    private void meta(int brokerId, String clusterId) throws IOException {
        Files.writeString(logs.resolve("meta.properties"),
                "#\n#Tue Nov 24 12:00:00 UTC 2026\nbroker.id=" + brokerId + "\nversion=0\ncluster.id=" + clusterId + "\n");
    }

    private Run run(String podName, String zookeeperAnswer) throws IOException, InterruptedException {
        return run(check, podName, zookeeperAnswer, null);
    }

    /** Runs {@code check} as pod {@code podName}; {@code clusterId} is what the migration's record holds. */
    private Run run(Container check, String podName, String zookeeperAnswer, String clusterId)
            throws IOException, InterruptedException {
        Path bin = Files.createDirectories(directory.resolve("bin"));
        Path shell = bin.resolve("zookeeper-shell");
        Files.writeString(shell, "#!/usr/bin/env bash\ncat <<'ANSWER'\n" + zookeeperAnswer + "\nANSWER\n");
        Files.setPosixFilePermissions(shell, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder(check.getCommand()).redirectErrorStream(true);
        builder.command().addAll(check.getArgs());
        Map<String, String> env = builder.environment();
        for (EnvVar var : check.getEnv()) {
            env.put(var.getName(), var.getValue() != null ? var.getValue()
                    : var.getValueFrom().getConfigMapKeyRef() != null ? clusterId : podName);
        }
        // The volume is mounted elsewhere here than in the pod; the rest is the manifest's.
        env.put("KAFKA_LOG_DIRS", logs.toString());
        env.put("PATH", bin + ":" + env.get("PATH"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), out);
    }
}
