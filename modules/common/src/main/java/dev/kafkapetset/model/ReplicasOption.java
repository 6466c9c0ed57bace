package dev.kafkapetset.model;

import picocli.CommandLine.Option;

/** {@code --replicas} for the steps that create brokers or their volumes. */
public class ReplicasOption {

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "${env:KAFKA_PETSET_REPLICAS:-2}",
            description = "Number of brokers (env KAFKA_PETSET_REPLICAS).")
    int replicas;

    public int replicas() {
        return replicas;
    }
}
