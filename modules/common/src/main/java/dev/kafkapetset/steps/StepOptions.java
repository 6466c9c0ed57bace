package dev.kafkapetset.steps;

import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.cli.DryRunOption;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.ClusterShape;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Security;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Mixin;

/**
 * What every step that changes the cluster takes: where it is, what it is, and {@code --dry-run}
 * with {@code -o}; and how such a step runs: its plan printed, or made and carried out.
 */
public class StepOptions {
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

    /** How many KRaft controllers --controllers asks for, validated. */
    public int controllers() {
        return cluster.controllers();
    }

    /** The cluster the options describe, validated before anything is sent. */
    public KafkaCluster cluster() {
        return new KafkaCluster(spec());
    }

    /**
     * The spec the options describe. What they leave out of its protection, racks and external access
     * the cluster keeps: its StatefulSets say, read from the cluster when there is one (not for
     * --dry-run=client).
     */
    public ClusterSpec spec() {
        if (dryRun.mode() == DryRunOption.Mode.CLIENT || !kube.hasCluster()) {
            return cluster.spec(kube.namespace());
        }
        // Every option is checked before anything is sent; what they leave out is the running cluster's.
        ClusterSpec validated = cluster.spec(kube.namespace(), Optional.of(ClusterShape.assumed(Security.PLAINTEXT)));
        try (KubernetesClient client = kube.connect()) {
            return cluster.spec(kube.namespace(), DeployedKafka.shapeOf(client, kube.namespace(), validated.name()));
        }
    }

    /**
     * With {@code --dry-run}, prints {@code step}'s plan, made against the cluster (reading only) or,
     * without one, against an empty namespace; else connects, makes the plan and carries it out.
     */
    public int run(Step step, PrintWriter out, Report report) {
        if (dryRun.enabled()) {
            return printPlan(step, out);
        }
        try (KubernetesClient client = kube.connect()) {
            step.run(new Execution(client, report));
        }
        return ExitCode.OK;
    }

    private int printPlan(Step step, PrintWriter out) {
        DryRunOption.Mode mode = dryRun.mode();
        Plan plan;
        if (mode == DryRunOption.Mode.CLIENT || mode == null && !kube.hasCluster()) {
            plan = Plan.of(step, ClusterState.EMPTY);
            PlanOutput.print(out, plan, output.format(), "dry run, planned without a cluster ("
                    + (mode == null ? "no kubeconfig found" : "--dry-run=client") + "): as a run would on an empty"
                    + " namespace " + kube.namespace());
        } else {
            try (KubernetesClient client = kube.connect()) {
                plan = Plan.of(step, new LiveState(client));
            }
            PlanOutput.print(out, plan, output.format(), "dry run against " + kube.describe() + ": nothing was changed");
        }
        plan.refusal().ifPresent(refusal -> {
            throw ToolException.failed(refusal.reason());
        });
        return ExitCode.OK;
    }
}
