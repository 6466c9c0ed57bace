package dev.kafkapetset.steps;

/**
 * One thing a step does, as its plan says it and its run carries it out: a change to one object,
 * an action that is not an object (scale, wait, move replicas, run a check), a note for the
 * operator, or a refusal that stops the step before it changes anything.
 */
public sealed interface PlanEntry permits ObjectChange, Action, Note, Refusal {

    /** One line saying what this entry does, as the dry run prints it: {@code create persistentvolume/x}. */
    String summary();

    /** Does it, telling the operator as it goes. */
    void carryOut(Execution execution);
}
