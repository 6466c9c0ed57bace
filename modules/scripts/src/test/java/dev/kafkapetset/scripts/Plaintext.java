package dev.kafkapetset.scripts;

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

    private Plaintext() {}
}
