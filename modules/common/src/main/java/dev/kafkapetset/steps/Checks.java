package dev.kafkapetset.steps;

import dev.kafkapetset.cli.CheckReport;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;

/** A check as a step of a runbook: its findings printed, an unhealthy result stopping the runbook. */
final class Checks {

    /** The check as its plan entry: running it prints its findings and fails when they are unhealthy. */
    static Action action(String summary, Check check) {
        return new Action("check", summary, execution -> passes(execution.report(), check.run(execution)));
    }

    @FunctionalInterface
    interface Check {
        CheckReport run(Execution execution) throws Exception;
    }

    private static void passes(Report report, CheckReport result) {
        result.text().lines().forEach(report::line);
        if (!result.healthy()) {
            throw new ToolException(result.exitCode(), String.join("; ", result.problems()));
        }
    }

    private Checks() {}
}
