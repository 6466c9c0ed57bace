package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A pod's files on this machine, found through its first container's volume mounts. The files of a
 * PersistentVolumeClaim outlive the pod, kept by claim (namespace and name), so a pod made again on
 * the same claim finds them as it would on a real volume. Every other path (an emptyDir, the
 * container's own filesystem) belongs to the pod and goes with it.
 */
final class PodFiles {
    private final Path claims;
    private final Path own;
    private final ScheduledPod pod;

    PodFiles(Path root, ScheduledPod pod) {
        this.claims = root.resolve("claims");
        this.own = root.resolve("pods").resolve(pod.namespace()).resolve(pod.name() + "-" + pod.pod().getMetadata().getUid());
        this.pod = pod;
    }

    /** Where the files of claim {@code claim} in {@code namespace} live. */
    static Path claimDirectory(Path root, String namespace, String claim) {
        return root.resolve("claims").resolve(namespace).resolve(claim);
    }

    /** The local directory that is {@code containerPath} inside the container, created if missing. */
    Path directory(String containerPath) {
        return created(local(containerPath));
    }

    /** A directory of the stand-in's own for this pod, outside anything the container sees. */
    Path standInDirectory() {
        return created(own.resolve("stand-in"));
    }

    private static Path created(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path local(String containerPath) {
        Container container = pod.pod().getSpec().getContainers().get(0);
        VolumeMount mount = container.getVolumeMounts().stream()
                .filter(candidate -> isUnder(containerPath, candidate.getMountPath()))
                .max(Comparator.comparingInt(candidate -> candidate.getMountPath().length()))
                .orElse(null);
        if (mount == null) {
            return own.resolve("rootfs").resolve(relative(containerPath, "/"));
        }
        Path volume = volume(mount.getName());
        if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
            volume = volume.resolve(mount.getSubPath());
        }
        return volume.resolve(relative(containerPath, mount.getMountPath()));
    }

    private Path volume(String name) {
        Volume volume = pod.pod().getSpec().getVolumes().stream()
                .filter(candidate -> name.equals(candidate.getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("pod " + pod.name() + " mounts volume " + name + ", which it does not have"));
        return volume.getPersistentVolumeClaim() != null
                ? claims.resolve(pod.namespace()).resolve(volume.getPersistentVolumeClaim().getClaimName())
                : own.resolve("volumes").resolve(name);
    }

    private static boolean isUnder(String path, String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        return path.equals(directory) || path.startsWith(prefix);
    }

    private static String relative(String path, String directory) {
        String rest = path.substring(Math.min(path.length(), directory.length()));
        return rest.startsWith("/") ? rest.substring(1) : rest;
    }

    /** Removes the pod's own files; its claims' files stay. */
    void discard() {
        deleteTree(own);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
