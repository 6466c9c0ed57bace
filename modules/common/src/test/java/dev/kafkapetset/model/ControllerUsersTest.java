package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The init container that formats a secured KRaft controller's storage with the SCRAM users, run
 * exactly as the manifest has it, with a stand-in for the image's kafka-storage that records what
 * it was given and exits as told.
 */
class ControllerUsersTest {
    private static final Map<String, String> SECRETS = Map.of("BROKER_PASSWORD", "broker-secret", "ADMIN_PASSWORD",
            "admin-secret");

    @TempDir
    Path directory;

    private final Container users = new KafkaCluster(Specs.byDefault("--metadata", "kraft", "--controllers", "3"))
            .controllers(3).generateStatefulSet().getSpec().getTemplate().getSpec().getInitContainers().stream()
            .filter(init -> init.getName().equals(KafkaCluster.SCRAM_USERS_CONTAINER)).findFirst().orElseThrow();

    record Run(int exitCode, String arguments, String users, String config, String out) {}

    @Test
    void theUsersReachTheToolInAFileOfArgumentsAndNoCommandLineShowsAPassword() throws Exception {
        Run run = run(0);
        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.arguments().startsWith("format\n--ignore-formatted\n--cluster-id\nAbCdEfGhIjKlMnOpQrStUv\n-c\n"),
                run.arguments());
        assertTrue(run.arguments().lines().reduce((first, last) -> last).orElseThrow().startsWith("@"), run.arguments());
        assertFalse(run.arguments().contains("secret"), run.arguments());
        assertEquals("--add-scram\nSCRAM-SHA-512=[name=kafka-broker,password=broker-secret]\n--add-scram\n"
                + "SCRAM-SHA-512=[name=kafka-petset-admin,password=admin-secret]\n", run.users());
        assertTrue(run.config().contains("\nnode.id=9002\n") && run.config().contains("\nlog.dirs=" + directory.resolve("data")
                + "/attempt-none\n") && run.config().contains("controller.quorum.voters=9000@kafka-controller-0."), run.config());
        assertEquals(List.of(), leftovers(run), "its files are gone");
    }

    @Test
    void aFailedFormatStopsTheControllerBeforeTheImageFormatsItWithoutUsers() throws Exception {
        Run run = run(3);
        assertEquals(3, run.exitCode(), run.out());
        assertEquals(List.of(), leftovers(run), "the file of users is gone even so");
    }

    /** The temporary files the tool was given that still exist. */
    private static List<String> leftovers(Run run) {
        String users = run.arguments().lines().reduce((first, last) -> last).orElseThrow().substring(1);
        String config = run.arguments().lines().toList().get(5);
        return List.of(users, config).stream().filter(file -> Files.exists(Path.of(file))).toList();
    }

    /** Runs the container as controller 2, its kafka-storage ending with {@code exitCode}. */
    private Run run(int exitCode) throws IOException, InterruptedException {
        Path seen = directory.resolve("seen");
        // Records its arguments, the file the last one names, and the config file, as they are while it runs.
        InitContainerRun.Result result = InitContainerRun.run(users, directory, "kafka-storage", """
                printf '%%s\\n' "$@" > '%1$s.arguments'
                last="${@: -1}"
                cat "${last#@}" > '%1$s.users'
                cat "$6" > '%1$s.config'
                exit %2$d
                """.formatted(seen, exitCode), ControllerUsersTest::valueFrom,
                // The volume is mounted elsewhere here than in the pod; the rest is the manifest's.
                Map.of("DATA_DIRECTORY", directory.resolve("data").toString()));
        return new Run(result.exitCode(), Files.readString(Path.of(seen + ".arguments")),
                Files.readString(Path.of(seen + ".users")), Files.readString(Path.of(seen + ".config")), result.out());
    }

    private static String valueFrom(EnvVar variable) {
        if (variable.getValueFrom().getSecretKeyRef() != null) {
            return SECRETS.get(variable.getName());
        }
        if (variable.getValueFrom().getConfigMapKeyRef() != null) {
            return variable.getValueFrom().getConfigMapKeyRef().getKey().equals(KraftControllers.CLUSTER_ID_KEY)
                    ? "AbCdEfGhIjKlMnOpQrStUv" : KraftControllers.NO_MIGRATION;
        }
        return "kafka-controller-2";
    }
}
