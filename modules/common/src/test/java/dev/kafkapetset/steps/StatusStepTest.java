package dev.kafkapetset.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusStepTest {
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private static Optional<String> expiring(Duration left) {
        return StatusStep.expiryProblem("kafka-controller-1", "CN=kafka-controller-1", NOW.plus(left), NOW);
    }

    @Test
    void aCertificateServedForAnotherMonthOrMoreIsNoProblem() {
        assertEquals(Optional.empty(), expiring(Duration.ofDays(30)));
    }

    @Test
    void oneThatExpiresWithinAMonthOrHasExpiredIsAProblemNamingItsPod() {
        assertEquals(Optional.of("the certificate kafka-controller-1 serves (CN=kafka-controller-1) expires in 29 days, on"
                + " 2026-12-30T23:59:59Z: rotate-credentials issues new ones"), expiring(Duration.ofDays(30).minusSeconds(1)));
        assertEquals(Optional.of("the certificate kafka-controller-1 serves (CN=kafka-controller-1) expires in 5h, on"
                + " 2026-12-01T05:00:00Z: rotate-credentials issues new ones"), expiring(Duration.ofHours(5)));
        assertEquals(Optional.of("the certificate kafka-controller-1 serves (CN=kafka-controller-1) expired on"
                + " 2026-11-30T23:00:00Z: rotate-credentials issues new ones"), expiring(Duration.ofHours(-1)));
    }
}
