package dev.kafkapetset.testkit.kube;

/**
 * What keeps the kubelet from creating a container whose configuration refers to something
 * missing: a Secret or ConfigMap, or one of their keys, that its environment names. The container
 * waits in {@code CreateContainerConfigError} with this message (the kubelet's own wording) and
 * starts once what it needs is there; it does not count as a restart.
 */
public final class ContainerConfigError extends IllegalStateException {
    public ContainerConfigError(String message) {
        super(message);
    }
}
