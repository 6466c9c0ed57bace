package dev.kafkapetset.kube;

import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A connection to the Kubernetes API and the local ports forwarded through it to pods, as
 * {@code kubectl port-forward} does, bound to the loopback address only; all closed together with
 * this object (try-with-resources), the connection only when it was opened for the forwards.
 */
public final class PortForwards implements AutoCloseable {
    private final KubernetesClient client;
    private final boolean ownsClient;
    private final List<LocalPortForward> open = new ArrayList<>();

    private PortForwards(KubernetesClient client, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
    }

    /**
     * Connects as the options say (kubeconfig, context, namespace) and lets {@code target} set up its
     * forwards; when that fails, what it opened is closed before the failure goes on.
     */
    public static <T> T open(KubeOptions kube, Function<PortForwards, T> target) {
        return open(new PortForwards(kube.connect(), true), target);
    }

    /**
     * As {@link #open(KubeOptions, Function)}, through a connection already open, which stays open:
     * a step that reads the cluster too saves a connection (and its TLS handshake) per forwarding.
     */
    public static <T> T over(KubernetesClient client, Function<PortForwards, T> target) {
        return open(new PortForwards(client, false), target);
    }

    private static <T> T open(PortForwards forwards, Function<PortForwards, T> target) {
        try {
            return target.apply(forwards);
        } catch (RuntimeException e) {
            forwards.close();
            throw e;
        }
    }

    public KubernetesClient client() {
        return client;
    }

    /** The namespace {@code -n} or the context chose. */
    public String namespace() {
        return client.getConfiguration().getNamespace();
    }

    /**
     * Forwards {@code localPort} on 127.0.0.1 (0: any free port) to {@code podPort} of {@code pod}.
     * A local port already taken is a failure naming it and what it was for.
     */
    public InetSocketAddress forward(String namespace, String pod, int podPort, int localPort, String purpose) {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        LocalPortForward forward;
        try {
            forward = client.pods().inNamespace(namespace).withName(pod).portForward(podPort, loopback, localPort);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof BindException) {
                throw ToolException.failed("local port " + localPort + " is already in use; it is needed to reach "
                        + purpose + " (pod " + pod + " port " + podPort + "): free it and run again");
            }
            throw e;
        }
        open.add(forward);
        return new InetSocketAddress(loopback.getHostAddress(), forward.getLocalPort());
    }

    /** The number of the container port named {@code name} in {@code pod}, if it has one. */
    public static Optional<Integer> containerPort(Pod pod, String name) {
        return pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts() == null ? Stream.<ContainerPort>empty()
                        : container.getPorts().stream())
                .filter(port -> name.equals(port.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst();
    }

    @Override
    public void close() {
        for (LocalPortForward forward : open) {
            try {
                forward.close();
            } catch (IOException e) {
                // The forward's server socket is gone either way; nothing to tell the operator.
            }
        }
        if (ownsClient) {
            client.close();
        }
    }
}
