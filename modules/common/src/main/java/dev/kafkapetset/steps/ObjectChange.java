package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.Objects;
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
 *     applied (create), the live object with the wanted values merged in (update); null otherwise
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
                case UPDATE -> execution.client().resource(written).update();
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
}
