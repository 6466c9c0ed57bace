package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ProbeResult;
import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.command.FourLetterCommands;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.apache.zookeeper.util.ServiceUtils;

/**
 * A {@code cp-zookeeper} pod: a real ZooKeeper server in this JVM, configured as the image would
 * configure it from the pod's environment, standalone or a quorum peer. Only what can't work on one
 * machine is translated: its ports become local ports of its own (the client port one kept for the
 * pod's name, the peer ports those the server list's names stand for), its data directories live where the pod's
 * volumes do, and the admin server (port 8080 for every server) is off.
 */
final class ZooKeeperPod implements RunningPod {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** The kubelet probes often; a four-letter word this often is enough to follow the quorum. */
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(200);
    private static final String FOUR_LETTER_WORDS = "zookeeper.4lw.commands.whitelist";

    static {
        // A ZooKeeper server's fatal error would end the JVM; here it ends the pod's server only.
        ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);
    }

    private final String name;
    private final int clientPort;
    private final Map<Integer, Integer> localPorts;
    private final Runnable stop;
    private final Thread thread;
    private final PodFiles files;
    private volatile Exception failure;
    private volatile ProbeResult probed = ProbeResult.STARTING;
    private volatile long probedAt;

    private ZooKeeperPod(String name, int clientPort, Map<Integer, Integer> localPorts, Server server, PodFiles files) {
        this.name = name;
        this.clientPort = clientPort;
        this.localPorts = localPorts;
        this.stop = server.stop();
        this.files = files;
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

    static ZooKeeperPod start(ScheduledPod pod, Map<String, String> env, PodFiles files, LocalPorts ports) throws Exception {
        Properties config = ZooKeeperImage.properties(env, files);
        ZooKeeperImage.ensure(files);
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
        while (srvr() == null) {
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
        long now = System.nanoTime();
        if (now - probedAt >= PROBE_INTERVAL.toNanos()) {
            String reply = srvr();
            probed = reply == null ? ProbeResult.failing("connection refused")
                    : reply.contains("Mode: ") ? ProbeResult.READY
                    : ProbeResult.failing(reply.strip().lines().findFirst().orElse("no answer to srvr"));
            probedAt = now;
        }
        return probed;
    }

    private String srvr() {
        try {
            return FourLetterWordMain.send4LetterWord(LOOPBACK.getHostAddress(), clientPort, "srvr", false, 1_000);
        } catch (IOException | org.apache.zookeeper.common.X509Exception.SSLContextException e) {
            return null;
        }
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
        files.discard();
    }
}
