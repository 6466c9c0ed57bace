package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import io.fabric8.kubernetes.api.model.Container;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A container's command as a process on this machine, started as the container runtime starts it. */
final class ContainerProcess {
    /** The tools the images have (bash, sed, grep, timeout, ...): this machine's. */
    static final String MACHINE_PATH = System.getenv("PATH");

    /** The container's environment: the image's, then the container's own variables. */
    static Map<String, String> environment(ScheduledPod pod, Container container, ConfluentImage image) {
        Map<String, String> env = new LinkedHashMap<>(image.environment());
        env.putAll(pod.env(container.getName()));
        return env;
    }

    /**
     * {@code command} in the container's working directory (its {@code workingDir}, else the images'
     * {@link ConfluentImage#HOME}), with {@code path} as PATH, the hostname the container runtime
     * sets, then {@code env}, and nothing else of this machine's environment; the mounts the
     * container sees read-only are read-only for it ({@link ReadOnlyMounts}).
     */
    static ProcessBuilder of(ScheduledPod pod, PodFiles files, Container container, List<String> command, String path,
            Map<String, String> env) {
        String workingDir = container.getWorkingDir() == null || container.getWorkingDir().isEmpty()
                ? ConfluentImage.HOME : container.getWorkingDir();
        ProcessBuilder builder = new ProcessBuilder(ReadOnlyMounts.wrapped(command, files.readOnlyDirectories()))
                .directory(files.directory(workingDir).toFile());
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().put("HOSTNAME", pod.hostname());
        builder.environment().putAll(env);
        return builder;
    }

    private ContainerProcess() {}
}
