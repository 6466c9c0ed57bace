package dev.kafkapetset.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Help.Ansi;

/** What a step tells the operator as it goes: one line per object changed, per broker ready. */
public final class Report {
    private final PrintWriter out;
    private final Ansi ansi;
    private final String indent;

    public Report(PrintWriter out, Ansi ansi) {
        this(out, ansi, "");
    }

    private Report(PrintWriter out, Ansi ansi, String indent) {
        this.out = out;
        this.ansi = ansi;
        this.indent = indent;
    }

    /** The same report, each line indented under a heading. */
    public Report nested() {
        return new Report(out, ansi, indent + "    ");
    }

    /** Text in a picocli markup style, e.g. {@code styled("bold", "step")}, plain without colour. */
    public String styled(String style, String text) {
        return ansi.string("@|" + style + " " + text + "|@");
    }

    /** {@code kind/name outcome}, as kubectl writes it; the outcome coloured when it changed something. */
    public void outcome(String object, String outcome) {
        String style = switch (outcome) {
            case "created" -> "green";
            case "updated", "scaled", "deleted" -> "yellow";
            default -> "faint";
        };
        line(object + " " + styled(style, outcome));
    }

    public void line(String text) {
        out.println(indent + text);
        out.flush();
    }

    public void warning(String text) {
        line(styled("yellow", "warning:") + " " + text);
    }
}
