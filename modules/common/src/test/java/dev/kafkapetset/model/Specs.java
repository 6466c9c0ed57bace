package dev.kafkapetset.model;

import picocli.CommandLine;

/** Specs as the scripts build them: from command-line options, defaults included. */
final class Specs {

    static ClusterSpec spec(int replicas, String... options) {
        return spec("default", replicas, options);
    }

    static ClusterSpec spec(String namespace, int replicas, String... options) {
        return ClusterSpec.from(CommandLine.populateCommand(new ClusterOptions(), options), namespace, replicas);
    }

    static KafkaCluster cluster(int replicas, String... options) {
        return new KafkaCluster(spec(replicas, options));
    }

    private Specs() {}
}
