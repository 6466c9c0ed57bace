package dev.kafkapetset.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as kubectl writes them ({@code 90s}, {@code 5m}, {@code 1h30m}); picocli knows only
 * ISO-8601. At most a week: a wait longer than that is a mistake, and bigger numbers overflow.
 */
public final class DurationConverter implements ITypeConverter<Duration> {
    static final Duration LONGEST = Duration.ofDays(7);
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    @Override
    public Duration convert(String value) {
        if (!WHOLE.matcher(value).matches()) {
            throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 5m or 1h30m"
                    + " (at most 168h)");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "s" -> Duration.ofSeconds(amount);
                default -> Duration.ofMillis(amount);
            });
        }
        if (total.isZero()) {
            throw new TypeConversionException("'" + value + "' must be longer than zero");
        }
        if (total.compareTo(LONGEST) > 0) {
            throw new TypeConversionException("'" + value + "' is longer than a week (168h)");
        }
        return total;
    }
}
