package dev.kafkapetset.smoke;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.NetworkErrors;
import dev.kafkapetset.errors.ToolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.utils.Utils;

/**
 * The Kafka cluster a smoke run reached: its id, its controller and its live brokers, each at an
 * address this machine can reach; or, when it can't be reached, why, in the operator's words.
 */
record ReachedCluster(String clusterId, Integer controller, List<Node> alive) {
    /** Connecting to an address must not take the whole time-out when many are dead. */
    private static final Duration CONNECT_CHECK = Duration.ofSeconds(5);

    List<Integer> aliveIds() {
        return alive.stream().map(Node::id).toList();
    }

    /**
     * Fails fast when nothing listens at any of {@code bootstrapServers}: the client would retry for
     * the whole time-out at an address that refuses at once.
     */
    static void requireListening(String bootstrapServers, Duration timeout) {
        List<String> refusals = new ArrayList<>();
        for (String server : bootstrapServers.split(",")) {
            IOException error = connectError(Utils.getHost(server), Utils.getPort(server), timeout);
            if (error == null) {
                return;
            }
            refusals.add(server + " (" + NetworkErrors.describe(error) + ")");
        }
        throw ToolException.unreachable("no broker reachable: nothing answers at " + String.join(", ", refusals), null);
    }

    /** Asks the brokers what the cluster is; fails with the likeliest reason when no request completes. */
    static ReachedCluster describe(Admin admin, String bootstrapServers, Duration timeout) throws InterruptedException {
        DescribeClusterResult result = admin.describeCluster();
        try {
            List<Node> alive = new ArrayList<>(result.nodes().get());
            alive.sort(Comparator.comparingInt(Node::id));
            Node controller = result.controller().get();
            return new ReachedCluster(result.clusterId().get(),
                    controller == null || controller.isEmpty() ? null : controller.id(), alive);
        } catch (ExecutionException e) {
            String within = Durations.format(timeout);
            for (String server : bootstrapServers.split(",")) {
                String host = Utils.getHost(server);
                int port = Utils.getPort(server);
                if (connectError(host, port, timeout) == null) {
                    if (isZooKeeper(host, port)) {
                        throw ToolException.unreachable(server + " is a ZooKeeper server, not a Kafka broker: give the"
                                + " brokers' addresses (ZooKeeper's are for check-zookeeper)", e.getCause());
                    }
                    throw ToolException.unreachable("something listens at " + server + ", but no Kafka request completed"
                            + " within " + within + ": either it is not a Kafka broker, or the addresses the brokers"
                            + " advertise can't be reached from here", e.getCause());
                }
            }
            throw ToolException.unreachable("no broker reachable at " + bootstrapServers + " within " + within + " ("
                    + e.getCause().getMessage() + ")", e.getCause());
        }
    }

    /** The brokers send clients to their advertised addresses: each must be reachable from here. */
    void requireAdvertisedReachable(Duration timeout) {
        for (Node broker : alive) {
            IOException error = connectError(broker.host(), broker.port(), timeout);
            if (error != null) {
                throw ToolException.failed("broker " + broker.id() + " advertises " + broker.host() + ":" + broker.port()
                        + ", which can't be reached from here (" + NetworkErrors.describe(error) + "); clients are sent"
                        + " to that address, so it must be reachable from where this runs");
            }
        }
    }

    /** Why a TCP connection to {@code host:port} fails, or null when it opens. */
    private static IOException connectError(String host, int port, Duration timeout) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(timeout.toMillis(), CONNECT_CHECK.toMillis()));
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Whether {@code host:port} answers ZooKeeper's {@code srvr}: a common mix-up of the two ports. */
    private static boolean isZooKeeper(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) CONNECT_CHECK.toMillis());
            socket.setSoTimeout((int) CONNECT_CHECK.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(64);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("Zookeeper version");
        } catch (IOException e) {
            return false;
        }
    }
}
