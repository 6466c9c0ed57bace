package dev.kafkapetset.steps;

import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import java.util.List;

/**
 * One step of the runbook, one per catalog alias ({@code deploy-petset} is {@link DeployPetsetStep}).
 * A step first makes its plan: the objects it will create, update or delete and the actions that
 * are not objects, reading the cluster and writing nothing. {@code --dry-run} prints that plan; a
 * real run makes it against the live cluster and carries it out, entry by entry, so what a dry run
 * prints is what the run does.
 */
public interface Step {

    /** The catalog alias that runs this step alone. */
    String alias();

    /** What the step is for, in a line: bring-up prints it as the step's heading. */
    String purpose();

    /** What this step will do to the cluster as {@code state} shows it; reads only. */
    List<PlanEntry> plan(ClusterState state);

    /** The plan in sections, one per step it runs: one for a step, one for each of a runbook's steps. */
    default List<Plan.Section> sections(ClusterState state) {
        return List.of(new Plan.Section(alias(), purpose(), plan(state)));
    }

    /** Plans against the live cluster, then carries the plan out. */
    default void run(Execution execution) {
        execution.carryOut(plan(new LiveState(execution.client())));
    }
}
