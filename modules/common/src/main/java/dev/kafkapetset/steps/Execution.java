package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.kube.ClusterState;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/** Where a step's plan is carried out: the cluster, and the operator's report. */
public record Execution(KubernetesClient client, Report report) {

    /** Runs a step that touches no cluster (it writes local files): its plan, carried out. */
    public static int local(Step step, Report report) {
        new Execution(null, report).carryOut(step.plan(ClusterState.EMPTY));
        return ExitCode.OK;
    }

    /**
     * Carries out {@code entries} in order. A plan with a refusal changes nothing: the refusal is
     * met before the first entry.
     */
    public void carryOut(List<PlanEntry> entries) {
        for (PlanEntry entry : entries) {
            if (entry instanceof Refusal refusal) {
                refusal.carryOut(this);
            }
        }
        entries.forEach(entry -> entry.carryOut(this));
    }
}
