package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.servers.FreePorts;
import java.util.HashMap;
import java.util.Map;

/**
 * Local ports handed out by this runtime: fresh ones, and the stand-ins for cluster addresses that
 * servers must know before the server behind them starts (a ZooKeeper server list names peers not
 * started yet), each given out on first use and the same for every pod that names it.
 */
final class LocalPorts {
    private final Map<String, Integer> byAddress = new HashMap<>();

    /** The local port standing for {@code host:port} as a pod in {@code namespace} names it. */
    synchronized int of(String namespace, String host, int port) {
        return byAddress.computeIfAbsent(namespace + "/" + host + ":" + port, address -> fresh());
    }

    /** A free local port not handed out before in this JVM. */
    int fresh() {
        return FreePorts.consecutive(1);
    }
}
