package dev.kafkapetset.cli;

import picocli.CommandLine.Option;

/** {@code --join-zookeeper-cluster} for the steps that deploy brokers on an outside ZooKeeper. */
public class JoinZookeeperOption {
    public static final String NAME = "--join-zookeeper-cluster";

    @Option(names = NAME, paramLabel = "CLUSTER_ID", description = "Deploy brokers on an outside ZooKeeper (--zookeeper)"
            + " whose root already holds Kafka cluster CLUSTER_ID, to join it: each takes the broker id of its ordinal"
            + " there, and one taking the id of a broker that is down replaces it, with an empty log unless its claim is"
            + " kept. Without it such a root is refused; the root is read first, must hold that cluster, and none of the"
            + " ids may be registered there.")
    String clusterId;

    /** The cluster id the operator named, or null. */
    public String clusterId() {
        return clusterId;
    }
}
