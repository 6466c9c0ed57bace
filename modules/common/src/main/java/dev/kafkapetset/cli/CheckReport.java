package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ExitCode;
import java.io.PrintWriter;
import java.util.List;

/**
 * The outcome of a check: printed as text for people, or as JSON/YAML (the record's fields) for
 * scripts, and mapped to the command's exit code.
 */
public interface CheckReport {

    /** The human rendering, lines ending in a newline. */
    String text();

    /** True when nothing checked has a problem. */
    boolean healthy();

    /** What is wrong, one line each; empty when healthy. */
    List<String> problems();

    /** {@link ExitCode#OK} when healthy, else {@link ExitCode#FAILED}. */
    default int exitCode() {
        return healthy() ? ExitCode.OK : ExitCode.FAILED;
    }

    /** The end every check's text has: its notes, its problems, and the verdict. */
    static void appendVerdict(StringBuilder text, List<String> notes, List<String> problems) {
        appendVerdict(text, notes, problems, null);
    }

    /**
     * The same, for a check that can pass while the cluster is not whole: {@code degraded} says why
     * (null when it is whole), and the verdict is DEGRADED instead of healthy.
     */
    static void appendVerdict(StringBuilder text, List<String> notes, List<String> problems, String degraded) {
        for (String note : notes) {
            text.append("note: ").append(note).append('\n');
        }
        for (String problem : problems) {
            text.append("problem: ").append(problem).append('\n');
        }
        if (!problems.isEmpty()) {
            text.append("UNHEALTHY: ").append(problems.size()).append(problems.size() == 1 ? " problem\n" : " problems\n");
        } else {
            text.append(degraded == null ? "healthy\n" : "DEGRADED: " + degraded + "\n");
        }
    }

    /** Prints this report in the chosen {@code -o} format and returns the exit code it means. */
    default int print(PrintWriter out, OutputOptions.Format format) {
        out.print(StructuredOutput.render(format, this));
        out.flush();
        return exitCode();
    }
}
