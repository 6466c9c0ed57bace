package dev.kafkapetset.steps;

import dev.kafkapetset.cli.DryRunOption;
import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.ClusterOptions;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;

/** What every step that changes the cluster takes: where it is, what it is, and --dry-run with -o. */
public class DeployOptions {
    @Mixin
    KubeOptions kube;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    DryRunOption dryRun;

    @Mixin
    OutputOptions output;

    public KubeOptions kube() {
        return kube;
    }

    public boolean dryRun() {
        return dryRun.enabled();
    }

    public OutputOptions.Format format() {
        return output.format();
    }

    /** The cluster the options describe, with {@code replicas} brokers; validated before anything is sent. */
    public KafkaCluster cluster(int replicas) {
        return new KafkaCluster(ClusterSpec.from(cluster, kube.namespace(), replicas));
    }

    /** With --dry-run, prints {@code planned} and contacts nothing; else connects and lets {@code step} work. */
    public int apply(PrintWriter out, List<? extends HasMetadata> planned, Consumer<KubernetesClient> step) {
        if (dryRun.enabled()) {
            DryRunOption.print(out, planned, output.format());
            return ExitCode.OK;
        }
        try (KubernetesClient client = kube.connect()) {
            step.accept(client);
        }
        return ExitCode.OK;
    }
}
