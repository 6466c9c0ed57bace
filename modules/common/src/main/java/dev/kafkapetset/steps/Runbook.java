package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Failures;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The whole bring-up as a runbook: each stage is one step an operator could run alone, printed with
 * its result and time. It stops at the first failure with the reason and what to run next; every
 * step is idempotent, so running bring-up again resumes, finding what is in place unchanged.
 */
public final class Runbook {

    /** One step: the catalog alias that runs it alone, what it is for, and its work (reporting to its argument). */
    public record Stage(String alias, String purpose, Consumer<Report> work) {}

    private final Report report;

    public Runbook(Report report) {
        this.report = report;
    }

    /** The plan as YAML comments, which {@code --dry-run} prints before the manifests. */
    public void describe(List<Stage> stages) {
        report.line("# The bring-up runs these steps, each of which can also be run alone:");
        for (int i = 0; i < stages.size(); i++) {
            report.line("#   [" + (i + 1) + "/" + stages.size() + "] jbang " + stages.get(i).alias() + "@catalog: "
                    + stages.get(i).purpose());
        }
        report.line("# and applies these objects:");
    }

    /** Runs the stages in order; after a failure, {@code resume} is the command line to run again. */
    public void run(List<Stage> stages, String resume) {
        long started = System.nanoTime();
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            report.line(heading(stages, i));
            long start = System.nanoTime();
            try {
                stage.work().accept(report.nested());
            } catch (RuntimeException failure) {
                ToolException reason = Failures.classify(failure);
                report.line(report.styled("red", "failed") + " after " + since(start) + ": " + reason.getMessage());
                throw new ToolException(reason.exitCode(), "bring-up stopped at step " + (i + 1) + "/" + stages.size()
                        + " (" + stage.alias() + "): " + reason.getMessage() + ". Once that is fixed, run again: "
                        + resume + " (the steps already done find everything in place)", failure);
            }
            report.line(report.styled("green", "done") + " in " + since(start));
        }
        report.line("bring-up complete in " + since(started));
    }

    private String heading(List<Stage> stages, int i) {
        Stage stage = stages.get(i);
        return report.styled("bold", "[" + (i + 1) + "/" + stages.size() + "] " + stage.alias()) + ": " + stage.purpose();
    }

    private static String since(long start) {
        return Durations.elapsed(Duration.ofNanos(System.nanoTime() - start));
    }
}
