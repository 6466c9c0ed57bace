package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ToolException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Asks the operator to type a name before something that can't be undone. */
public final class Confirmation {

    /**
     * Shows {@code what} will be lost and reads one line from {@code in}; goes on only if it is
     * {@code name}. Fails (exit 1, nothing done) on any other answer or none.
     */
    public static void require(PrintWriter out, InputStream in, String heading, List<String> lost, String name) {
        out.println(heading);
        lost.forEach(line -> out.println("  " + line));
        out.print("Type '" + name + "' to confirm (or run again with --yes): ");
        out.flush();
        String answer;
        try {
            answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.println();
        if (answer == null || !answer.strip().equals(name)) {
            throw ToolException.failed("not confirmed" + (answer == null ? " (no answer)" : "") + ": nothing was deleted");
        }
    }

    private Confirmation() {}
}
