package dev.kafkapetset.testkit.kube;

/**
 * One readiness probe result. {@code failure} is what a failing probe printed; it becomes an
 * {@code Unhealthy} Warning Event, as the kubelet reports it. A pod still starting is not ready
 * without a failure.
 */
public record ProbeResult(boolean ready, String failure) {

    public static final ProbeResult READY = new ProbeResult(true, null);
    public static final ProbeResult STARTING = new ProbeResult(false, null);

    public static ProbeResult failing(String failure) {
        return new ProbeResult(false, failure);
    }
}
