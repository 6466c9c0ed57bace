package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a container's command exactly as its pod spec has it, in the environment the kubelet gives
 * it, with a stand-in for the image's entrypoint script that records the environment it was started
 * with: what the container's own start-up (a wrapper deriving settings from the pod) hands on to the
 * image, which then turns it into the server's configuration.
 */
final class Entrypoint {
    /** The entrypoint of Confluent's images, which containers that wrap it name in their command. */
    static final String CONFLUENT = "/etc/confluent/docker/run";
    private static final long TIMEOUT_SECONDS = 30;
    /** What a shell adds to the environment of the commands it runs; the image's scripts ignore them too. */
    private static final List<String> SHELL_VARIABLES = List.of("PATH", "PWD", "OLDPWD", "SHLVL", "_");

    private final String imageEntrypoint;

    /** {@code imageEntrypoint}: the script the image runs, as containers name it in their command. */
    Entrypoint(String imageEntrypoint) {
        this.imageEntrypoint = imageEntrypoint;
    }

    /**
     * The environment the image's entrypoint gets when {@code container} starts. A command that
     * fails, or ends without starting the entrypoint, fails the start with what it printed.
     */
    Map<String, String> environment(ScheduledPod pod, Container container, ConfluentImage image, PodFiles files)
            throws IOException, InterruptedException {
        Path directory = files.standInDirectory();
        Path recorded = directory.resolve("entrypoint.env");
        Files.deleteIfExists(recorded);
        Path standIn = directory.resolve("entrypoint");
        Files.writeString(standIn, "#!/bin/sh\nexec env -0 > '" + recorded + "'\n");
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwx------"));

        Process process = ContainerProcess.of(pod, files, container, commandLine(pod, container, standIn.toString()),
                ContainerProcess.MACHINE_PATH, ContainerProcess.environment(pod, container, image)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the container's command did not reach " + imageEntrypoint + " within "
                    + TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(output.isEmpty() ? "exit code " + process.exitValue() : output);
        }
        if (!Files.exists(recorded)) {
            throw new IllegalStateException("the container's command ended without starting " + imageEntrypoint
                    + (output.isEmpty() ? "" : ": " + output));
        }
        return parse(Files.readString(recorded));
    }

    /** The container's command line with the stand-in in the image entrypoint's place. */
    private List<String> commandLine(ScheduledPod pod, Container container, String standIn) {
        List<String> line = pod.commandLine(container.getName());
        List<String> command = new ArrayList<>();
        if (container.getCommand().isEmpty()) {
            // No command: the image's entrypoint runs, with the container's args.
            command.add(standIn);
            command.addAll(line);
            return command;
        }
        for (String word : line) {
            command.add(word.equals(imageEntrypoint) ? standIn : word);
        }
        return command;
    }

    private static Map<String, String> parse(String nulSeparated) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : nulSeparated.split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0 && !SHELL_VARIABLES.contains(entry.substring(0, equals))) {
                env.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return env;
    }
}
