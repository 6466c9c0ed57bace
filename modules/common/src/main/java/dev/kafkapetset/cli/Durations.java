package dev.kafkapetset.cli;

import java.time.Duration;

/** Durations as an operator reads them: 45s, 2m30s, 1h5m. */
public final class Durations {

    public static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
        }
        return minutes / 60 + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
    }

    /** How long something took: tenths of a second below ten seconds, else as {@link #format}. */
    public static String elapsed(Duration duration) {
        return duration.toSeconds() < 10 ? String.format(java.util.Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0)
                : format(duration);
    }

    private Durations() {}
}
