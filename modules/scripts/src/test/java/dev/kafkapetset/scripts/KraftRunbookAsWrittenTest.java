package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.confluent.ConfluentPodRuntime;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The README's step-by-step bring-up of a cluster made in KRaft mode, its commands read from the
 * README and run as written through the catalog with real JBang, in the environment an operator's
 * shell gives them (the current kubeconfig, and the operator port base as an exported variable,
 * here a free one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KraftRunbookAsWrittenTest {
    /** The README's words just before the block of commands. */
    private static final String LEAD = "`deploy-controllers`, `deploy-service`, `deploy-petset` and `smoke-produce`. Step by step";

    private ConfluentPodRuntime runtime;
    private StandInCluster cluster;

    @BeforeAll
    void startCluster() {
        runtime = ConfluentPodRuntime.create();
        cluster = StandInCluster.start(runtime);
    }

    @AfterAll
    void stopCluster() {
        try {
            runtime.close();
        } finally {
            cluster.close();
        }
    }

    @Test
    void theReadmesKraftStepsBringUpASecuredClusterThatStatusFindsHealthy() throws IOException {
        List<List<String>> commands = readmeCommands();
        assertEquals(List.of("create-volumes@catalog", "create-secrets@catalog", "deploy-controllers@catalog",
                "deploy-service@catalog", "deploy-petset@catalog", "smoke-produce@catalog"),
                commands.stream().map(command -> command.get(0)).toList(), "the README's steps, in its order");
        Jbang shell = Jbang.launcher().env("KUBECONFIG", cluster.kubeconfig().toString())
                .env("KAFKA_PETSET_OPERATOR_PORT_BASE", Integer.toString(FreePorts.consecutive(3)));
        List<Jbang.Result> results = new ArrayList<>();
        for (List<String> command : commands) {
            Jbang.Result result = shell.run(command.toArray(String[]::new));
            results.add(result);
            assertEquals(0, result.exitCode(), () -> "jbang " + String.join(" ", command) + "\n" + result);
        }
        Jbang.Result smoke = results.get(results.size() - 1);
        assertTrue(smoke.out().contains("  protection: SASL_SSL, SASL SCRAM-SHA-512 over TLSv1.3 "), smoke::toString);
        Jbang.Result status = shell.run("status@catalog");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("made in KRaft mode: no ZooKeeper")
                && status.out().contains("\n    kafka-controller-2  CN=kafka-controller-2, valid until "), status::toString);
    }

    /** The block of {@code jbang} commands after {@link #LEAD}, each split into its arguments (none is quoted). */
    private static List<List<String>> readmeCommands() throws IOException {
        List<String> lines = Files.readAllLines(Jbang.ROOT.resolve("README.md"));
        int lead = 0;
        while (!lines.get(lead).contains(LEAD)) {
            lead++;
        }
        int open = lead;
        while (!lines.get(open).equals("```bash")) {
            open++;
        }
        List<List<String>> commands = new ArrayList<>();
        for (int line = open + 1; !lines.get(line).equals("```"); line++) {
            List<String> words = Arrays.asList(lines.get(line).trim().split("\\s+"));
            assertEquals("jbang", words.get(0), lines.get(line));
            commands.add(words.subList(1, words.size()));
        }
        return commands;
    }
}
