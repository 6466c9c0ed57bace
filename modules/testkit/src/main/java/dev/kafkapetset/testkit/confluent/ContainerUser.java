package dev.kafkapetset.testkit.confluent;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who a container's processes are, as the container runtime makes them from the pod's and the
 * container's {@code securityContext} (the container's settings win) and the Confluent images: uid,
 * primary gid, every group it is in, and the capabilities in effect. Only root has capabilities:
 * Kubernetes gives a non-root process none in effect (no ambient ones), whatever {@code add} says.
 */
record ContainerUser(long uid, long gid, Set<Long> groups, Set<String> capabilities) {
    /** The images' user, {@code appuser}: uid 1000, group 1000. */
    static final long APPUSER = 1000;
    /** What containerd and CRI-O give a container's root unless told otherwise. */
    private static final Set<String> RUNTIME_DEFAULT_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER",
            "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
    private static final String ALL = "ALL";

    /** The user of {@code container} in {@code pod}; one the kubelet would not start fails. */
    static ContainerUser of(Pod pod, Container container) {
        PodSecurityContext shared = Objects.requireNonNullElse(pod.getSpec().getSecurityContext(), new PodSecurityContext());
        SecurityContext own = Objects.requireNonNullElse(container.getSecurityContext(), new SecurityContext());
        long uid = first(own.getRunAsUser(), shared.getRunAsUser(), APPUSER);
        if (Boolean.TRUE.equals(first(own.getRunAsNonRoot(), shared.getRunAsNonRoot(), false)) && uid == 0) {
            // The kubelet's CreateContainerConfigError; here the start fails and is retried.
            throw new IllegalStateException("container's runAsUser breaks non-root policy (pod: \"" + pod.getMetadata().getName()
                    + "_" + pod.getMetadata().getNamespace() + "(" + pod.getMetadata().getUid() + ")\", container: "
                    + container.getName() + ")");
        }
        long gid = first(own.getRunAsGroup(), shared.getRunAsGroup(), loginGroup(uid));
        Set<Long> groups = new TreeSet<>(List.of(gid));
        if (shared.getFsGroup() != null) {
            groups.add(shared.getFsGroup());
        }
        groups.addAll(shared.getSupplementalGroups());
        Set<String> capabilities = uid != 0 ? Set.of()
                : Boolean.TRUE.equals(own.getPrivileged()) ? Set.of(ALL)
                : capabilities(own.getCapabilities());
        return new ContainerUser(uid, gid, groups, capabilities);
    }

    /**
     * The group a uid gets when nothing sets one: its group in the image's {@code /etc/passwd} (root
     * and appuser), else root's group 0, as container runtimes give a uid the image doesn't list.
     */
    static long loginGroup(long uid) {
        return uid == APPUSER ? APPUSER : 0;
    }

    private static Set<String> capabilities(Capabilities asked) {
        if (asked == null) {
            return RUNTIME_DEFAULT_CAPABILITIES;
        }
        Set<String> dropped = names(asked.getDrop());
        Set<String> kept = new HashSet<>(dropped.contains(ALL) ? Set.of() : RUNTIME_DEFAULT_CAPABILITIES);
        kept.removeAll(dropped);
        kept.addAll(names(asked.getAdd()));
        return kept;
    }

    /** {@code CAP_CHOWN} and {@code CHOWN} name the same capability. */
    private static Set<String> names(List<String> capabilities) {
        Set<String> names = new HashSet<>();
        capabilities.forEach(name -> names.add(name.startsWith("CAP_") ? name.substring("CAP_".length()) : name));
        return names;
    }

    private static <T> T first(T containers, T pods, T otherwise) {
        return containers != null ? containers : pods != null ? pods : otherwise;
    }

    boolean has(String capability) {
        return capabilities.contains(capability) || capabilities.contains(ALL);
    }

    boolean isIn(long group) {
        return groups.contains(group);
    }

    @Override
    public String toString() {
        return "uid " + uid + ", gid " + gid + ", groups " + groups;
    }
}
