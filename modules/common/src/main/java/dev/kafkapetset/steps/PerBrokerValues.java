package dev.kafkapetset.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A ConfigMap of values by broker ordinal (racks, load balancer addresses), which a broker reads
 * once, as it starts: a value that changes reaches a running broker only when it restarts.
 */
final class PerBrokerValues {
    private PerBrokerValues() {}

    /** Says how broker {@code ordinal}'s value changes from {@code before} to {@code after}. */
    @FunctionalInterface
    interface Change {
        String describe(int ordinal, String before, String after);
    }

    /** A warning for each broker whose value in {@code recorded} differs from {@code wanted}. */
    static List<PlanEntry> changes(Map<Integer, String> recorded, Map<Integer, String> wanted, Change change) {
        List<PlanEntry> warnings = new ArrayList<>();
        wanted.forEach((ordinal, value) -> {
            String before = recorded.get(ordinal);
            if (before != null && !before.equals(value)) {
                warnings.add(Note.warning(change.describe(ordinal, before, value)));
            }
        });
        return warnings;
    }
}
