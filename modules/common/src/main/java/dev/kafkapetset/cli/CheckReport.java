package dev.kafkapetset.cli;

import java.io.PrintWriter;

/**
 * The outcome of a check: printed as text for people, or as JSON/YAML (the record's fields) for
 * scripts, and mapped to the command's exit code.
 */
public interface CheckReport {

    /** The human rendering, lines ending in a newline. */
    String text();

    /** {@link ExitCode#OK} when everything checked is healthy, else why not. */
    int exitCode();

    /** Prints this report in the chosen {@code -o} format and returns the exit code it means. */
    default int print(PrintWriter out, OutputOptions.Format format) {
        out.print(StructuredOutput.render(format, this));
        out.flush();
        return exitCode();
    }
}
