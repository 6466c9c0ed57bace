package dev.kafkapetset.cli;

import picocli.CommandLine.Option;

/** {@code --join-zookeeper-cluster} for the steps that deploy brokers on an outside ZooKeeper. */
public class JoinZookeeperOption {

    @Option(names = "--join-zookeeper-cluster", paramLabel = "CLUSTER_ID", description = "Deploy brokers with no data"
            + " on an outside ZooKeeper (--zookeeper) whose root already holds Kafka cluster CLUSTER_ID, to join it:"
            + " each takes the broker id of its ordinal there, one of a broker that is down with an empty log. Without"
            + " it such a root is refused; the root is read first, must hold that cluster, and none of the ids may be"
            + " registered there.")
    String clusterId;

    /** The cluster id the operator named, or null. */
    public String clusterId() {
        return clusterId;
    }
}
