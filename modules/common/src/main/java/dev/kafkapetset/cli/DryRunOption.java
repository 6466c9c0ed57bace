package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ToolException;
import picocli.CommandLine.Option;

/** {@code --dry-run[=client|cluster]}: print the plan instead of carrying it out. */
public class DryRunOption {
    /** Where a dry run reads the cluster's state from. */
    public enum Mode {
        /** From the cluster the kubeconfig names: the plan is what a run now would do. */
        CLUSTER,
        /** From nothing: the plan is what a run would do on an empty namespace. Contacts nothing. */
        CLIENT
    }

    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "", paramLabel = "client|cluster",
            description = "Print the plan instead of carrying it out: the objects to create or update as YAML (JSON"
                    + " with -o json) that kubectl apply -f - takes, and everything else as # comments. It reads"
                    + " the cluster the kubeconfig names and changes nothing; =client, or no kubeconfig at all,"
                    + " plans for an empty namespace without contacting anything.")
    String dryRun;

    public boolean enabled() {
        return dryRun != null;
    }

    /** The mode asked for; null when the kubeconfig decides (a cluster if there is one). */
    public Mode mode() {
        if (dryRun == null || dryRun.isEmpty()) {
            return null;
        }
        return switch (dryRun) {
            case "client" -> Mode.CLIENT;
            case "cluster" -> Mode.CLUSTER;
            default -> throw ToolException.usage("--dry-run '" + dryRun + "': expected client or cluster, or nothing");
        };
    }
}
