package dev.kafkapetset.steps;

/** Something the operator should know, found while planning; a warning when it may cost them. */
public record Note(boolean warning, String text) implements PlanEntry {

    public static Note info(String text) {
        return new Note(false, text);
    }

    public static Note warning(String text) {
        return new Note(true, text);
    }

    @Override
    public String summary() {
        return (warning ? "warning: " : "") + text;
    }

    @Override
    public void carryOut(Execution execution) {
        if (warning) {
            execution.report().warning(text);
        } else {
            execution.report().line(text);
        }
    }
}
