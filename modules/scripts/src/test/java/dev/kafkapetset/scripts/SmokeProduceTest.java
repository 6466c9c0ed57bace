package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kafkapetset.testkit.servers.LocalKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** smoke-produce as an operator runs it: in-process for the options, and through the catalog with JBang. */
class SmokeProduceTest {
    @RegisterExtension
    static final LocalKafka kafka = LocalKafka.withBrokers(3);

    static Script.Result smokeProduce(String... args) {
        return Script.run("smoke-produce", args);
    }

    @Test
    void helpShowsTheTargetsOptionsAndExitCodes() {
        Script.Result help = smokeProduce("--help");
        assertEquals(0, help.exitCode());
        for (String expected : new String[] {"--bootstrap-servers=HOST:PORT[,...]", "--count=N", "Default: 1000",
                "--record-size=BYTES", "--topic=NAME", "--keep-topic", "--expect-brokers=N", "--timeout=DURATION",
                "--kubeconfig=FILE", "-o, --output=FORMAT", "Exit codes:", "127.0.0.1:<OPERATOR_PORT_BASE + n>"}) {
            assertTrue(help.out().contains(expected), expected + " in:\n" + help.out());
        }
    }

    @Test
    void badCountsAndMalformedAddressesAreUsageErrors() {
        String bootstrap = kafka.brokers().bootstrapServers();
        assertUsageError("error: --count must be at least 1, not 0\n", "--bootstrap-servers", bootstrap, "--count", "0");
        assertUsageError("error: Invalid value for option '--count': 'many' is not an int (see 'smoke-produce --help')\n",
                "--bootstrap-servers", bootstrap, "--count", "many");
        assertUsageError("error: --bootstrap-servers: 'kafka-0' is not host:port (expected a list such as"
                + " kafka-0:9092,kafka-1:9092)\n", "--bootstrap-servers", "kafka-0");
        assertUsageError("error: --bootstrap-servers: 'kafka-0:9092:1' is not host:port (expected a list such as"
                + " kafka-0:9092,kafka-1:9092)\n", "--bootstrap-servers", "kafka-0:9092:1");
        assertUsageError("error: --record-size must be at least 8 bytes (the sequence number), not 2\n",
                "--bootstrap-servers", bootstrap, "--record-size", "2");
    }

    private static void assertUsageError(String message, String... args) {
        Script.Result run = smokeProduce(args);
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(message, run.err());
        assertEquals("", run.out());
    }

    @Test
    void threeBrokersInProcessAsText() {
        Script.Result run = smokeProduce("--bootstrap-servers", kafka.brokers().bootstrapServers(), "--count", "200");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains(", 3 partitions, replication factor 3, min.insync.replicas 2\n"), run.out());
        assertTrue(run.out().contains("Read back and verified 200 of 200 records of run "), run.out());
        assertTrue(run.out().endsWith(" deleted\nhealthy\n"), run.out());
    }

    @Test
    void kafkasOwnTopicsAndOthersTopicsAreRefusedAndLeftAlone() throws Exception {
        Script.Result internal = smokeProduce("--bootstrap-servers", kafka.brokers().bootstrapServers(),
                "--topic", "__consumer_offsets");
        assertEquals(2, internal.exitCode(), internal::toString);
        assertTrue(internal.err().startsWith("error: --topic __consumer_offsets: topics whose names start with __ are"
                + " Kafka's own"), internal::toString);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic("prod-orders", 3, (short) 3))).all().get();
            Script.Result theirs = smokeProduce("--bootstrap-servers", kafka.brokers().bootstrapServers(),
                    "--topic", "prod-orders");
            assertEquals(2, theirs.exitCode(), theirs::toString);
            assertTrue(theirs.err().startsWith("error: topic prod-orders exists and is not a smoke topic"), theirs::toString);
            assertTrue(admin.listTopics().names().get().contains("prod-orders"), "not deleted");
        }
    }

    /** Ctrl-C while records are being written: the topic the run created goes with it. */
    @Test
    void interruptedItDeletesTheTopicItCreated() throws Exception {
        String topic = "kafka-petset-smoke-interrupted";
        // Built first: a signal must reach smoke-produce itself, not JBang building it.
        assertEquals(0, Jbang.launcher().run("smoke-produce@catalog", "--version").exitCode());
        Process run = Jbang.launcher().start("smoke-produce@catalog", "--bootstrap-servers",
                kafka.brokers().bootstrapServers(), "--topic", topic, "--count", "100000000", "--timeout", "5m");
        try (Admin admin = admin()) {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (!admin.listTopics().names().get().contains(topic)) {
                assertTrue(run.isAlive(), () -> "smoke-produce ended before creating its topic: exit " + run.exitValue());
                assertTrue(System.nanoTime() < deadline, "no topic " + topic + " after 2 minutes");
                Thread.sleep(200);
            }
            assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor());
            assertTrue(run.waitFor(1, TimeUnit.MINUTES), "smoke-produce did not stop on SIGINT");
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (admin.listTopics().names().get().contains(topic)) {
                assertTrue(System.nanoTime() < deadline, "topic " + topic + " left behind");
                Thread.sleep(200);
            }
        } finally {
            run.destroyForcibly();
        }
    }

    static Admin admin() {
        return Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.brokers().bootstrapServers()));
    }

    /** Through the catalog, keeping the topic; then Debian's kcat, a client that isn't ours, reads it. */
    @Test
    void throughTheCatalogWhatWasWrittenIsReallyInKafka() throws IOException, InterruptedException {
        Jbang.Result run = Jbang.launcher().run("smoke-produce@catalog", "--bootstrap-servers", kafka.brokers().bootstrapServers(),
                "--count", "500", "--keep-topic", "-o", "json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JsonMapper.builder().build().readTree(run.out());
        assertEquals(500, report.get("verified").asInt());
        assertTrue(report.at("/topic/kept").asBoolean());
        String topic = report.at("/topic/name").asString();
        String runId = report.get("runId").asString();

        assumeTrue(kcatInstalled(), "kcat is not installed (apt-get install kcat): the independent read is skipped");
        List<String> lines = kcat("-b", kafka.brokers().bootstrapServers(), "-C", "-t", topic, "-e", "-q", "-f", "%p %k %S\\n");
        assertEquals(500, lines.size());
        boolean[] seen = new boolean[500];
        for (String line : lines) {
            String[] fields = line.split(" ");
            int sequence = Integer.parseInt(fields[1].substring((runId + ":").length()));
            assertTrue(fields[1].startsWith(runId + ":"), line);
            assertEquals(sequence % 3, Integer.parseInt(fields[0]), line);
            assertEquals("100", fields[2], line);
            assertTrue(!seen[sequence], "record " + sequence + " read twice");
            seen[sequence] = true;
        }
    }

    static boolean kcatInstalled() {
        try {
            return new ProcessBuilder("kcat", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static List<String> kcat(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kcat"));
        command.addAll(List.of(args));
        Process kcat = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(kcat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(kcat.waitFor(60, TimeUnit.SECONDS), "kcat ran over a minute");
        assertEquals(0, kcat.exitValue(), "kcat failed");
        return out.lines().toList();
    }
}
