package dev.kafkapetset.cli;

import dev.kafkapetset.model.Manifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --dry-run}: print what would be applied, contacting nothing. */
public class DryRunOption {

    @Option(names = "--dry-run",
            description = "Print the objects instead of applying them (YAML, or JSON with -o json), ready for"
                    + " kubectl apply -f -. Needs no cluster.")
    boolean dryRun;

    public boolean enabled() {
        return dryRun;
    }

    public static void print(PrintWriter out, List<? extends HasMetadata> objects, OutputOptions.Format format) {
        out.print(format == OutputOptions.Format.json ? Manifests.json(objects) : Manifests.yaml(objects));
        out.flush();
    }
}
