package dev.kafkapetset.testkit.confluent;

import io.fabric8.kubernetes.api.model.Pod;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Who owns the root directory of each volume, and its mode: the one part of a volume's permissions
 * the images' start-up checks depend on, kept here rather than on this machine's files (which all
 * belong to whoever runs the tests). Paths below a volume's root count as the root's.
 *
 * <p>A volume starts as the kubelet, or a freshly made filesystem, leaves it: root's, mode 0755 (an
 * emptyDir 0777). When a pod's volumes are set up, before its first container, the kubelet gives
 * each volume whose plugin manages ownership the pod's {@code fsGroup}: the group's, group rwx,
 * setgid. A hostPath volume's plugin does not, whatever the {@code fsGroup}: there only a chown
 * (an init container's, as root with {@code CHOWN}) makes the directory the images' user's. The
 * volumes the stand-in provisions stand for disks whose plugin manages ownership, as cloud disks'
 * do; the hostPath volumes a manifest makes itself stand for themselves. What a volume's root became
 * stays as long as its files do: for the runtime's life.
 *
 * <p>The files the kubelet writes into a Secret or ConfigMap volume are kept too: root's, with the
 * mode the volume asks for; with an {@code fsGroup}, the group's and group-readable (the kubelet
 * adds 0440 to these read-only volumes' files).
 */
final class VolumeOwners {
    /**
     * A volume of a pod, as the kubelet sets it up: where its files are, what kind of volume it is,
     * and the modes of the files the kubelet wrote into it, by their local paths.
     */
    record Volume(Path root, boolean emptyDir, boolean managesOwnership, Map<Path, Integer> writtenFiles) {
        Volume(Path root, boolean emptyDir, boolean managesOwnership) {
            this(root, emptyDir, managesOwnership, Map.of());
        }
    }

    private static final int GROUP_READABLE = 0440;

    private static final Ownership EMPTY_DIR = new Ownership(0, 0, 0777);

    private final Map<Path, Ownership> byRoot = new ConcurrentHashMap<>();
    private final Map<Path, Ownership> writtenFiles = new ConcurrentHashMap<>();
    private final Set<String> podsSetUp = ConcurrentHashMap.newKeySet();

    /**
     * Sets up {@code pod}'s volumes, once for the pod, whichever of its containers starts first;
     * {@code described} says what each of them is.
     */
    void setUp(Pod pod, Function<io.fabric8.kubernetes.api.model.Volume, Volume> described) {
        if (!podsSetUp.add(pod.getMetadata().getUid())) {
            return;
        }
        Long fsGroup = pod.getSpec().getSecurityContext() == null ? null : pod.getSpec().getSecurityContext().getFsGroup();
        for (Volume volume : pod.getSpec().getVolumes().stream().map(described).toList()) {
            byRoot.putIfAbsent(volume.root(), volume.emptyDir() ? EMPTY_DIR : Ownership.FRESH_DIRECTORY);
            if (fsGroup != null && volume.managesOwnership()) {
                byRoot.computeIfPresent(volume.root(), (root, ownership) -> ownership.withFsGroup(fsGroup));
            }
            volume.writtenFiles().forEach((file, mode) -> writtenFiles.put(file, fsGroup == null ? new Ownership(0, 0, mode)
                    : new Ownership(0, fsGroup, mode | GROUP_READABLE)));
        }
    }

    /** The ownership of a file the kubelet wrote into a volume; empty for any other file. */
    Optional<Ownership> ofWrittenFile(Path file) {
        return Optional.ofNullable(writtenFiles.get(file));
    }

    /** The ownership of a volume's root, once a pod using it was set up. */
    Ownership of(Path root) {
        Ownership ownership = byRoot.get(root);
        if (ownership == null) {
            throw new IllegalStateException("volume " + root + " was never set up for a pod");
        }
        return ownership;
    }

    void chown(Path root, long uid, long gid) {
        byRoot.computeIfPresent(root, (volume, ownership) -> ownership.chowned(uid, gid));
    }
}
