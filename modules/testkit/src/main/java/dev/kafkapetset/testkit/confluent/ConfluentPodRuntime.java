package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ContainerExit;
import dev.kafkapetset.testkit.kube.PodRuntime;
import dev.kafkapetset.testkit.kube.ProbeResult;
import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Runs the pods of Confluent's images as real servers in this JVM, configured from the pod's spec
 * alone, as the images configure themselves: {@code confluentinc/cp-zookeeper} pods are ZooKeeper
 * servers (standalone, or quorum peers of the servers {@code ZOOKEEPER_SERVERS} lists),
 * {@code confluentinc/cp-kafka} pods are Kafka brokers in ZooKeeper mode, or KRaft controllers and
 * brokers when their environment asks for KRaft ({@link KraftPod}). It knows nothing of who
 * wrote the pods: it runs the container's command exactly (a wrapper deriving the broker id from the
 * pod name runs for real), with a stand-in for the image's entrypoint that captures the environment
 * the image would turn into the server's settings. See {@link KafkaPod} and {@link ZooKeeperPod} for
 * the few settings translated so that many servers share one machine. Init containers of these
 * images run their own commands on this machine ({@link InitContainer}). Containers of other images
 * fail to start (and crash-loop).
 *
 * <pre>{@code
 * ConfluentPodRuntime runtime = ConfluentPodRuntime.create();
 * StandInCluster cluster = StandInCluster.start(runtime);
 * ... // deploy; port-forwards and ScheduledPod.resolve reach the servers
 * runtime.close();   // first: brokers stop while ZooKeeper still serves them
 * cluster.close();
 * }</pre>
 *
 * <p>Data on a PersistentVolumeClaim is kept by claim for the runtime's life (see
 * {@link #claimDirectory}); deleting a pod stops its server (a broker with a controlled shutdown)
 * and keeps that data, so a pod made again finds it. To take a server down in a test, make its pod
 * crash-loop ({@code cluster.controller().crashLoop("kafka-2", ...)}) and release it to bring it back.
 */
public final class ConfluentPodRuntime implements PodRuntime, AutoCloseable {
    /** A controlled shutdown with ZooKeeper serving takes seconds; one without it never ends. */
    private static final Duration BROKER_STOP_TIMEOUT = Duration.ofMinutes(2);

    private final Path root;
    private final Duration startDelay;
    /** Every broker in a JVM of its own, as a pod is, not only those that need one ({@link KafkaPod}). */
    private final boolean brokerJvms;
    private final LocalPorts ports = new LocalPorts();
    private final VolumeOwners owners = new VolumeOwners();
    private final JavaLauncher java;
    /** The servers running, each with the pod's name and image. */
    private final Map<RunningPod, Server> running = new ConcurrentHashMap<>();
    private final Set<Process> initProcesses = ConcurrentHashMap.newKeySet();

    /** A running server; a controller (KRaft) serves the brokers' shutdowns, so it stops after them. */
    private record Server(String pod, ConfluentImage image, boolean controller) {
        boolean broker() {
            return image == ConfluentImage.KAFKA && !controller;
        }
    }

    private ConfluentPodRuntime(Path root, Duration startDelay, boolean brokerJvms) {
        this.root = root;
        this.startDelay = startDelay;
        this.brokerJvms = brokerJvms;
        this.java = new JavaLauncher(new ClusterHosts(root.resolve("hosts")));
    }

    /** A runtime with its files under a fresh temporary directory, removed when it closes. */
    public static ConfluentPodRuntime create() {
        return withStartDelay(Duration.ZERO);
    }

    /** The same, every pod waiting {@code delay} before its server starts, as pulling an image and starting a JVM take time. */
    public static ConfluentPodRuntime withStartDelay(Duration delay) {
        return inNewDirectory(delay, false);
    }

    /**
     * A runtime whose every broker runs in a JVM of its own, as every pod is a process of its own:
     * for brokers that must reach each other by the names they advertise whichever JVM they run in
     * (a roll that takes brokers from one kind of JVM to the other, such as into migration mode).
     * Clients in the test's JVM then reach them through port-forwards to listeners they advertise on
     * the loopback address (the operator listener), as an operator does.
     */
    public static ConfluentPodRuntime withBrokerJvms() {
        return inNewDirectory(Duration.ZERO, true);
    }

    private static ConfluentPodRuntime inNewDirectory(Duration delay, boolean brokerJvms) {
        try {
            return new ConfluentPodRuntime(Files.createTempDirectory("confluent-pods"), delay, brokerJvms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public RunningPod start(ScheduledPod pod) throws Exception {
        Thread.sleep(startDelay.toMillis());
        Container container = pod.pod().getSpec().getContainers().get(0);
        ConfluentImage image = ConfluentImage.of(container.getImage());
        PodFiles files = PodFiles.of(root, pod, container, owners);
        Map<String, String> env = new Entrypoint(Entrypoint.CONFLUENT).environment(pod, container, image, files);
        ContainerLog log = new ContainerLog(files.standInDirectory().resolve(container.getName() + ".log"));
        RunningPod server = switch (image) {
            case ZOOKEEPER -> ZooKeeperPod.start(pod, container, env, files, ports, java, log);
            case KAFKA -> KafkaImage.isKraft(env) ? KraftPod.start(pod, container, env, files, ports, java, log)
                    : KafkaPod.start(pod, container, env, files, ports, java, log, brokerJvms);
        };
        return tracked(server, new Server(pod.name(), image, KafkaImage.isController(env)));
    }

    @Override
    public void runInitContainer(ScheduledPod pod, Container container) throws Exception {
        ConfluentImage image = ConfluentImage.of(container.getImage());
        new InitContainer(pod, container, image, PodFiles.of(root, pod, container, owners), java).run(initProcesses);
    }

    /** Where claim {@code claim} of {@code namespace} keeps its files when a provisioner made its volume (on this machine). */
    public Path claimDirectory(String namespace, String claim) {
        return PodFiles.claimDirectory(root, namespace, claim);
    }

    /**
     * Where a volume's files are on this machine: a hostPath volume's on the one node its node
     * affinity pins it to, a provisioned one's with the claim it is bound to.
     */
    public Path volumeDirectory(PersistentVolume volume) {
        if (volume.getSpec().getHostPath() == null || PodFiles.isProvisioned(volume)) {
            return claimDirectory(volume.getSpec().getClaimRef().getNamespace(), volume.getSpec().getClaimRef().getName());
        }
        List<String> nodes = volume.getSpec().getNodeAffinity() == null ? List.of()
                : volume.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().stream()
                        .flatMap(term -> term.getMatchExpressions().stream())
                        .filter(requirement -> "kubernetes.io/hostname".equals(requirement.getKey()))
                        .flatMap(requirement -> requirement.getValues().stream())
                        .toList();
        if (nodes.size() != 1) {
            throw new IllegalArgumentException("hostPath volume " + volume.getMetadata().getName()
                    + " is not pinned to one node, so its files are on whichever node its pod lands on");
        }
        return hostPathDirectory(nodes.get(0), volume.getSpec().getHostPath().getPath());
    }

    /** Where directory {@code path} of node {@code node} is on this machine. */
    public Path hostPathDirectory(String node, String path) {
        return PodFiles.nodeDirectory(root, node, path);
    }

    /** What every container started so far printed, as {@code kubectl logs} would show it, by its log file. */
    public Map<String, String> containerLogs() {
        try (Stream<Path> files = Files.walk(root)) {
            Map<String, String> logs = new TreeMap<>();
            for (Path log : files.filter(file -> file.getFileName().toString().endsWith(".log")).toList()) {
                logs.put(root.relativize(log).toString(), Files.readString(log, StandardCharsets.ISO_8859_1));
            }
            return logs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private RunningPod tracked(RunningPod server, Server described) {
        running.put(server, described);
        return new RunningPod() {
            @Override
            public ProbeResult readiness() {
                return server.readiness();
            }

            @Override
            public Optional<InetSocketAddress> address(int containerPort) {
                return server.address(containerPort);
            }

            @Override
            public Optional<ContainerExit> exited() {
                return server.exited();
            }

            @Override
            public void close() {
                if (running.remove(server) != null) {
                    server.close();
                }
            }
        };
    }

    /**
     * Kills the init containers still running, then stops every server still running, brokers
     * first (together), then KRaft controllers, then ZooKeeper, so that brokers shut down while
     * their controller and ZooKeeper still serve them;
     * then removes every file, claims' included. A broker that can't finish its shutdown (one that
     * lost ZooKeeper retries it for ever) is left behind after {@link #BROKER_STOP_TIMEOUT}, and the
     * close fails saying so, after the rest is stopped, rather than hang the test run.
     */
    @Override
    public void close() {
        for (Process init : initProcesses) {
            init.descendants().forEach(ProcessHandle::destroyForcibly);
            init.destroyForcibly();
        }
        List<Thread> brokers = new ArrayList<>();
        for (Map.Entry<RunningPod, Server> server : List.copyOf(running.entrySet())) {
            if (server.getValue().broker() && running.remove(server.getKey()) != null) {
                Thread stopping = new Thread(server.getKey()::close, "stopping-broker-" + server.getValue().pod());
                stopping.setDaemon(true);
                stopping.start();
                brokers.add(stopping);
            }
        }
        long deadline = System.nanoTime() + BROKER_STOP_TIMEOUT.toNanos();
        List<String> stuck = new ArrayList<>();
        for (Thread stopping : brokers) {
            try {
                stopping.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (stopping.isAlive()) {
                stuck.add(stopping.getName());
            }
        }
        List<Map.Entry<RunningPod, Server>> rest = new ArrayList<>(running.entrySet());
        rest.sort(Comparator.comparing(server -> !server.getValue().controller()));
        for (Map.Entry<RunningPod, Server> server : rest) {
            if (running.remove(server.getKey()) != null) {
                server.getKey().close();
            }
        }
        PodFiles.deleteTree(root);
        if (!stuck.isEmpty()) {
            throw new IllegalStateException(String.join(", ", stuck) + ": still shutting down after " + BROKER_STOP_TIMEOUT.toSeconds() + " s");
        }
    }
}
