package dev.kafkapetset.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Help.Ansi;

/** What a step tells the operator as it goes: one line per object changed, per broker ready. */
public final class Report {
    private final PrintWriter out;
    private final Ansi ansi;

    public Report(PrintWriter out, Ansi ansi) {
        this.out = out;
        this.ansi = ansi;
    }

    /** {@code kind/name outcome}, as kubectl writes it; the outcome coloured when it changed something. */
    public void outcome(String object, String outcome) {
        String style = switch (outcome) {
            case "created" -> "green";
            case "updated", "scaled", "deleted" -> "yellow";
            default -> "faint";
        };
        line(object + " " + ansi.string("@|" + style + " " + outcome + "|@"));
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    public void warning(String text) {
        line(ansi.string("@|yellow warning:|@ ") + text);
    }
}
