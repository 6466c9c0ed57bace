package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import java.util.List;

/**
 * The step won't go on, and says why: a run that meets it changes nothing, a dry run prints it and
 * fails the same way.
 *
 * @param details lines to print before the one-line reason (a plan the operator can use instead)
 */
public record Refusal(String reason, List<String> details) implements PlanEntry {

    public Refusal {
        details = List.copyOf(details);
    }

    @Override
    public String summary() {
        return "refused: " + reason;
    }

    @Override
    public void carryOut(Execution execution) {
        details.forEach(execution.report()::line);
        throw ToolException.failed(reason);
    }
}
