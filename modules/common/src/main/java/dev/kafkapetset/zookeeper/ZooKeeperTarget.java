package dev.kafkapetset.zookeeper;

import dev.kafkapetset.model.ZookeeperConnect;
import java.util.List;
import java.util.Optional;

/**
 * The ZooKeeper servers to check, opened for the length of a check: addresses given on the command
 * line, or the Kafka cluster's own ZooKeeper reached through port-forwards ({@link KubernetesZooKeeper}).
 */
public interface ZooKeeperTarget extends AutoCloseable {

    /** Every server of the ensemble, each to be checked on its own. */
    List<ServerEndpoint> servers();

    /** Kafka's chroot in ZooKeeper ({@code /kafka}), or empty for the root. */
    String chroot();

    /** How many brokers should be registered, when the target knows (the StatefulSet's replicas); else null. */
    Integer expectedBrokers();

    /** How a session logs in: a secured cluster's ZooKeeper refuses sessions without its SASL login. */
    default Optional<ZooKeeperLogin> login() {
        return Optional.empty();
    }

    /** What the operator should know about how the servers were found. */
    default List<String> notes() {
        return List.of();
    }

    @Override
    void close();

    /** Servers named on the command line, reached as they are. */
    static ZooKeeperTarget direct(ZookeeperConnect connect) {
        return new Direct(connect.servers().stream()
                .map(server -> ServerEndpoint.direct(server.host(), server.port()))
                .toList(), connect.chroot());
    }

    /** A target that is only addresses: nothing to expect, nothing to close. */
    record Direct(List<ServerEndpoint> servers, String chroot) implements ZooKeeperTarget {
        @Override
        public Integer expectedBrokers() {
            return null;
        }

        @Override
        public void close() {}
    }
}
