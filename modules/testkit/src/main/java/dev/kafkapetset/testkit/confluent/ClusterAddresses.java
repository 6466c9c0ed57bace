package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Address lists as a pod writes them ({@code host:port,...}, a ZooKeeper one with a chroot), with
 * each host looked up as the pod would look it up in the cluster ({@link ScheduledPod#resolve}) and
 * made the local address that serves it. Hosts that serve nothing yet are left out; loopback
 * addresses are kept as they are.
 */
final class ClusterAddresses {
    static final String LOOPBACK = InetAddress.getLoopbackAddress().getHostAddress();
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "::1", "[::1]");
    private static final int ZOOKEEPER_PORT = 2181;

    /** A ZooKeeper connect string made local; empty while none of its hosts serves. */
    static Optional<String> zooKeeper(ScheduledPod pod, String connect) {
        int slash = connect.indexOf('/');
        String chroot = slash < 0 ? "" : connect.substring(slash);
        return local(pod, slash < 0 ? connect : connect.substring(0, slash), ZOOKEEPER_PORT).map(servers -> servers + chroot);
    }

    /** A {@code host:port} list (bootstrap servers) made local; empty while none of its hosts serves. */
    static Optional<String> servers(ScheduledPod pod, String servers) {
        return local(pod, servers, -1);
    }

    private static Optional<String> local(ScheduledPod pod, String servers, int defaultPort) {
        List<String> local = new ArrayList<>();
        for (String server : servers.split(",")) {
            String trimmed = server.trim();
            int colon = trimmed.lastIndexOf(':');
            String host = colon < 0 ? trimmed : trimmed.substring(0, colon);
            int port = colon < 0 ? defaultPort : Integer.parseInt(trimmed.substring(colon + 1));
            if (isLoopback(host)) {
                local.add(trimmed);
            } else if (port > 0) {
                pod.resolve(host, port).ifPresent(address -> local.add(LOOPBACK + ":" + address.getPort()));
            }
        }
        return local.isEmpty() ? Optional.empty() : Optional.of(String.join(",", local));
    }

    /** This machine's: a loopback name, or any address of 127.0.0.0/8 (the stand-in's load balancers have their own). */
    static boolean isLoopback(String host) {
        return LOOPBACK_NAMES.contains(host) || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private ClusterAddresses() {}
}
