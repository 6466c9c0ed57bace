package dev.kafkapetset.model;

import dev.kafkapetset.cli.ClusterOptions;
import picocli.CommandLine;

/** Specs as the scripts build them: from command-line options, defaults included. */
final class Specs {

    static ClusterSpec spec(String... options) {
        return inNamespace("default", options);
    }

    static ClusterSpec inNamespace(String namespace, String... options) {
        return CommandLine.populateCommand(new ClusterOptions(), options).spec(namespace);
    }

    static KafkaCluster cluster(String... options) {
        return new KafkaCluster(spec(options));
    }

    private Specs() {}
}
