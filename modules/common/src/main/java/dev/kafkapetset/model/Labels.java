package dev.kafkapetset.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code app.kubernetes.io} labels of one component of one cluster. Selectors, anti-affinity
 * and disruption budgets all use {@link #selector()}, so they can't drift from the pod labels.
 */
public record Labels(String application, String instance, String component) {
    public static final String MANAGED_BY = "kafka-petset";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

    /** The stable subset that selects the component's pods; never changes for a live cluster. */
    public Map<String, String> selector() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", application);
        labels.put("app.kubernetes.io/instance", instance);
        labels.put("app.kubernetes.io/component", component);
        return labels;
    }

    /** Selects the component's objects of every instance: all clusters' brokers, say. */
    public Map<String, String> kindSelector() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", application);
        labels.put("app.kubernetes.io/component", component);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    /** What every object of the component carries. */
    public Map<String, String> all() {
        Map<String, String> labels = selector();
        labels.put("app.kubernetes.io/part-of", MANAGED_BY);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        return labels;
    }

    /** Pods also say which version of the software they run. */
    public Map<String, String> pod(String version) {
        Map<String, String> labels = all();
        labels.put("app.kubernetes.io/version", version);
        return labels;
    }
}
