package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void theClusterWideDynamicSettingsAreKafkasOwn() {
        Map<String, String> modes = new TreeMap<>(kafka.server.DynamicBrokerConfig$.MODULE$.dynamicConfigUpdateModes());
        modes.values().removeIf(mode -> !mode.equals("cluster-wide"));
        assertEquals(new TreeSet<>(modes.keySet()), new TreeSet<>(BrokerSettings.CLUSTER_WIDE));
    }

    @Test
    void settingsSplitIntoThoseKafkaTakesAtRunTimeAndThoseReadAtStart() {
        BrokerSettings settings = BrokerSettings.of(Map.of("log.retention.ms", "3600000", "queued.max.requests", "600",
                "auto.create.topics.enable", "false"));
        assertEquals(Map.of("log.retention.ms", "3600000"), settings.dynamic());
        assertEquals(Map.of("auto.create.topics.enable", "false", "queued.max.requests", "600"), settings.startup());
    }

    @Test
    void startupSettingsReachTheBrokersThroughTheImagesVariables() {
        KafkaCluster cluster = Specs.cluster("--config", "queued.max.requests=600", "--config", "log.retention.ms=1000");
        Map<String, String> env = new TreeMap<>();
        for (EnvVar var : cluster.generateStatefulSet(3).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
            env.put(var.getName(), var.getValue());
        }
        assertEquals("600", env.get("KAFKA_QUEUED_MAX_REQUESTS"));
        assertTrue(!env.containsKey("KAFKA_LOG_RETENTION_MS"), "dynamic settings are set at run time, not at start");
        assertEquals("KAFKA_LISTENER_NAME_INTERNAL_SOME__SETTING___X",
                BrokerSettings.variable("listener.name.internal.some_setting-x"));
    }

    @Test
    void ownedUnknownAndMalformedSettingsAreUsageErrorsNamingThem() {
        assertUsage("--config broker.id: the toolkit sets it itself (each broker's id is its pod's ordinal)",
                Map.of("broker.id", "5"));
        assertUsage("--config zookeeper.connect: the toolkit sets it itself (choose the ZooKeeper with --zookeeper)",
                Map.of("zookeeper.connect", "zk:2181"));
        assertUsage("--config log.retention.hour: Kafka 3.9 has no broker setting of that name (a typo would be ignored"
                + " by the brokers, so it is refused here)", Map.of("log.retention.hour", "24"));
        ToolException notANumber = assertThrows(ToolException.class,
                () -> BrokerSettings.of(Map.of("num.io.threads", "many")));
        assertTrue(notANumber.getMessage().startsWith("--config num.io.threads=many: "), notANumber.getMessage());
        ToolException outOfRange = assertThrows(ToolException.class,
                () -> BrokerSettings.of(Map.of("num.io.threads", "0")));
        assertTrue(outOfRange.getMessage().startsWith("--config num.io.threads=0: "), outOfRange.getMessage());
    }

    private static void assertUsage(String message, Map<String, String> settings) {
        ToolException error = assertThrows(ToolException.class, () -> BrokerSettings.of(settings));
        assertEquals(ExitCode.USAGE, error.exitCode());
        assertEquals(message, error.getMessage());
    }
}
