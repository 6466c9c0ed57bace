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

    /** Stops the containers: the pod was deleted, or is made to crash-loop. */
    @Override
    void close();
}
