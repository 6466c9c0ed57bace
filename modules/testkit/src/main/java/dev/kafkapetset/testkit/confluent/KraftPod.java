package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import io.fabric8.kubernetes.api.model.Container;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A {@code cp-kafka} pod in KRaft mode ({@code KAFKA_PROCESS_ROLES} set): a controller, or a broker
 * of a KRaft cluster, as a real Kafka 3.9 server in a JVM of its own, after the image's configure
 * step ({@link KafkaImage}) and its ensure step, which skips the ZooKeeper check and formats the
 * storage with {@code kafka-storage format --cluster-id=$CLUSTER_ID} (at the metadata version of the
 * tag's Kafka, {@link ConfluentImage#formatArguments}), tolerating only storage that
 * is already formatted. As for a broker in ZooKeeper mode ({@link KafkaPod}), only what can't work on
 * one machine is translated: each listener binds a local port (a voter's own controller listener the
 * one standing for its address in {@code controller.quorum.voters}, {@link QuorumVoters}), the
 * voters and {@code zookeeper.connect} (a controller in migration mode) are their local addresses,
 * and paths on the pod's volumes are where those live here.
 */
final class KraftPod {
    private static final Duration ZOOKEEPER_WAIT = Duration.ofMinutes(2);

    private KraftPod() {}

    static RunningPod start(ScheduledPod pod, Container container, Map<String, String> env, PodFiles files, LocalPorts ports,
            JavaLauncher java, ContainerLog log) throws Exception {
        log.accept("===> Configuring ...");
        Properties config = KafkaImage.serverProperties(env, files, log);
        log.accept("===> Running preflight checks ... ");
        log.accept("===> Check if " + KafkaImage.DATA_DIRECTORY + " is writable ...");
        KafkaImage.ensure(env, files);
        log.accept("===> Running in KRaft mode, skipping Zookeeper health check...");

        Optional<QuorumVoters.Voter> own = QuorumVoters.own(config, config.getProperty("node.id", ""));
        List<Listener> listeners = Listener.parseAll(config.getProperty("listeners", ""));
        Map<Integer, Integer> served = new HashMap<>();
        Map<String, Integer> localPorts = new HashMap<>();
        for (Listener listener : listeners) {
            int local = own.filter(voter -> voter.port() == listener.port())
                    .map(voter -> QuorumVoters.localPort(pod, ports, voter))
                    .orElseGet(ports::fresh);
            localPorts.put(listener.name(), local);
            served.put(listener.port(), local);
        }
        config.setProperty("listeners", Listener.joined(listeners.stream()
                .map(listener -> listener.withAddress(ClusterAddresses.LOOPBACK, localPorts.get(listener.name())))
                .toList()));
        if (config.containsKey("advertised.listeners")) {
            // Its own DNS names, which this machine's JVMs resolve here, at the local ports.
            List<Listener> advertised = Listener.parseAll(config.getProperty("advertised.listeners"));
            java.hosts().add(advertised.stream().filter(listener -> !ClusterAddresses.isLoopback(listener.host()))
                    .map(listener -> KafkaPod.requireOwn(pod, listener).host()).toList());
            config.setProperty("advertised.listeners", Listener.joined(advertised.stream()
                    .map(listener -> ClusterAddresses.isLoopback(listener.host()) ? listener
                            : listener.withAddress(listener.host(), localPorts.getOrDefault(listener.name(), 0)))
                    .toList()));
        }
        QuorumVoters.localize(config, pod, ports);
        String zooKeeper = config.getProperty("zookeeper.connect", "");
        if (!zooKeeper.isEmpty()) {
            // A controller in migration mode: its ZooKeeper client would retry a name that does not resolve yet.
            config.setProperty("zookeeper.connect",
                    ZooKeeperReady.resolved(pod, zooKeeper, System.nanoTime() + ZOOKEEPER_WAIT.toNanos()));
        }
        KafkaPod.localPaths(config, files);
        KafkaPod.SHARED_MACHINE.forEach(config::putIfAbsent);
        Path properties = files.standInDirectory().resolve("kafka.properties");
        try (var out = Files.newBufferedWriter(properties)) {
            config.store(out, "kafka.properties as the image writes it, with the stand-in's local addresses and paths");
        }

        String clusterId = env.get(KafkaImage.CLUSTER_ID);
        log.accept("===> Using provided cluster id " + clusterId + " ...");
        format(pod, container, env, files, java, ConfluentImage.formatArguments(container.getImage(),
                List.of("format", "--cluster-id=" + clusterId, "-c", properties.toString()), config));
        log.accept("===> Launching kafka ... ");
        List<String> command = java.kafkaRunClass(env, JavaLauncher.BROKER_HEAP, JavaLauncher.Logging.SERVER, files,
                "kafka.Kafka", List.of(properties.toString()));
        // Running once launched; Ready when its probe says so.
        return ServerProcess.start(pod, container, files, env, log, command, served, output -> true,
                () -> KafkaPod.readiness(container, port -> Optional.ofNullable(served.get(port))
                        .map(local -> new InetSocketAddress(ClusterAddresses.LOOPBACK, local))));
    }

    /**
     * The ensure step's {@code kafka-storage format} with no {@code --ignore-formatted}: storage
     * formatted before passes only because its output says "already formatted"; any other failure
     * (another cluster id or node id in meta.properties) ends the container with that output.
     */
    private static void format(ScheduledPod pod, Container container, Map<String, String> env, PodFiles files,
            JavaLauncher java, List<String> arguments) throws Exception {
        List<String> command = java.kafkaRunClass(env, JavaLauncher.TOOL_HEAP, JavaLauncher.Logging.TOOL, files,
                "kafka.tools.StorageTool", arguments);
        Process tool = ContainerProcess.of(pod, files, container, command, ContainerProcess.MACHINE_PATH, env)
                .redirectErrorStream(true).start();
        tool.getOutputStream().close();
        String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (tool.waitFor() != 0 && !output.toLowerCase(Locale.ROOT).contains("already formatted")) {
            throw new IllegalStateException(output.strip());
        }
    }
}
