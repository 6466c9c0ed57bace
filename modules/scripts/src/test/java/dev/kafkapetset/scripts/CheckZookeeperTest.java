package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.servers.LocalKafka;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** check-zookeeper as an operator runs it: in-process for the options, and through the catalog with JBang. */
class CheckZookeeperTest {
    @RegisterExtension
    static final LocalKafka kafka = LocalKafka.withBrokers(1);

    static Script.Result checkZookeeper(String... args) {
        return Script.run("check-zookeeper", args);
    }

    @Test
    void helpShowsTheTargetsOptionsAndExitCodes() {
        Script.Result help = checkZookeeper("--help");
        assertEquals(0, help.exitCode());
        for (String expected : new String[] {"--zookeeper=HOST:PORT[,...][/CHROOT]", "--expect-brokers=N",
                "--name=NAME", "--timeout=DURATION", "--kubeconfig=FILE", "-o, --output=FORMAT", "Exit codes:",
                "check-zookeeper --zookeeper zk-0:2181,zk-1:2181/kafka --expect-brokers 3"}) {
            assertTrue(help.out().contains(expected), expected + " in:\n" + help.out());
        }
    }

    @Test
    void badOptionValuesAreUsageErrorsBeforeAnythingIsSent() {
        Script.Result badAddress = checkZookeeper("--zookeeper", "zk-0:two");
        assertEquals(2, badAddress.exitCode());
        assertEquals("error: ZooKeeper port 'two' in 'zk-0:two' is not a port (1-65535)\n", badAddress.err());
        Script.Result negative = checkZookeeper("--zookeeper", kafka.zookeeper().connectString(), "--expect-brokers", "-1");
        assertEquals("error: --expect-brokers must be 0 or more, not -1\n", negative.err());
        assertEquals(2, negative.exitCode());
        assertEquals(2, checkZookeeper("--timeout", "soon").exitCode());
        Script.Result badName = checkZookeeper("--name", "Kafka_1");
        assertEquals(2, badName.exitCode());
        assertTrue(badName.err().startsWith("error: --name 'Kafka_1' is not a valid DNS-1123 label"), badName.err());
    }

    @Test
    void jsonAndYamlForScripts() {
        Script.Result run = checkZookeeper("--zookeeper", kafka.zookeeper().connectString(), "--expect-brokers", "1", "-o", "json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode report = JsonMapper.builder().build().readTree(run.out());
        assertTrue(report.get("healthy").asBoolean());
        assertEquals("standalone", report.at("/servers/0/mode").asString());
        assertEquals(0, report.at("/kafka/brokers/0/id").asInt());
        assertEquals(0, report.at("/kafka/controller").asInt());
        assertEquals(1, report.get("expectedBrokers").asInt());
        Script.Result yaml = checkZookeeper("--zookeeper", kafka.zookeeper().connectString(), "-o", "yaml");
        assertEquals(0, yaml.exitCode(), yaml::toString);
        assertTrue(yaml.out().contains("\n  mode: \"standalone\"\n") && yaml.out().contains("\nhealthy: true\n"), yaml.out());
    }

    @Test
    void throughTheCatalogHealthyThenMissingBrokerThenUnreachable() throws IOException {
        Jbang.Result healthy = Jbang.launcher().run("check-zookeeper@catalog", "--zookeeper", kafka.zookeeper().connectString(),
                "--expect-brokers", "1");
        assertEquals(0, healthy.exitCode(), healthy.err());
        assertTrue(healthy.out().contains("\n  broker 0  PLAINTEXT://127.0.0.1:"), healthy.out());
        assertTrue(healthy.out().endsWith("1 of 1 expected brokers registered\n  /brokers/ids ACL: world:anyone:cdrwa\n"
                + "  /config/users ACL: world:anyone:cdrwa\nhealthy\n"), healthy.out());

        Jbang.Result missing = Jbang.launcher().run("check-zookeeper@catalog", "--zookeeper", kafka.zookeeper().connectString(),
                "--expect-brokers", "2");
        assertEquals(1, missing.exitCode(), missing.err());
        assertTrue(missing.out().endsWith("problem: broker 1 is not registered (expected brokers 0-1)\n"
                + "UNHEALTHY: 1 problem\n"), missing.out());

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Jbang.Result unreachable = Jbang.launcher().run("check-zookeeper@catalog", "--zookeeper", "127.0.0.1:" + closedPort,
                "--timeout", "2s");
        assertEquals(3, unreachable.exitCode(), unreachable.err());
        assertEquals("error: no ZooKeeper server is listening: 127.0.0.1:" + closedPort + " connection refused\n",
                unreachable.err());
    }
}
