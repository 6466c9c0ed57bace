package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Kubernetes label selector semantics, for the stand-in's controllers and network. */
final class LabelSelectors {
    private LabelSelectors() {}

    /**
     * Whether {@code labels} satisfy {@code selector}: every matchLabels entry and every expression
     * holds; no selector, or an empty one, matches all. An operator the API server would have refused
     * matches nothing.
     */
    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        Map<String, String> present = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null && !present.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        return selector.getMatchExpressions() == null
                || selector.getMatchExpressions().stream().allMatch(expression -> holds(expression, present));
    }

    private static boolean holds(LabelSelectorRequirement expression, Map<String, String> labels) {
        String value = labels.get(expression.getKey());
        List<String> values = Objects.requireNonNullElse(expression.getValues(), List.of());
        return switch (expression.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
        };
    }
}
