package dev.kafkapetset.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait/--no-wait} and {@code --timeout}, for steps that wait for the cluster to catch up. */
public class WaitOptions {

    @Option(names = "--wait", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Wait until the change is ready (--no-wait returns once it is applied).")
    boolean wait;

    @Option(names = "--timeout", defaultValue = "5m", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to wait before giving up, e.g. 90s, 5m, 1h30m.")
    Duration timeout;

    public boolean enabled() {
        return wait;
    }

    public Duration timeout() {
        return timeout;
    }
}
