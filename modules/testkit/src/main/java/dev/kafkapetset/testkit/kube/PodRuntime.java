package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Container;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the stand-in kubelet runs for a pod. The default one starts nothing and turns ready after a
 * delay; a test's own can start real servers from the pod's spec and probe them.
 */
@FunctionalInterface
public interface PodRuntime {

    /**
     * Starts the pod's containers, on a worker thread, once the pod is scheduled (its claims are
     * bound). Throwing makes the pod crash-loop: the kubelet counts a restart and tries again after
     * a back-off.
     */
    RunningPod start(ScheduledPod pod) throws Exception;

    /**
     * Runs one of the pod's init containers to completion, on a worker thread, before {@link #start}:
     * the kubelet runs them in the pod's order, each once it is the next and until it succeeds.
     * Throwing fails it (a {@link ContainerExit} says its exit code and termination message): it
     * restarts after a back-off and the pod waits in its Init phase. Unless a runtime says otherwise,
     * every init container succeeds at once.
     */
    default void runInitContainer(ScheduledPod pod, Container container) throws Exception {}

    /** Starts nothing, serves no port, and reports ready once {@code delay} has passed. */
    static PodRuntime readyAfter(Duration delay) {
        return pod -> {
            Instant readyAt = Instant.now().plus(delay);
            return new RunningPod() {
                @Override
                public ProbeResult readiness() {
                    return Instant.now().isBefore(readyAt) ? ProbeResult.STARTING : ProbeResult.READY;
                }

                @Override
                public Optional<InetSocketAddress> address(int containerPort) {
                    return Optional.empty();
                }

                @Override
                public void close() {}
            };
        };
    }
}
