package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ContainerExit;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An init container of a Confluent image, run to its end as on a node: its own command, for real,
 * with this machine's tools and the image's Kafka and ZooKeeper tools ({@link ImageTools}) on its
 * PATH; {@code chown} on the owners {@link VolumeOwners} keeps ({@link Chown}).
 *
 * <p>Its volumes are not at their container paths here: an environment value or a word of the
 * command line that names a path on one of the container's volumes is handed to the process as the
 * local path of that file ({@link PodFiles#translated}); nothing else is rewritten, paths written
 * inside a script's text included. The termination message is what the container's
 * {@code terminationMessagePolicy} makes it: with {@code FallbackToLogsOnError}, the end of what a
 * failing one printed; with the default {@code File}, none (nothing here writes the message file).
 */
final class InitContainer {
    /** How a command ended: its exit code and what it printed. */
    record Exit(int code, String output) {}

    private final ScheduledPod pod;
    private final Container container;
    private final ConfluentImage image;
    private final PodFiles files;
    private final JavaLauncher java;

    InitContainer(ScheduledPod pod, Container container, ConfluentImage image, PodFiles files, JavaLauncher java) {
        this.pod = pod;
        this.container = container;
        this.image = image;
        this.files = files;
        this.java = java;
    }

    /** Runs it to its end; one that fails throws a {@link ContainerExit}. Its process is in {@code running} while it runs. */
    void run(Set<Process> running) throws IOException, InterruptedException, ContainerExit {
        if (container.getCommand().isEmpty()) {
            throw new IllegalStateException("init container " + container.getName() + " has no command: the image's own"
                    + " would start a server, which never completes");
        }
        List<String> command = pod.commandLine(container.getName());
        Exit exit = Path.of(command.get(0)).getFileName().toString().equals("chown")
                ? Chown.run(command.subList(1, command.size()), files)
                : process(command, running);
        if (exit.code() != 0) {
            throw new ContainerExit(exit.code(), "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy())
                    ? ContainerLog.tail(exit.output()) : null);
        }
    }

    private Exit process(List<String> command, Set<Process> running) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(files.standInDirectory().resolve("bin"));
        try (ImageTools tools = ImageTools.serve(pod, container.getImage(), files, java, bin)) {
            Map<String, String> env = ContainerProcess.environment(pod, container, image);
            env.replaceAll((name, value) -> files.translated(value));
            Process process = ContainerProcess.of(pod, files, container, command.stream().map(files::translated).toList(),
                    bin + ":" + ContainerProcess.MACHINE_PATH, env).redirectErrorStream(true).start();
            running.add(process);
            try {
                process.getOutputStream().close();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new Exit(process.waitFor(), output);
            } finally {
                running.remove(process);
            }
        }
    }
}
