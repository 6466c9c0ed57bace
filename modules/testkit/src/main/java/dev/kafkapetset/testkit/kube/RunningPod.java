package dev.kafkapetset.testkit.kube;

import java.net.InetSocketAddress;
import java.util.Optional;

/** A pod whose containers a {@link PodRuntime} started; the stand-in kubelet probes it and stops it. */
public interface RunningPod extends AutoCloseable {

    /** The readiness probe, called every probe period from a kubelet thread. */
    ProbeResult readiness();

    /**
     * Where this pod serves a container port on this machine, for port-forwards and for other pods'
     * runtimes; empty when nothing listens there (a port-forward then fails like one to a closed port).
     */
    Optional<InetSocketAddress> address(int containerPort);

    /**
     * How the main container ended if its process ended by itself (a server's own JVM exiting);
     * empty while it runs. The kubelet then restarts it after a back-off, as it does a container
     * whose process exits.
     */
    default Optional<ContainerExit> exited() {
        return Optional.empty();
    }

    /** Stops the containers: the pod was deleted, or is made to crash-loop. */
    @Override
    void close();
}
