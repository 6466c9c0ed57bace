package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ProbeResult;
import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import io.fabric8.kubernetes.api.model.Container;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.command.FourLetterCommands;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.apache.zookeeper.util.ServiceUtils;

/**
 * A {@code cp-zookeeper} pod: a real ZooKeeper server, configured as the image would configure it
 * from the pod's environment, standalone or a quorum peer. Only what can't work on one machine is
 * translated: its ports become local ports of its own (the client port one kept for the pod's name,
 * the peer ports those the server list's names stand for), its data directories live where the
 * pod's volumes do, and the admin server (port 8080 for every server) is off.
 *
 * <p>The server runs in this JVM unless it needs a JVM of its own ({@link ServerProcess}): when
 * {@code KAFKA_OPTS} sets JVM options other than the four-letter-word whitelist (a JAAS file,
 * {@code zookeeper.authProvider.N}, {@code zookeeper.sessionRequireClientSASLAuth}: ZooKeeper reads
 * them as system properties, one set per JVM), or when its configuration has settings ZooKeeper
 * turns into system properties itself ({@code authProvider.sasl}, {@code snapCount}, ...).
 */
final class ZooKeeperPod implements RunningPod {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String FOUR_LETTER_WORDS = "zookeeper.4lw.commands.whitelist";
    private static final String MAIN_CLASS = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
    /**
     * The settings ZooKeeper keeps per server (QuorumPeerConfig reads them), with the numbered
     * {@code server.}, {@code group.} and {@code weight.} ones; it turns any other into the JVM's
     * system property {@code zookeeper.<setting>}. {@code admin.enableServer} is the stand-in's own,
     * the same for every server.
     */
    private static final Set<String> PER_SERVER_SETTINGS = Set.of("dataDir", "dataLogDir", "clientPort", "clientPortAddress",
            "tickTime", "maxClientCnxns", "minSessionTimeout", "maxSessionTimeout", "autopurge.snapRetainCount",
            "autopurge.purgeInterval", "syncEnabled", "electionAlg", "initLimit", "syncLimit", "quorumListenOnAllIPs",
            "admin.enableServer");
    private static final Pattern NUMBERED = Pattern.compile("(server|group|weight)\\.\\d+");

    static {
        // A ZooKeeper server's fatal error would end the JVM; here it ends the pod's server only.
        ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);
    }

    private final String name;
    private final Map<Integer, Integer> localPorts;
    private final Runnable stop;
    private final Thread thread;
    private final PodFiles files;
    private final SrvrProbe probe;
    private volatile Exception failure;

    private ZooKeeperPod(String name, int clientPort, Map<Integer, Integer> localPorts, Server server, PodFiles files) {
        this.name = name;
        this.localPorts = localPorts;
        this.stop = server.stop();
        this.files = files;
        this.probe = new SrvrProbe(clientPort);
        this.thread = new Thread(() -> {
            try {
                server.run().run();
            } catch (Exception e) {
                failure = e;
            }
        }, "zookeeper-" + name);
        thread.setDaemon(true);
    }

    /** A server: {@code run} serves until {@code stop} is called. */
    private record Server(Serving run, Runnable stop) {}

    private interface Serving {
        void run() throws Exception;
    }

    /** Starts the server of {@code container}; the start fails as the image's would. */
    static RunningPod start(ScheduledPod pod, Container container, Map<String, String> env, PodFiles files, LocalPorts ports,
            JavaLauncher java, ContainerLog log) throws Exception {
        log.accept("===> Configuring ...");
        Properties config = ZooKeeperImage.properties(env, files);
        log.accept("===> Running preflight checks ... ");
        ZooKeeperImage.ensure(files);
        log.accept("===> Launching ... ");
        Map<Integer, Integer> localPorts = new HashMap<>();
        int clientPort = Integer.parseInt(config.getProperty("clientPort"));
        // The same port each time the pod runs, as its DNS name stays: a broker that found ZooKeeper
        // through this pod reconnects when the pod is back.
        localPorts.put(clientPort, ports.of(pod.namespace(), pod.name(), clientPort));
        config.setProperty("clientPort", Integer.toString(localPorts.get(clientPort)));
        config.setProperty("clientPortAddress", LOOPBACK.getHostAddress());
        config.setProperty("admin.enableServer", "false");
        Path dataDir = files.directory(config.getProperty("dataDir"));
        config.setProperty("dataDir", dataDir.toString());
        config.setProperty("dataLogDir", files.directory(config.getProperty("dataLogDir")).toString());
        Optional<String> serverId = ZooKeeperImage.serverId(env);
        if (serverId.isPresent()) {
            Files.writeString(dataDir.resolve("myid"), serverId.get());
        }
        for (String key : config.stringPropertyNames()) {
            if (!key.startsWith("server.")) {
                continue;
            }
            // host:quorum-port:election-port[:role]: each port of the host becomes the local port standing for it;
            // an entry of another form is left for ZooKeeper to judge.
            String[] entry = config.getProperty(key).split(":", 4);
            if (entry.length < 3) {
                continue;
            }
            StringBuilder local = new StringBuilder(LOOPBACK.getHostAddress());
            for (int i = 1; i <= 2; i++) {
                int port = Integer.parseInt(entry[i]);
                int localPort = ports.of(pod.namespace(), entry[0], port);
                local.append(':').append(localPort);
                if (key.equals("server." + serverId.orElse(""))) {
                    localPorts.put(port, localPort);
                }
            }
            config.setProperty(key, entry.length == 4 ? local + ":" + entry[3] : local.toString());
        }
        for (String key : config.stringPropertyNames()) {
            String value = config.getProperty(key);
            if (value.startsWith("/") && !key.startsWith("data")) {
                config.setProperty(key, files.translated(value));
            }
        }

        Optional<String> ownJvm = ownJvmReason(env, config);
        if (ownJvm.isPresent()) {
            log.accept("(stand-in: in a JVM of its own, as " + ownJvm.get() + ")");
            Path properties = files.standInDirectory().resolve("zookeeper.properties");
            try (var out = Files.newBufferedWriter(properties)) {
                config.store(out, "zookeeper.properties as the image writes it, with the stand-in's local addresses and paths");
            }
            SrvrProbe probe = new SrvrProbe(localPorts.get(clientPort));
            List<String> command = java.kafkaRunClass(env, JavaLauncher.ZOOKEEPER_HEAP, JavaLauncher.Logging.SERVER, files,
                    MAIN_CLASS, List.of(properties.toString()));
            return ServerProcess.start(pod, container, files, env, log, command, localPorts, output -> probe.isListening(),
                    probe::readiness);
        }
        QuorumPeerConfig parsed = new QuorumPeerConfig();
        try {
            parsed.parseProperties(config);
        } catch (QuorumPeerConfig.ConfigException e) {
            // What QuorumPeerMain says before it exits.
            throw new IllegalStateException("Invalid config, exiting abnormally: " + e.getMessage(), e);
        }
        // Only a server that starts changes the JVM's whitelist.
        allowFourLetterWords(ZooKeeperImage.fourLetterWords(env));
        ZooKeeperPod started = new ZooKeeperPod(pod.name(), localPorts.get(clientPort), localPorts, server(parsed), files);
        started.thread.start();
        started.awaitListening();
        return started;
    }

    /** Why this server needs a JVM of its own, if it does. */
    private static Optional<String> ownJvmReason(Map<String, String> env, Properties config) {
        Optional<String> jvmOption = JavaLauncher.words(env.get("KAFKA_OPTS")).stream()
                .filter(option -> !option.startsWith("-D" + FOUR_LETTER_WORDS + "="))
                .findFirst();
        if (jvmOption.isPresent()) {
            return Optional.of("KAFKA_OPTS sets JVM option " + jvmOption.get());
        }
        return config.stringPropertyNames().stream()
                .filter(key -> !PER_SERVER_SETTINGS.contains(key) && !NUMBERED.matcher(key).matches())
                .sorted()
                .findFirst()
                .map(key -> "ZooKeeper makes setting " + key + " a system property");
    }

    private static Server server(QuorumPeerConfig config) {
        if (config.isDistributed()) {
            QuorumPeerMain peer = new QuorumPeerMain();
            return new Server(() -> peer.runFromConfig(config), peer::close);
        }
        ServerConfig standalone = new ServerConfig();
        standalone.readFrom(config);
        ZooKeeperServerMain server = new ZooKeeperServerMain();
        return new Server(() -> server.runFromConfig(standalone), server::close);
    }

    /** ZooKeeper reads its whitelist from a system property: one for the whole JVM, the last server's. */
    private static void allowFourLetterWords(Optional<String> whitelist) {
        if (whitelist.isPresent()) {
            System.setProperty(FOUR_LETTER_WORDS, whitelist.get());
        } else {
            System.clearProperty(FOUR_LETTER_WORDS);
        }
        FourLetterCommands.resetWhiteList();
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!probe.isListening()) {
            if (!thread.isAlive()) {
                throw new IllegalStateException("ZooKeeper server " + name + " stopped while starting", failure);
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("ZooKeeper server " + name + " did not listen within " + START_TIMEOUT);
            }
            Thread.sleep(50);
        }
    }

    /** Serving in a quorum (or alone) is what {@code srvr} answers with a mode; the readiness probe asks exactly that. */
    @Override
    public ProbeResult readiness() {
        return probe.readiness();
    }

    @Override
    public Optional<InetSocketAddress> address(int containerPort) {
        return Optional.ofNullable(localPorts.get(containerPort)).map(port -> new InetSocketAddress(LOOPBACK, port));
    }

    @Override
    public void close() {
        stop.run();
        try {
            thread.join(START_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        files.discardContainerFilesystem();
    }
}
