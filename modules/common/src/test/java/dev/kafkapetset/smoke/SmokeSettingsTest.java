package dev.kafkapetset.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.BootstrapServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SmokeSettingsTest {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void badValuesAreUsageErrors() {
        assertUsage("--count must be at least 1, not 0", () -> new SmokeSettings(null, 0, 100, null, false, TIMEOUT));
        assertUsage("--record-size must be at least 8 bytes (the sequence number), not 4",
                () -> new SmokeSettings(null, 10, 4, null, false, TIMEOUT));
        assertUsage("--expect-brokers must be at least 1, not 0", () -> new SmokeSettings(null, 10, 100, 0, false, TIMEOUT));
        assertUsage("--topic: Topic name is invalid: 'bad topic' contains one or more characters other than ASCII"
                + " alphanumerics, '.', '_' and '-'", () -> new SmokeSettings("bad topic", 10, 100, null, false, TIMEOUT));
    }

    @Test
    void kafkasOwnTopicsAreRefusedBeforeAnythingIsSent() {
        assertUsage("--topic __consumer_offsets: topics whose names start with __ are Kafka's own (consumer offsets,"
                + " transactions); smoke-produce never writes into them",
                () -> new SmokeSettings("__consumer_offsets", 10, 100, null, false, TIMEOUT));
    }

    @Test
    void bootstrapServersAreHostPortPairs() {
        assertEquals("kafka-0:9092,[::1]:9093", BootstrapServers.parse("kafka-0:9092, [::1]:9093"));
        for (String bad : new String[] {"kafka-0", "kafka-0:", "kafka-0:99999", ":9092", "a b:9092", "k:9092,", "k:x"}) {
            ToolException error = assertThrows(ToolException.class, () -> BootstrapServers.parse(bad), bad);
            assertEquals(ExitCode.USAGE, error.exitCode());
        }
    }

    private static void assertUsage(String message, Executable settings) {
        ToolException error = assertThrows(ToolException.class, settings);
        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals(message, error.getMessage());
    }
}
