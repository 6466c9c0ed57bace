package dev.kafkapetset.kube;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.model.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Locale;
import java.util.Map;

/** How the toolkit names the objects it handles, and tells its own from others'. */
public final class Objects {
    /** The label that marks the toolkit's objects, as {@code name=value}. */
    public static final String OURS = Labels.MANAGED_BY_LABEL + "=" + Labels.MANAGED_BY;

    /** Made by this toolkit: it carries {@code app.kubernetes.io/managed-by=kafka-petset}. */
    public static boolean isOurs(HasMetadata live) {
        Map<String, String> labels = live.getMetadata().getLabels();
        return labels != null && Labels.MANAGED_BY.equals(labels.get(Labels.MANAGED_BY_LABEL));
    }

    /**
     * Refuses {@code live} unless the toolkit made it, with {@code refusal}: what is not done, and what
     * the operator can do. Another's object of one of our names is never taken for ours.
     */
    public static void requireOurs(HasMetadata live, String refusal) {
        if (!isOurs(live)) {
            throw ToolException.failed(notOurs(live, refusal));
        }
    }

    /** What {@link #requireOurs} says of {@code live}, not made by the toolkit, for a view that lists problems. */
    public static String notOurs(HasMetadata live, String refusal) {
        return describe(live) + " exists and was not made by kafka-petset (no " + OURS + " label): " + refusal;
    }

    /** {@code kind/name} as kubectl prints it: {@code statefulset.apps/kafka}. */
    public static String describe(HasMetadata object) {
        String kind = object.getKind().toLowerCase(Locale.ROOT);
        String apiVersion = object.getApiVersion();
        String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return kind + group + "/" + object.getMetadata().getName();
    }

    private Objects() {}
}
