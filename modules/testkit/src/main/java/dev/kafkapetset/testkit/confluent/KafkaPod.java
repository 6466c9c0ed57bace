package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ContainerExit;
import dev.kafkapetset.testkit.kube.ProbeResult;
import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import dev.kafkapetset.testkit.kube.TcpSocketProbe;
import io.fabric8.kubernetes.api.model.Container;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaServer;
import org.apache.kafka.common.utils.Time;
import scala.Option;

/**
 * A {@code cp-kafka} pod: a real Kafka broker (ZooKeeper mode), configured as the image would
 * configure it from the pod's environment, after the image's checks ({@link KafkaImage}) and its
 * wait for ZooKeeper ({@link ZooKeeperReady}). Only what can't work on one machine is translated:
 * every listener binds a local port of its own; a listener advertised on the loopback address is
 * kept as it is (an operator's port-forward listens there); {@code zookeeper.connect} goes through
 * the cluster DNS; log directories, and any setting naming a file on one of the pod's volumes (a
 * keystore), are where those live on this machine.
 *
 * <p>The container runs from the moment the broker starts, and is Ready when its readiness probe
 * (a {@code tcpSocket} one) connects, as on a node: every listener is given a fixed local port, as
 * 9092 is fixed in the image, so Kafka opens it only once it is registered and serves (since Kafka
 * 3.5 it defers binding a fixed port to then; only a port-0 listener is bound at once).
 *
 * <p>The broker runs in this JVM, unless it needs a JVM of its own ({@link ServerProcess}): when
 * {@code KAFKA_OPTS} sets JVM options (a JAAS file, system properties: one set per JVM), or when a
 * listener uses TLS, whose clients verify the host name a broker advertises: in its own JVM a
 * listener advertised under the pod's DNS name keeps that name, which the runtime's JVMs resolve to
 * this machine ({@link ClusterHosts}), at its local port. In this JVM it is advertised as its local
 * address.
 */
final class KafkaPod implements RunningPod {
    private static final String LOOPBACK = ClusterAddresses.LOOPBACK;
    /**
     * Kafka's defaults size a broker for a machine of its own (a 128 MiB cleaner buffer, 8 I/O
     * threads); these fit several brokers on one machine. A broker that can't hand its leadership
     * to another (the last one) retries its controlled shutdown before it stops anyway: 3 times 5 s
     * by default, a tenth of that here. The pod's own settings win.
     */
    static final Map<String, String> SHARED_MACHINE = Map.of(
            "num.network.threads", "2",
            "num.io.threads", "4",
            "background.threads", "2",
            "log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024),
            "controlled.shutdown.retry.backoff.ms", "500");
    private static final Set<String> TLS_PROTOCOLS = Set.of("SSL", "SASL_SSL");
    /** How long a close waits for a start under way (ZooKeeper's connection time-out is 18 s). */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(1);

    private final KafkaServer server;
    private final List<Listener> listeners;
    private final Map<String, Integer> localPorts;
    private final PodFiles files;
    private final Container container;
    private final Thread startup;
    private volatile Throwable startupFailure;
    private volatile boolean closing;

    private KafkaPod(KafkaServer server, List<Listener> listeners, Map<String, Integer> localPorts, PodFiles files,
            Container container) {
        this.server = server;
        this.listeners = listeners;
        this.localPorts = localPorts;
        this.files = files;
        this.container = container;
        this.startup = new Thread(this::startBroker, "stand-in-broker-startup-" + server.config().brokerId());
        startup.setDaemon(true);
    }

    /** Starts the broker of {@code container}; the start fails as the image's would. */
    static RunningPod start(ScheduledPod pod, Container container, Map<String, String> env, PodFiles files, LocalPorts ports,
            JavaLauncher java, ContainerLog log, boolean ownJvmAlways) throws Exception {
        log.accept("===> Configuring ...");
        Properties config = KafkaImage.serverProperties(env, files, log);
        log.accept("===> Running preflight checks ... ");
        log.accept("===> Check if " + KafkaImage.DATA_DIRECTORY + " is writable ...");
        KafkaImage.ensure(env, files);
        String zooKeeper = ZooKeeperReady.await(pod, container, env, files, java, log);
        log.accept("===> Launching ... ");

        List<Listener> listeners = Listener.parseAll(config.getProperty("listeners"));
        Optional<String> ownJvm = ownJvmAlways ? Optional.of("the runtime runs every broker in a JVM of its own")
                : ownJvmReason(env, config, listeners);
        if (ownJvm.isEmpty() && Boolean.parseBoolean(config.getProperty("zookeeper.metadata.migration.enable", "false"))) {
            // Seen here: brokers in migration mode sharing one JVM stop forwarding to the KRaft controller once it leads.
            throw new IllegalStateException("stand-in: a broker in migration mode runs only in a JVM of its own"
                    + " (ConfluentPodRuntime.withBrokerJvms())");
        }
        Map<String, Integer> localPorts = new HashMap<>();
        listeners.forEach(listener -> localPorts.put(listener.name(), ports.fresh()));
        config.setProperty("listeners", Listener.joined(listeners.stream()
                .map(listener -> listener.withAddress(LOOPBACK, localPorts.get(listener.name())))
                .toList()));
        List<Listener> advertised = Listener.parseAll(config.getProperty("advertised.listeners"));
        List<Listener> ownNames = advertised.stream().filter(listener -> !ClusterAddresses.isLoopback(listener.host()))
                .map(listener -> requireOwn(pod, listener)).toList();
        config.setProperty("advertised.listeners", Listener.joined(advertised.stream()
                .map(listener -> ClusterAddresses.isLoopback(listener.host()) ? listener
                        : listener.withAddress(ownJvm.isPresent() ? listener.host() : LOOPBACK,
                                localPorts.getOrDefault(listener.name(), 0)))
                .toList()));
        config.setProperty("zookeeper.connect", zooKeeper);
        // In migration mode it registers with the KRaft controllers too.
        QuorumVoters.localize(config, pod, ports);
        localPaths(config, files);
        SHARED_MACHINE.forEach(config::putIfAbsent);

        if (ownJvm.isPresent()) {
            log.accept("(stand-in: in a JVM of its own, as " + ownJvm.get() + ")");
            java.hosts().add(ownNames.stream().map(Listener::host).toList());
            Path properties = files.standInDirectory().resolve("kafka.properties");
            try (var out = Files.newBufferedWriter(properties)) {
                config.store(out, "kafka.properties as the image writes it, with the stand-in's local addresses and paths");
            }
            Map<Integer, Integer> served = new HashMap<>();
            listeners.forEach(listener -> served.put(listener.port(), localPorts.get(listener.name())));
            List<String> command = java.kafkaRunClass(env, JavaLauncher.BROKER_HEAP, JavaLauncher.Logging.SERVER, files,
                    "kafka.Kafka", List.of(properties.toString()));
            // Running once launched; Ready when its probe says so.
            return ServerProcess.start(pod, container, files, env, log, command, served, output -> true,
                    () -> readiness(container, port -> Optional.ofNullable(served.get(port))
                            .map(local -> new InetSocketAddress(LOOPBACK, local))));
        }
        KafkaPod broker = new KafkaPod(new KafkaServer(KafkaConfig.fromProps(config), Time.SYSTEM, Option.empty(), false),
                listeners, localPorts, files, container);
        broker.startup.start();
        return broker;
    }

    /** Kafka's own start: ZooKeeper, log recovery, registration, then its listeners. */
    private void startBroker() {
        try {
            server.startup();
        } catch (Throwable failure) {
            // A failed start-up shuts the broker down before it throws: the container has exited.
            startupFailure = failure;
        }
    }

    /** The container's readiness probe run against where it serves its ports; without one, ready once running. */
    static ProbeResult readiness(Container container, IntFunction<Optional<InetSocketAddress>> address) {
        return TcpSocketProbe.readiness(container)
                .map(probe -> probe.probe(address.apply(probe.containerPort())))
                .orElse(ProbeResult.READY);
    }

    /** Why this broker needs a JVM of its own, if it does. */
    private static Optional<String> ownJvmReason(Map<String, String> env, Properties config, List<Listener> listeners) {
        if (!JavaLauncher.words(env.get(KafkaImage.JVM_OPTIONS)).isEmpty()) {
            return Optional.of("KAFKA_OPTS sets JVM options");
        }
        Map<String, String> protocols = new HashMap<>();
        for (String entry : config.getProperty("listener.security.protocol.map", "").split(",")) {
            String[] pair = entry.trim().split(":");
            if (pair.length == 2) {
                protocols.put(pair[0].trim(), pair[1].trim());
            }
        }
        return listeners.stream()
                .filter(listener -> TLS_PROTOCOLS.contains(protocols.getOrDefault(listener.name(), listener.name())))
                .findFirst()
                .map(listener -> "listener " + listener.name() + " uses TLS");
    }

    /** Log directories, and settings naming a file on one of the pod's volumes, as the local paths. */
    static void localPaths(Properties config, PodFiles files) {
        for (String key : config.stringPropertyNames()) {
            String value = config.getProperty(key);
            if (key.equals("log.dirs") || key.equals("log.dir")) {
                config.setProperty(key, Arrays.stream(value.split(","))
                        .map(directory -> files.directory(directory.trim()).toString())
                        .collect(Collectors.joining(",")));
            } else if (value.startsWith("/")) {
                config.setProperty(key, files.translated(value));
            }
        }
    }

    /** A listener advertised under a name that must be the pod's own: nothing else would reach the broker. */
    static Listener requireOwn(ScheduledPod pod, Listener advertised) {
        String host = advertised.host().endsWith(".") ? advertised.host().substring(0, advertised.host().length() - 1)
                : advertised.host();
        boolean own = host.equals(pod.hostname()) || host.equals(pod.podIp())
                || (host.startsWith(pod.hostname() + ".") && (pod.fqdn() + ".").startsWith(host + "."));
        if (!own) {
            throw new IllegalStateException("advertised listener " + advertised + " names " + advertised.host()
                    + ", which is not pod " + pod.name() + "'s DNS name (" + pod.fqdn() + "): nothing would reach the broker there");
        }
        return advertised;
    }

    int id() {
        return server.config().brokerId();
    }

    @Override
    public ProbeResult readiness() {
        return readiness(container, this::address);
    }

    /** The local port a container port's listener has, bound or not yet. */
    @Override
    public Optional<InetSocketAddress> address(int containerPort) {
        return listeners.stream()
                .filter(listener -> listener.port() == containerPort)
                .findFirst()
                .map(listener -> new InetSocketAddress(LOOPBACK, localPorts.get(listener.name())));
    }

    /**
     * A start-up that failed, or a broker that shut itself down once started, ended the container,
     * as the broker's JVM exiting would.
     */
    @Override
    public Optional<ContainerExit> exited() {
        Throwable failure = startupFailure;
        if (failure != null) {
            return Optional.of(new ContainerExit(1, "[KafkaServer id=" + id()
                    + "] Fatal error during KafkaServer startup. Prepare to shutdown: " + failure));
        }
        boolean stoppedByItself = !startup.isAlive() && !closing && server.isShutdown();
        return stoppedByItself ? Optional.of(new ContainerExit(1, "[KafkaServer id=" + id() + "] shut down")) : Optional.empty();
    }

    /**
     * Stops the broker as a pod's termination does: a controlled shutdown, leadership moved first.
     * Kafka refuses to shut down while it starts, so a start under way ends first.
     */
    @Override
    public void close() {
        closing = true;
        try {
            startup.join(START_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (startup.isAlive()) {
            throw new IllegalStateException("broker " + id() + " did not finish starting within " + START_TIMEOUT.toSeconds()
                    + " s, and Kafka does not shut down while it starts");
        }
        server.shutdown();
        server.awaitShutdown();
        files.discardContainerFilesystem();
    }
}
