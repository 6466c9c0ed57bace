package dev.kafkapetset.model;

import dev.kafkapetset.cli.ClusterOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Specs as the scripts build them: from command-line options, defaults included, except that they
 * are plaintext (the seed's layout, which most model tests look at) unless the options say --security.
 */
final class Specs {

    static ClusterSpec spec(String... options) {
        return inNamespace("default", options);
    }

    static ClusterSpec inNamespace(String namespace, String... options) {
        List<String> all = new ArrayList<>(List.of(options));
        if (!all.contains("--security")) {
            all.addAll(List.of("--security", "plaintext"));
        }
        return CommandLine.populateCommand(new ClusterOptions(), all.toArray(String[]::new)).spec(namespace);
    }

    /** As the scripts build them, every default included: secured. */
    static ClusterSpec byDefault(String... options) {
        return CommandLine.populateCommand(new ClusterOptions(), options).spec("default");
    }

    static KafkaCluster cluster(String... options) {
        return new KafkaCluster(spec(options));
    }

    private Specs() {}
}
