package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ProbeResult;
import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import scala.Option;

/**
 * A {@code cp-kafka} pod: a real Kafka broker (ZooKeeper mode) in this JVM, configured as the image
 * would configure it from the pod's environment. Only what can't work on one machine is translated:
 * every listener binds a fresh local port; a listener advertised under the pod's cluster DNS name is
 * advertised as that local port, one advertised on the loopback address is kept as it is (an
 * operator's port-forward listens there); {@code zookeeper.connect} goes through the cluster DNS;
 * log directories live where the pod's volumes do.
 */
final class KafkaPod implements RunningPod {
    private static final String LOOPBACK = InetAddress.getLoopbackAddress().getHostAddress();
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    private static final Duration ZOOKEEPER_POLL = Duration.ofMillis(100);
    /**
     * Kafka's defaults size a broker for a machine of its own (a 128 MiB cleaner buffer, 8 I/O
     * threads); these fit several brokers in one JVM. A broker that can't hand its leadership to
     * another (the last one) retries its controlled shutdown before it stops anyway: 3 times 5 s by
     * default, a tenth of that here. The pod's own settings win.
     */
    private static final Map<String, String> SHARED_MACHINE = Map.of(
            "num.network.threads", "2",
            "num.io.threads", "4",
            "background.threads", "2",
            "log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024),
            "controlled.shutdown.retry.backoff.ms", "500");

    private final KafkaServer server;
    private final List<Listener> listeners;
    private final PodFiles files;

    private KafkaPod(KafkaServer server, List<Listener> listeners, PodFiles files) {
        this.server = server;
        this.listeners = listeners;
        this.files = files;
    }

    static KafkaPod start(ScheduledPod pod, Map<String, String> env, PodFiles files) throws InterruptedException {
        Properties config = KafkaImage.brokerProperties(env, files, line -> {});
        KafkaImage.ensure(env, files);
        List<Listener> listeners = Listener.parseAll(config.getProperty("listeners"));
        config.setProperty("listeners", Listener.joined(listeners.stream()
                .map(listener -> listener.withAddress(LOOPBACK, 0))
                .toList()));
        // Port 0 in an advertised listener is the port its listener was bound to.
        config.setProperty("advertised.listeners", Listener.joined(Listener.parseAll(config.getProperty("advertised.listeners"))
                .stream()
                .map(listener -> LOOPBACK_NAMES.contains(listener.host()) ? listener : ownListener(pod, listener))
                .toList()));
        config.setProperty("zookeeper.connect", localZooKeeper(pod, config.getProperty("zookeeper.connect"), zooKeeperTimeout(env)));
        for (String key : List.of("log.dirs", "log.dir")) {
            if (config.containsKey(key)) {
                config.setProperty(key, Arrays.stream(config.getProperty(key).split(","))
                        .map(directory -> files.directory(directory.trim()).toString())
                        .collect(Collectors.joining(",")));
            }
        }
        SHARED_MACHINE.forEach(config::putIfAbsent);
        KafkaServer server = new KafkaServer(KafkaConfig.fromProps(config), Time.SYSTEM, Option.empty(), false);
        // A failed start-up shuts the broker down before it throws.
        server.startup();
        return new KafkaPod(server, listeners, files);
    }

    /** A listener advertised under the pod's own name: others reach it at its local port. */
    private static Listener ownListener(ScheduledPod pod, Listener advertised) {
        String host = advertised.host().endsWith(".") ? advertised.host().substring(0, advertised.host().length() - 1)
                : advertised.host();
        boolean own = host.equals(pod.hostname()) || host.equals(pod.podIp())
                || (host.startsWith(pod.hostname() + ".") && (pod.fqdn() + ".").startsWith(host + "."));
        if (!own) {
            throw new IllegalStateException("advertised listener " + advertised + " names " + advertised.host()
                    + ", which is not pod " + pod.name() + "'s DNS name (" + pod.fqdn() + "): nothing would reach the broker there");
        }
        return advertised.withAddress(LOOPBACK, 0);
    }

    private static Duration zooKeeperTimeout(Map<String, String> env) {
        String seconds = env.get(KafkaImage.ZOOKEEPER_TIMEOUT);
        return Duration.ofSeconds(seconds == null ? KafkaImage.DEFAULT_ZOOKEEPER_TIMEOUT_SECONDS : Long.parseLong(seconds));
    }

    /**
     * {@code zookeeper.connect} with its hosts looked up in the cluster DNS, waiting as the image does
     * ({@code cub zk-ready}) until one of them serves; hosts that don't serve by then are left out.
     */
    private static String localZooKeeper(ScheduledPod pod, String connect, Duration timeout) throws InterruptedException {
        int slash = connect.indexOf('/');
        String chroot = slash < 0 ? "" : connect.substring(slash);
        List<String> servers = List.of((slash < 0 ? connect : connect.substring(0, slash)).split(","));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> local = new ArrayList<>();
            for (String server : servers) {
                int colon = server.lastIndexOf(':');
                String host = colon < 0 ? server : server.substring(0, colon);
                int port = colon < 0 ? 2181 : Integer.parseInt(server.substring(colon + 1));
                if (LOOPBACK_NAMES.contains(host)) {
                    local.add(server);
                } else {
                    pod.resolve(host, port).ifPresent(address -> local.add(LOOPBACK + ":" + address.getPort()));
                }
            }
            if (!local.isEmpty()) {
                return String.join(",", local) + chroot;
            }
            if (System.nanoTime() > deadline) {
                // What cub zk-ready logs before the container exits.
                throw new IllegalStateException("Timed out waiting for connection to Zookeeper server [" + connect + "].");
            }
            Thread.sleep(ZOOKEEPER_POLL.toMillis());
        }
    }

    int id() {
        return server.config().brokerId();
    }

    /** Ready once the broker serves and the controller counts it among the live brokers (it is registered). */
    @Override
    public ProbeResult readiness() {
        int id = id();
        if (server.isShutdown()) {
            return ProbeResult.failing("broker " + id + " is shut down");
        }
        return server.metadataCache().hasAliveBroker(id) ? ProbeResult.READY : ProbeResult.STARTING;
    }

    @Override
    public Optional<InetSocketAddress> address(int containerPort) {
        return listeners.stream()
                .filter(listener -> listener.port() == containerPort)
                .findFirst()
                .map(listener -> new InetSocketAddress(LOOPBACK, server.boundPort(ListenerName.normalised(listener.name()))));
    }

    /** Stops the broker as a pod's termination does: a controlled shutdown, leadership moved first. */
    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        files.discard();
    }
}
