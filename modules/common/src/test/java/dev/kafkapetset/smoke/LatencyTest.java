package dev.kafkapetset.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyTest {

    @Test
    void nearestRankPercentilesInMilliseconds() {
        long[] nanos = LongStream.rangeClosed(1, 200).map(ms -> ms * 1_000_000).toArray();
        assertEquals(new Latency(100, 198, 200), Latency.of(nanos));
        assertEquals(new Latency(7, 7, 7), Latency.of(new long[] {7_000_000}));
        assertNull(Latency.of(new long[0]));
    }
}
