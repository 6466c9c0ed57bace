package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.Objects;
import dev.kafkapetset.kube.ThreeWayMerge;
import dev.kafkapetset.kube.ThreeWayMerge.Difference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Locale;

/**
 * What a step does to one object.
 *
 * @param object the object as the toolkit wants it (create, update), or as it is (the others)
 * @param written what is sent to the API server: the object with the toolkit's record of what it
 *     applied (create), the live object with the wanted values merged in (update); null otherwise. An
 *     update planned on what an earlier update of the same plan leaves ({@link #after}) has no
 *     resource version: it is merged onto the live object again when carried out
 * @param differences for an update, every value it changes
 */
public record ObjectChange(Verb verb, HasMetadata object, HasMetadata written, List<Difference> differences)
        implements PlanEntry {

    public enum Verb {
        CREATE("created"), UPDATE("updated"), UNCHANGED("unchanged"), DELETE("deleted"),
        /** Data a step leaves in place on purpose. */
        KEEP("kept"),
        /** Nothing to delete: it is not there. */
        ABSENT("not found");

        private final String outcome;

        Verb(String outcome) {
            this.outcome = outcome;
        }

        /** The word a run reports once it is done, as kubectl does: "created". */
        public String outcome() {
            return outcome;
        }
    }

    public ObjectChange {
        differences = List.copyOf(differences);
    }

    public static ObjectChange of(Verb verb, HasMetadata object) {
        return new ObjectChange(verb, object, null, List.of());
    }

    /**
     * The update of {@code desired} once {@code earlier}, an update of the same object, is done: the
     * plan's second change to one object (a rollback's two rolls). Its differences are planned on what
     * {@code earlier} writes; carried out, it is merged onto the object as it then is, which must need
     * exactly those, else someone else changed it meanwhile. After an {@code earlier} that writes
     * nothing (a run resumed after it), it is an ordinary change of the object in {@code state}.
     */
    static ObjectChange after(ClusterState state, ObjectChange earlier, HasMetadata desired) {
        if (earlier.written() == null) {
            return Apply.change(state, desired);
        }
        ThreeWayMerge.Result<HasMetadata> merge = ThreeWayMerge.merge(earlier.written(), desired);
        if (merge.differences().isEmpty()) {
            return of(Verb.UNCHANGED, desired);
        }
        HasMetadata written = merge.merged();
        written.getMetadata().setResourceVersion(null);
        return new ObjectChange(Verb.UPDATE, desired, written, merge.differences());
    }

    /** {@code statefulset.apps/kafka}. */
    public String name() {
        return Objects.describe(object);
    }

    @Override
    public String summary() {
        return switch (verb) {
            case UNCHANGED, ABSENT -> name() + " " + verb.outcome();
            case KEEP -> "keep " + name();
            default -> verb.name().toLowerCase(Locale.ROOT) + " " + name();
        };
    }

    /** Whether the run sends a write for it. */
    public boolean writes() {
        return verb == Verb.CREATE || verb == Verb.UPDATE || verb == Verb.DELETE;
    }

    @Override
    public void carryOut(Execution execution) {
        try {
            switch (verb) {
                case CREATE -> execution.client().resource(written).create();
                case UPDATE -> update(execution);
                case DELETE -> execution.client().resource(object).delete();
                default -> { }
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw ToolException.failed(name() + " changed while this step ran (" + (verb == Verb.CREATE
                        ? "someone else created it" : "someone else updated it") + "): run the step again");
            }
            throw e;
        }
        execution.report().outcome(name(), verb.outcome());
        differences.forEach(difference -> execution.report().line("  " + difference));
    }

    private void update(Execution execution) {
        if (written.getMetadata().getResourceVersion() == null) {
            execution.client().resource(rebased(execution, "it is not as the plan's earlier update left it")).update();
            return;
        }
        try {
            execution.client().resource(written).update();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw e;
            }
            // The copy the plan read is out of date, most often because only the object's status moved on (its
            // controller writes it as pods come and go): the live object still needing just the planned differences
            // takes them; anything else someone changed there is theirs, and kept.
            execution.client().resource(rebased(execution, "someone else updated what the plan changes")).update();
        }
    }

    /** The live object with the planned differences merged in; refused, saying {@code why}, when it needs others. */
    private HasMetadata rebased(Execution execution, String why) {
        HasMetadata live = execution.client().resource(object).get();
        ThreeWayMerge.Result<HasMetadata> merge = live == null ? null : ThreeWayMerge.merge(live, object);
        if (merge == null || !merge.differences().equals(differences)) {
            throw ToolException.failed(name() + " changed while this step ran (" + why + "): run the step again");
        }
        return merge.merged();
    }
}
