package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.BootstrapServers;
import dev.kafkapetset.kafka.ExternalKafka;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kafka.KubernetesKafka;
import dev.kafkapetset.kube.KubeOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** Brokers reached at addresses given on the command line, with the client settings a secured cluster asks for. */
public class DirectKafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Reach the brokers at these addresses instead of through Kubernetes (port-forwards); the"
                    + " addresses they advertise must be reachable from here.")
    String bootstrapServers;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Kafka client settings for --bootstrap-servers, as Kafka's own tools take them"
                    + " (security.protocol, sasl.*, ssl.*): a secured cluster needs them.")
    Path commandConfig;

    /** Refuses --bootstrap-servers and --command-config for {@code what}, which reaches no broker. */
    public void requireNone(String what) {
        if (bootstrapServers != null || commandConfig != null) {
            throw ToolException.usage("--bootstrap-servers and --command-config reach brokers; " + what + " reaches none");
        }
    }

    /**
     * The brokers at --bootstrap-servers when given, else those of StatefulSet {@code statefulSet},
     * reached through port-forwards with {@code kube}'s access; checked before anything is sent.
     */
    public Supplier<KafkaTarget> target(KubeOptions kube, String statefulSet) {
        return target(kube, statefulSet, false);
    }

    /**
     * As {@link #target(KubeOptions, String)}, or with {@code external} the brokers at the addresses
     * their external listeners advertise, as a client outside the cluster reaches them.
     */
    public Supplier<KafkaTarget> target(KubeOptions kube, String statefulSet, boolean external) {
        if (external) {
            if (bootstrapServers != null || commandConfig != null) {
                throw ToolException.usage("--external reaches the brokers at their advertised external addresses, with"
                        + " the cluster's credentials: leave out --bootstrap-servers and --command-config");
            }
            return () -> ExternalKafka.open(kube, statefulSet);
        }
        if (bootstrapServers == null) {
            if (commandConfig != null) {
                throw ToolException.usage("--command-config is for --bootstrap-servers: through Kubernetes the toolkit"
                        + " reads the cluster's own credentials");
            }
            return () -> KubernetesKafka.open(kube, statefulSet);
        }
        String servers = BootstrapServers.parse(bootstrapServers);
        Map<String, String> settings = commandConfig == null ? Map.of() : settings(commandConfig);
        return () -> KafkaTarget.direct(servers, settings);
    }

    private static Map<String, String> settings(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw ToolException.usage("--command-config " + file + ": " + e.getMessage());
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }
}
