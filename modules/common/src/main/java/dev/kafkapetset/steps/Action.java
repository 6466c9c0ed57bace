package dev.kafkapetset.steps;

/**
 * Something a step does that is not writing an object: scale a StatefulSet, wait for pods, move
 * partition replicas, run a check.
 *
 * @param verb one word, for scripts reading the plan: scale, wait, reassign, check...
 * @param summary one line, as the dry run prints it: {@code scale statefulset.apps/kafka 2 -> 3}
 * @param details what a script or a person needs to know beyond that line (a reassignment's moves),
 *     or null; printed by the dry run
 */
public record Action(String verb, String summary, Object details, Work work) implements PlanEntry {

    /** The action's own doing, reporting to the execution as it goes. */
    @FunctionalInterface
    public interface Work {
        void run(Execution execution) throws Exception;
    }

    public Action(String verb, String summary, Work work) {
        this(verb, summary, null, work);
    }

    @Override
    public void carryOut(Execution execution) {
        try {
            work.run(execution);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw dev.kafkapetset.errors.ToolException.failed("interrupted: " + summary);
        } catch (Exception e) {
            throw new IllegalStateException(summary + ": " + e.getMessage(), e);
        }
    }
}
