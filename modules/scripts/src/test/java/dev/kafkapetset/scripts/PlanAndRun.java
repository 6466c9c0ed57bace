package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.kube.StandInCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The step contract, checked: a step's {@code --dry-run -o json} plan, then its real run, with the
 * writes the real run sent to the API server compared with the plan's: every object created,
 * updated or deleted, and every scale, exactly as planned and in the plan's order, and nothing else.
 */
final class PlanAndRun {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** What a step was planned to do, and what it did. */
    record Outcome(JsonNode plan, List<String> planned, List<String> written, Object run) {}

    /**
     * Runs {@code command} with {@code --dry-run -o json} appended, then as given, through
     * {@code launch} (in this JVM or through JBang); both must succeed, and the run must send exactly
     * the writes the plan lists.
     */
    static <R> Outcome check(StandInCluster cluster, Function<List<String>, R> launch, Function<R, Integer> exitCode,
            Function<R, String> out, List<String> command) {
        List<String> dryRun = new ArrayList<>(command);
        dryRun.addAll(List.of("--dry-run", "-o", "json"));
        cluster.clearWrites();
        R printed = launch.apply(dryRun);
        assertEquals(0, exitCode.apply(printed), () -> "dry run: " + printed);
        assertEquals(List.of(), cluster.writes(), () -> "the dry run wrote: " + printed);
        JsonNode plan = JSON.readTree(out.apply(printed));
        List<String> planned = writes(plan);
        R run = launch.apply(command);
        assertEquals(0, exitCode.apply(run), () -> "run: " + run);
        List<String> written = cluster.writes();
        assertEquals(planned, written, () -> "the run's writes differ from its plan:\n" + out.apply(printed) + "\n" + run);
        for (JsonNode entry : entries(plan)) {
            if (entry.path("type").asString().equals("object")) {
                String outcome = switch (entry.path("verb").asString()) {
                    case "create" -> "created";
                    case "update" -> "updated";
                    case "delete" -> "deleted";
                    case "keep" -> "kept";
                    case "absent" -> "not found";
                    default -> "unchanged";
                };
                String line = entry.path("object").asString() + " " + outcome;
                assertTrue(out.apply(run).contains(line + "\n"), () -> "the run does not report '" + line + "': " + run);
            }
        }
        return new Outcome(plan, planned, written, run);
    }

    /** A step run in this JVM, dry run and then for real. */
    static Outcome inProcess(StandInCluster cluster, String script, String... args) {
        List<String> command = new ArrayList<>(List.of("--kubeconfig", cluster.kubeconfig().toString()));
        command.addAll(List.of(args));
        return check(cluster, all -> Script.run(script, all.toArray(String[]::new)), Script.Result::exitCode,
                Script.Result::out, command);
    }

    /** A plan as {@code --dry-run -o json} prints it. */
    static JsonNode json(String printed) {
        return JSON.readTree(printed);
    }

    /** The writes a plan means: its object changes, and its scales of a StatefulSet. */
    static List<String> writes(JsonNode plan) {
        List<String> writes = new ArrayList<>();
        for (JsonNode entry : entries(plan)) {
            String verb = entry.path("verb").asString();
            if (entry.path("type").asString().equals("object") && List.of("create", "update", "delete").contains(verb)) {
                writes.add(verb + " " + entry.path("object").asString());
            } else if (entry.path("type").asString().equals("action") && verb.equals("scale")) {
                // "scale statefulset.apps/kafka 2 -> 3": an update of the StatefulSet's scale subresource.
                writes.add("update " + entry.path("summary").asString().split(" ")[1] + "/scale");
            } else if (entry.path("type").asString().equals("action") && verb.equals("mark")) {
                // "mark the pod template of statefulset.apps/kafka restarted ...": a patch of the StatefulSet.
                writes.add("patch " + entry.path("summary").asString().split(" ")[5]);
            } else if (entry.path("type").asString().equals("action") && verb.equals("restart")) {
                // A pod restarts by being deleted; the StatefulSet controller makes it again.
                writes.add("delete pod/" + entry.path("details").path("pod").asString());
            } else if (entry.path("type").asString().equals("action") && verb.equals("expand")) {
                // "expand persistentvolumeclaim/data-kafka-0 1Gi -> 2Gi": a patch of the claim.
                writes.add("patch " + entry.path("summary").asString().split(" ")[1]);
            }
        }
        return writes;
    }

    static List<JsonNode> entries(JsonNode plan) {
        List<JsonNode> entries = new ArrayList<>();
        plan.path("steps").forEach(step -> step.path("plan").forEach(entries::add));
        return entries;
    }

    private PlanAndRun() {}
}
