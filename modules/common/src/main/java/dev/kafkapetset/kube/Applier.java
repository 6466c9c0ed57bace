package dev.kafkapetset.kube;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.model.Labels;
import dev.kafkapetset.model.SpecHash;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Create-or-update for objects rendered by the model, in two phases so nothing is half-applied: the
 * plan reads every live object and refuses conflicts before the first write; applying then reports
 * each object as created, updated or unchanged.
 */
public final class Applier {

    public enum Action { CREATE, UPDATE, UNCHANGED }

    /** What applying one object will do; {@code live} is null when it doesn't exist yet. */
    public record Change(HasMetadata desired, HasMetadata live, Action action) {
        public String object() {
            return describe(desired);
        }
    }

    private final KubernetesClient client;
    private final Report report;

    public Applier(KubernetesClient client, Report report) {
        this.client = client;
        this.report = report;
    }

    /** Reads the live state of {@code desired}; refuses objects of the same name that aren't ours. */
    public List<Change> plan(List<? extends HasMetadata> desired) {
        List<Change> plan = new ArrayList<>();
        for (HasMetadata object : desired) {
            HasMetadata live = client.resource(object).get();
            if (live == null) {
                plan.add(new Change(object, null, Action.CREATE));
            } else if (!managedByUs(live)) {
                throw ToolException.failed(describe(live) + " exists and was not made by kafka-petset"
                        + " (no app.kubernetes.io/managed-by=" + Labels.MANAGED_BY + " label): refusing to"
                        + " replace it; remove it or choose another --name");
            } else {
                boolean same = SpecHash.of(object).equals(SpecHash.of(live));
                plan.add(new Change(object, live, same ? Action.UNCHANGED : Action.UPDATE));
            }
        }
        return plan;
    }

    public void apply(List<Change> plan) {
        for (Change change : plan) {
            switch (change.action()) {
                case CREATE -> {
                    client.resource(change.desired()).create();
                    report.outcome(change.object(), "created");
                }
                case UPDATE -> {
                    HasMetadata replacement = change.desired();
                    replacement.getMetadata().setResourceVersion(change.live().getMetadata().getResourceVersion());
                    client.resource(replacement).update();
                    report.outcome(change.object(), "updated");
                }
                case UNCHANGED -> report.outcome(change.object(), "unchanged");
            }
        }
    }

    public static boolean managedByUs(HasMetadata live) {
        Map<String, String> labels = live.getMetadata().getLabels();
        return labels != null && Labels.MANAGED_BY.equals(labels.get("app.kubernetes.io/managed-by"));
    }

    /** {@code kind/name} as kubectl prints it: {@code statefulset.apps/kafka}. */
    public static String describe(HasMetadata object) {
        String kind = object.getKind().toLowerCase(Locale.ROOT);
        String apiVersion = object.getApiVersion();
        String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        return kind + group + "/" + object.getMetadata().getName();
    }
}
