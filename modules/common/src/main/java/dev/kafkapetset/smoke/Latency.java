package dev.kafkapetset.smoke;

import java.util.Arrays;

/** Produce latency, send to acknowledgement, over the acknowledged records. */
public record Latency(double p50Millis, double p99Millis, double maxMillis) {

    /** From the latencies in nanoseconds of the acknowledged records; null when there are none. */
    static Latency of(long[] nanos) {
        if (nanos.length == 0) {
            return null;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latency(millis(percentile(sorted, 50)), millis(percentile(sorted, 99)),
                millis(sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile. */
    private static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
