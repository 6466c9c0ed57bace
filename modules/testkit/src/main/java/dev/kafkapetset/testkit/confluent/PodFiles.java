package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import dev.kafkapetset.testkit.kube.VolumeFile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A pod's files on this machine, as one of its containers sees them through its volume mounts. The
 * files of a PersistentVolumeClaim outlive the pod, kept by claim (namespace and name), so a pod made
 * again on the same claim finds them as it would on a real volume. Every other path (an emptyDir,
 * a Secret or ConfigMap volume, the container's own filesystem) belongs to the pod and goes with
 * it. Who owns a volume's root is kept by {@link VolumeOwners}.
 *
 * <p>A Secret or ConfigMap volume holds the files the kubelet writes, written when the pod's volumes
 * are set up. What the container sees read-only (a mount with {@code readOnly: true}; a Secret,
 * ConfigMap, downward API or projected volume, which Kubernetes always mounts read-only; its root
 * filesystem with {@code readOnlyRootFilesystem}) fails the images' writable checks, and the
 * container's processes run with those mounts read-only ({@link ReadOnlyMounts}).
 */
final class PodFiles implements ContainerFiles {
    private final Path claims;
    private final Path root;
    private final Path own;
    private final ScheduledPod pod;
    private final Container container;
    private final ContainerUser user;
    private final VolumeOwners owners;

    private PodFiles(Path root, ScheduledPod pod, Container container, VolumeOwners owners) {
        this.claims = root.resolve("claims");
        this.root = root;
        this.own = root.resolve("pods").resolve(pod.namespace()).resolve(pod.name() + "-" + pod.pod().getMetadata().getUid());
        this.pod = pod;
        this.container = container;
        this.user = ContainerUser.of(pod.pod(), container);
        this.owners = owners;
    }

    /**
     * The files {@code container} of {@code pod} sees, its runtime's under {@code root}; the pod's
     * volumes are set up first if this is the pod's first container to start.
     */
    static PodFiles of(Path root, ScheduledPod pod, Container container, VolumeOwners owners) {
        PodFiles files = new PodFiles(root, pod, container, owners);
        owners.setUp(pod.pod(), files::described);
        return files;
    }

    private VolumeOwners.Volume described(Volume volume) {
        Path root = created(volume(volume.getName()));
        if (volume.getPersistentVolumeClaim() != null) {
            PersistentVolume bound = pod.boundVolume(volume.getPersistentVolumeClaim().getClaimName());
            return new VolumeOwners.Volume(root, false, bound.getSpec().getHostPath() == null || isProvisioned(bound));
        }
        Optional<List<VolumeFile>> payload = pod.volumeFiles(volume.getName());
        if (payload.isPresent()) {
            return new VolumeOwners.Volume(root, false, true, written(root, payload.get()));
        }
        return new VolumeOwners.Volume(root, volume.getEmptyDir() != null, volume.getEmptyDir() != null);
    }

    /** Writes the kubelet's files into a volume; their modes, by local path. */
    private static Map<Path, Integer> written(Path root, List<VolumeFile> files) {
        Map<Path, Integer> modes = new HashMap<>();
        for (VolumeFile file : files) {
            Path local = root.resolve(file.path()).normalize();
            if (!local.startsWith(root)) {
                throw new IllegalStateException("volume file path " + file.path() + " leaves its volume");
            }
            try {
                Files.createDirectories(local.getParent());
                Files.write(local, file.content());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            modes.put(local, file.mode());
        }
        return modes;
    }

    /** Where claim {@code claim} of {@code namespace} keeps its files, when a provisioner made its volume. */
    static Path claimDirectory(Path root, String namespace, String claim) {
        return root.resolve("claims").resolve(namespace).resolve(claim);
    }

    /** Where directory {@code path} of node {@code node} is: a hostPath volume's files are the node's. */
    static Path nodeDirectory(Path root, String node, String path) {
        return root.resolve("nodes").resolve(node).resolve(path.replaceFirst("^/+", "")).normalize();
    }

    static boolean isProvisioned(PersistentVolume volume) {
        return volume.getMetadata().getAnnotations() != null
                && volume.getMetadata().getAnnotations().containsKey("pv.kubernetes.io/provisioned-by");
    }

    /** The user the container runs as. */
    ContainerUser user() {
        return user;
    }

    /**
     * The images' check that the container's user may write {@code directory}, which its volume's
     * root's owner decides, else the image's; throws with the reason if not.
     */
    @Override
    public void requireWritable(String directory) {
        Optional<String> readOnly = readOnlyReason(directory);
        if (readOnly.isPresent()) {
            throw new IllegalStateException("Check if " + directory + " is writable: no, " + readOnly.get());
        }
        volumeOwnership(directory).orElseGet(() -> ConfluentImage.directory(directory)).requireWritableBy(user, directory);
    }

    /** Why the container can't write {@code containerPath} whoever it is, if it can't: what it is on is read-only. */
    private Optional<String> readOnlyReason(String containerPath) {
        Optional<VolumeMount> mount = mount(containerPath);
        if (mount.isEmpty()) {
            return isRootFilesystemReadOnly()
                    ? Optional.of("the container's root filesystem is read-only (readOnlyRootFilesystem)") : Optional.empty();
        }
        if (Boolean.TRUE.equals(mount.get().getReadOnly())) {
            return Optional.of("it is on volume " + mount.get().getName() + ", mounted readOnly");
        }
        return alwaysReadOnlyKind(podVolume(mount.get().getName()))
                .map(kind -> "it is on volume " + mount.get().getName() + ", a " + kind + " volume, which is always read-only");
    }

    private boolean isRootFilesystemReadOnly() {
        return container.getSecurityContext() != null && Boolean.TRUE.equals(container.getSecurityContext().getReadOnlyRootFilesystem());
    }

    /** The kinds of volume Kubernetes mounts read-only whatever the mount says: the kubelet writes them, not the container. */
    private static Optional<String> alwaysReadOnlyKind(Volume volume) {
        return volume.getSecret() != null ? Optional.of("Secret")
                : volume.getConfigMap() != null ? Optional.of("ConfigMap")
                : volume.getDownwardAPI() != null ? Optional.of("downward API")
                : volume.getProjected() != null ? Optional.of("projected")
                : Optional.empty();
    }

    /** The local directories of the container's mounts that it sees read-only, for its processes. */
    List<Path> readOnlyDirectories() {
        return container.getVolumeMounts().stream()
                .filter(mount -> readOnlyReason(mount.getMountPath()).isPresent())
                .map(mount -> directory(mount.getMountPath()))
                .toList();
    }

    /** Whether {@code containerPath} exists as the container sees it ({@code dub path <path> exists}). */
    @Override
    public boolean exists(String containerPath) {
        return Files.exists(local(containerPath));
    }

    /**
     * The bytes of {@code containerPath} as the container's user reads them ({@code cat <path>});
     * throws with {@code cat}'s message when it is missing, or is a file the kubelet wrote that the
     * user may not read.
     */
    @Override
    public byte[] read(String containerPath) {
        Path file = local(containerPath);
        if (owners.ofWrittenFile(file).filter(ownership -> !ownership.isReadableBy(user)).isPresent()) {
            throw new IllegalStateException("cat: " + containerPath + ": Permission denied");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("cat: " + containerPath + ": No such file or directory");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The local directory that is {@code containerPath} inside the container, created if missing. */
    Path directory(String containerPath) {
        return created(local(containerPath));
    }

    /** A directory of the stand-in's own for this pod, outside anything the container sees. */
    Path standInDirectory() {
        return created(own.resolve("stand-in"));
    }

    /**
     * {@code word} as a process on this machine must see it: the local path when it names a path on
     * one of the container's volumes, else as it is.
     */
    String translated(String word) {
        return word.startsWith("/") && mount(word).isPresent() ? local(word).toString() : word;
    }

    /** Who owns the root of the volume {@code containerPath} is on; empty when it is on none. */
    Optional<Ownership> volumeOwnership(String containerPath) {
        return volumeRoot(containerPath).map(owners::of);
    }

    /** Gives the root of the volume {@code containerPath} is on to {@code uid:gid}. */
    void chown(String containerPath, long uid, long gid) {
        volumeRoot(containerPath).ifPresent(root -> owners.chown(root, uid, gid));
    }

    private Optional<Path> volumeRoot(String containerPath) {
        return mount(containerPath).map(mount -> volume(mount.getName()));
    }

    private static Path created(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path local(String containerPath) {
        Optional<VolumeMount> mount = mount(containerPath);
        if (mount.isEmpty()) {
            return own.resolve("rootfs").resolve(relative(containerPath, "/"));
        }
        Path volume = volume(mount.get().getName());
        if (mount.get().getSubPath() != null && !mount.get().getSubPath().isEmpty()) {
            volume = volume.resolve(mount.get().getSubPath());
        }
        return volume.resolve(relative(containerPath, mount.get().getMountPath()));
    }

    private Optional<VolumeMount> mount(String containerPath) {
        List<VolumeMount> mounts = container.getVolumeMounts();
        return mounts.stream()
                .filter(candidate -> isUnder(containerPath, candidate.getMountPath()))
                .max(Comparator.comparingInt(candidate -> candidate.getMountPath().length()));
    }

    private Volume podVolume(String name) {
        return pod.pod().getSpec().getVolumes().stream()
                .filter(candidate -> name.equals(candidate.getName()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("pod " + pod.name() + " mounts volume " + name + ", which it does not have"));
    }

    /**
     * Where a volume's files are: a hostPath volume's on the node the pod runs on (another node's
     * directory of that path is another directory), a provisioned one's with its claim, any other
     * with the pod.
     */
    private Path volume(String name) {
        Volume volume = podVolume(name);
        if (volume.getPersistentVolumeClaim() == null) {
            return own.resolve("volumes").resolve(name);
        }
        String claim = volume.getPersistentVolumeClaim().getClaimName();
        PersistentVolume bound = pod.boundVolume(claim);
        if (bound.getSpec().getHostPath() != null && !isProvisioned(bound)) {
            return nodeDirectory(root, pod.nodeName(), bound.getSpec().getHostPath().getPath());
        }
        return claims.resolve(pod.namespace()).resolve(claim);
    }

    private static boolean isUnder(String path, String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        return path.equals(directory) || path.startsWith(prefix);
    }

    private static String relative(String path, String directory) {
        String rest = path.substring(Math.min(path.length(), directory.length()));
        return rest.startsWith("/") ? rest.substring(1) : rest;
    }

    /**
     * Removes the container's own filesystem, as a container's end does: a container started again
     * starts from the image. The pod's volumes stay as long as the pod (a restarted container finds
     * its emptyDir and Secret volumes), here until the runtime closes; its claims' files longer.
     */
    void discardContainerFilesystem() {
        deleteTree(own.resolve("rootfs"));
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
