package dev.kafkapetset.scripts;

import dev.kafkapetset.testkit.kube.StandInCluster;
import java.util.ArrayList;
import java.util.List;

/**
 * Options for a plaintext cluster, for tests that look at something else than how a cluster is
 * protected (how steps deploy, scale, tear down; pods with nothing behind them, or real servers
 * without security). The secured profile, the default, has tests of its own.
 */
final class Plaintext {

    /** {@code args}, with {@code --security plaintext} unless they choose a profile themselves. */
    static List<String> options(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--security")) {
            all.addAll(List.of("--security", "plaintext"));
        }
        return all;
    }

    /** {@code script} run against the stand-in {@code cluster} with {@code args}, plaintext unless they say otherwise. */
    static Script.Result run(StandInCluster cluster, String script, String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", cluster.kubeconfig().toString()));
        all.addAll(options(args));
        return Script.run(script, all.toArray(String[]::new));
    }

    private Plaintext() {}
}
