package dev.kafkapetset.testkit.kube;

/**
 * One readiness probe result. {@code failure} is what a failing probe printed; it becomes an
 * {@code Unhealthy} Warning Event, as the kubelet reports it. A pod still starting is not ready
 * without a failure.
 */
public record Readiness(boolean ready, String failure) {

    public static final Readiness READY = new Readiness(true, null);
    public static final Readiness STARTING = new Readiness(false, null);

    public static Readiness failing(String failure) {
        return new Readiness(false, failure);
    }
}
