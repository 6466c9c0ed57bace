package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The init container that makes a secured ZooKeeper-mode cluster's SCRAM users, run exactly as the
 * manifest has it, with a stand-in for the image's kafka-configs that records each call (its
 * arguments, and the file of configs it was given) and answers as told.
 */
class BrokerUsersTest {
    private static final Map<String, String> SECRETS = Map.of("BROKER_PASSWORD", "broker-secret", "ADMIN_PASSWORD",
            "admin-secret");

    @TempDir
    Path directory;

    private final Container users = new KafkaCluster(Specs.byDefault()).generateStatefulSet(3).getSpec().getTemplate()
            .getSpec().getInitContainers().stream().filter(init -> init.getName().equals(KafkaCluster.SCRAM_USERS_CONTAINER))
            .findFirst().orElseThrow();

    /** @param calls each call's arguments, one per line, and the configs file's content when it named one */
    record Run(int exitCode, List<String> calls, String out) {}

    @Test
    void theUsersPasswordsReachKafkaConfigsInAFileThatIsGoneAfterwardsAndOnNoCommandLine() throws Exception {
        Run run = run("", 0);
        assertEquals(0, run.exitCode(), run.out());
        assertEquals(4, run.calls().size(), run.calls()::toString);
        assertTrue(run.calls().get(1).startsWith("--zookeeper\nkafka-zookeeper:2181\n--alter\n--entity-type\nusers\n--entity-name\n"
                + "kafka-broker\n--add-config-file\n"), run.calls().get(1));
        assertTrue(run.calls().get(1).endsWith("\nSCRAM-SHA-512=password=broker-secret\n"), run.calls().get(1));
        assertTrue(run.calls().get(3).endsWith("\nSCRAM-SHA-512=password=admin-secret\n"), run.calls().get(3));
        for (String call : run.calls()) {
            String arguments = call.substring(0, call.indexOf("\n---\n") + 1);
            assertFalse(arguments.contains("secret"), arguments);
            arguments.lines().filter(argument -> argument.startsWith("/")).forEach(file ->
                    assertFalse(Files.exists(Path.of(file)), file + " is gone"));
        }
    }

    @Test
    void usersThatExistAreLeftAlone() throws Exception {
        Run run = run("SCRAM credential configs for user-principal 'kafka-broker' are SCRAM-SHA-512=iterations=4096", 0);
        assertEquals(0, run.exitCode(), run.out());
        assertEquals(2, run.calls().size(), "two look-ups, no change: " + run.calls());
        assertTrue(run.out().contains("SCRAM user kafka-broker exists\nSCRAM user kafka-petset-admin exists\n"), run.out());
    }

    @Test
    void aUserThatCantBeMadeStopsThePodWithTheToolsExitCode() throws Exception {
        Run run = run("", 1);
        assertEquals(1, run.exitCode(), run.out());
        assertEquals(2, run.calls().size(), "the admin is not tried after the broker's user failed: " + run.calls());
    }

    /** Runs the container as kafka-0; its kafka-configs prints {@code described} and ends an --alter with {@code alterExit}. */
    private Run run(String described, int alterExit) throws IOException, InterruptedException {
        Path calls = Files.createDirectories(directory.resolve("calls"));
        // Each call in a file of its own, numbered in the order they came.
        InitContainerRun.Result result = InitContainerRun.run(users, directory, "kafka-configs", """
                call="%1$s/$(printf %%04d "$(ls '%1$s' | wc -l)")"
                printf '%%s\\n' "$@" > "$call"
                echo --- >> "$call"
                [ "$8" = --add-config-file ] && cat "$9" >> "$call"
                case " $* " in
                  *' --describe '*) echo '%2$s' ;;
                  *) exit %3$d ;;
                esac
                """.formatted(calls, described, alterExit),
                variable -> variable.getValueFrom().getSecretKeyRef() != null ? SECRETS.get(variable.getName()) : "kafka-0",
                Map.of());
        List<String> made;
        try (var files = Files.list(calls)) {
            made = files.sorted().map(file -> {
                try {
                    return Files.readString(file);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        return new Run(result.exitCode(), made, result.out());
    }
}
