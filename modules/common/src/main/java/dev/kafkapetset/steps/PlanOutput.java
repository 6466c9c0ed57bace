package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Json;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.model.Manifests;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plan as {@code --dry-run} prints it: YAML a person reads and {@code kubectl apply -f -} takes
 * (the objects to create or update as documents, everything else as {@code #} comment lines), or,
 * with {@code -o json}, the whole plan as data.
 */
public final class PlanOutput {

    /** Prints {@code plan}; {@code context} (a comment on what the plan was made against) heads the text. */
    public static void print(PrintWriter out, Plan plan, OutputOptions.Format format, String context) {
        out.print(format == OutputOptions.Format.json ? json(plan, context) : text(plan, context));
        out.flush();
    }

    /** The plan of a step that reads no cluster state to plan (a check), printed; its exit code. */
    public static int printLocal(PrintWriter out, Step step, OutputOptions.Format format) {
        print(out, Plan.of(step, ClusterState.EMPTY), format, "dry run: nothing was done");
        return ExitCode.OK;
    }

    static String text(Plan plan, String context) {
        StringBuilder text = new StringBuilder();
        if (context != null) {
            text.append("# ").append(context).append('\n');
        }
        List<Plan.Section> sections = plan.sections();
        for (int i = 0; i < sections.size(); i++) {
            Plan.Section section = sections.get(i);
            if (sections.size() > 1) {
                text.append("# [").append(i + 1).append('/').append(sections.size()).append("] ").append(section.alias())
                        .append(": ").append(section.purpose()).append('\n');
            }
            section.entries().forEach(entry -> append(text, entry));
        }
        return text.toString();
    }

    private static void append(StringBuilder text, PlanEntry entry) {
        text.append("# ").append(entry.summary()).append('\n');
        if (entry instanceof ObjectChange change) {
            change.differences().forEach(difference -> text.append("#   ").append(difference).append('\n'));
            if (change.verb() == ObjectChange.Verb.CREATE || change.verb() == ObjectChange.Verb.UPDATE) {
                text.append(Manifests.yaml(List.of(change.object())));
            }
        } else if (entry instanceof Action action && action.details() != null) {
            Json.pretty(action.details()).lines().forEach(line -> text.append("#   ").append(line).append('\n'));
        } else if (entry instanceof Refusal refusal) {
            refusal.details().forEach(line -> text.append("#   ").append(line).append('\n'));
        }
    }

    static String json(Plan plan, String context) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Plan.Section section : plan.sections()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("step", section.alias());
            step.put("purpose", section.purpose());
            step.put("plan", section.entries().stream().map(PlanOutput::data).toList());
            steps.add(step);
        }
        Map<String, Object> whole = new LinkedHashMap<>();
        if (context != null) {
            whole.put("context", context);
        }
        whole.put("steps", steps);
        return Json.pretty(whole) + "\n";
    }

    /** One entry as data: what it is, its verb, and what the dry run's text says of it. */
    static Map<String, Object> data(PlanEntry entry) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (entry instanceof ObjectChange change) {
            data.put("type", "object");
            data.put("verb", change.verb().name().toLowerCase(Locale.ROOT));
            data.put("object", change.name());
            data.put("kind", change.object().getKind());
            data.put("namespace", change.object().getMetadata().getNamespace());
            data.put("name", change.object().getMetadata().getName());
            if (!change.differences().isEmpty()) {
                data.put("differences", change.differences().stream().map(Object::toString).toList());
            }
            if (change.verb() == ObjectChange.Verb.CREATE || change.verb() == ObjectChange.Verb.UPDATE) {
                data.put("manifest", Manifests.tree(change.object()));
            }
        } else if (entry instanceof Action action) {
            data.put("type", "action");
            data.put("verb", action.verb());
            data.put("summary", action.summary());
            if (action.details() != null) {
                data.put("details", action.details());
            }
        } else if (entry instanceof Note note) {
            data.put("type", note.warning() ? "warning" : "note");
            data.put("text", note.text());
        } else if (entry instanceof Refusal refusal) {
            data.put("type", "refusal");
            data.put("reason", refusal.reason());
            data.put("details", refusal.details());
        }
        return data;
    }

    private PlanOutput() {}
}
