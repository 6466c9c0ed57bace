package dev.kafkapetset.cli;

import dev.kafkapetset.model.ClusterSpec;
import picocli.CommandLine.Option;

/** {@code --replicas} for the steps that create brokers or their volumes. */
public class ReplicasOption {

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "${env:KAFKA_PETSET_REPLICAS:-2}",
            description = "Number of brokers (env KAFKA_PETSET_REPLICAS).")
    int replicas;

    /** The number of brokers, if {@code spec}'s cluster can have that many. */
    public int brokers(ClusterSpec spec) {
        return spec.requireBrokers(replicas, "--replicas");
    }
}
