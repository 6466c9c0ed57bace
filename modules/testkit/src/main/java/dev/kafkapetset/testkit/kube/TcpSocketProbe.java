package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;

/**
 * A container's {@code tcpSocket} readiness probe as the kubelet runs it: ready when a TCP
 * connection to the port (by number, or by the name of one of the container's ports) opens.
 */
public record TcpSocketProbe(int containerPort) {
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    /** The container's readiness probe, if it is a {@code tcpSocket} one. */
    public static Optional<TcpSocketProbe> readiness(Container container) {
        Probe probe = container.getReadinessProbe();
        if (probe == null || probe.getTcpSocket() == null) {
            return Optional.empty();
        }
        IntOrString port = probe.getTcpSocket().getPort();
        if (port.getIntVal() != null) {
            return Optional.of(new TcpSocketProbe(port.getIntVal()));
        }
        return Optional.of(new TcpSocketProbe(container.getPorts().stream()
                .filter(candidate -> port.getStrVal().equals(candidate.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the readiness probe names port " + port.getStrVal()
                        + ", which container " + container.getName() + " does not have"))));
    }

    /** Probes the port where the pod serves it on this machine ({@code address}, empty: nothing serves it). */
    public ProbeResult probe(Optional<InetSocketAddress> address) {
        if (address.isEmpty()) {
            return refused();
        }
        try (Socket socket = new Socket()) {
            socket.connect(address.get(), CONNECT_TIMEOUT_MILLIS);
            // A loopback connect to an unbound port can meet itself (same local and remote port): no server there.
            boolean itself = socket.getLocalPort() == address.get().getPort();
            return itself ? refused() : ProbeResult.READY;
        } catch (IOException e) {
            return refused();
        }
    }

    private ProbeResult refused() {
        return ProbeResult.failing("dial tcp :" + containerPort + ": connect: connection refused");
    }
}
