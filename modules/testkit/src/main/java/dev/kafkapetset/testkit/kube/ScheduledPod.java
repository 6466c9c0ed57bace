package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.OptionalInt;

/** A pod the stand-in kubelet is about to start, with what its containers would see of themselves. */
public final class ScheduledPod {
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private final Pod pod;

    ScheduledPod(Pod pod) {
        this.pod = pod;
    }

    /** The pod as the API server holds it. */
    public Pod pod() {
        return pod;
    }

    public String namespace() {
        return pod.getMetadata().getNamespace();
    }

    public String name() {
        return pod.getMetadata().getName();
    }

    /** The StatefulSet ordinal (from the pod-index label), empty for a pod no StatefulSet made. */
    public OptionalInt ordinal() {
        String index = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(POD_INDEX_LABEL);
        return index == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(index));
    }

    /** The pod's hostname: {@code spec.hostname}, else its name, as Kubernetes sets it. */
    public String hostname() {
        String hostname = pod.getSpec().getHostname();
        return hostname == null || hostname.isEmpty() ? name() : hostname;
    }
}
