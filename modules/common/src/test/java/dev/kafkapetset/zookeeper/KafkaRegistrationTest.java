package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KafkaRegistrationTest {

    static KafkaRegistration registered(Integer controller, int... ids) {
        return new KafkaRegistration("cluster", controller, false, IntStream.of(ids)
                .mapToObj(id -> new KafkaRegistration.Broker(id, List.of("PLAINTEXT://kafka-" + id + ":9092"))).toList(),
                java.util.Map.of());
    }

    @Test
    void allExpectedBrokersRegisteredIsHealthy() {
        assertEquals(List.of(), registered(0, 0, 1, 2).problems(3));
    }

    @Test
    void missingBrokersAreNamed() {
        assertEquals(List.of("broker 1 is not registered (expected brokers 0-2)"), registered(0, 0, 2).problems(3));
        assertEquals(List.of("brokers 1, 2 are not registered (expected brokers 0-2)"), registered(0, 0).problems(3));
    }

    @Test
    void unexpectedBrokersAreNamed() {
        assertEquals(List.of("broker 2 is registered but not expected (expected brokers 0-1)"),
                registered(0, 0, 1, 2).problems(2));
        assertEquals(List.of("broker 0 is registered but not expected (no broker expected)"), registered(0, 0).problems(0));
        assertEquals(List.of("broker 0 is not registered (expected broker 0)",
                "broker 7 is registered but not expected (expected broker 0)"), registered(7, 7).problems(1));
    }

    @Test
    void aRegisteredClusterNeedsAController() {
        assertEquals(List.of("no controller elected among the registered brokers"), registered(null, 0, 1).problems(null));
        assertEquals(List.of("the controller, broker 5, is not registered"), registered(5, 0).problems(null));
    }

    @Test
    void withoutExpectationNothingRegisteredIsFine() {
        assertEquals(List.of(), new KafkaRegistration(null, null, false, List.of(), java.util.Map.of()).problems(null));
    }
}
