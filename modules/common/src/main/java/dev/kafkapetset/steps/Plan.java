package dev.kafkapetset.steps;

import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.PlannedState;
import java.util.List;

/**
 * A plan: for each step, in order, what it will do. One step's plan has one section; bring-up's is
 * the concatenation of its steps' plans.
 */
public record Plan(List<Section> sections) {

    /** One step's part: its alias, what it is for, and its entries. */
    public record Section(String alias, String purpose, List<PlanEntry> entries) {
        public Section {
            entries = List.copyOf(entries);
        }
    }

    public Plan {
        sections = List.copyOf(sections);
    }

    /** {@code planned}, from now on with the objects {@code entries} create, update and delete. */
    static void carryInto(PlannedState planned, List<PlanEntry> entries) {
        for (PlanEntry entry : entries) {
            if (entry instanceof ObjectChange change) {
                switch (change.verb()) {
                    case CREATE, UPDATE -> planned.put(change.written());
                    case DELETE -> planned.remove(change.object());
                    default -> { }
                }
            }
        }
    }

    /** {@code step}'s plan against {@code state}. */
    public static Plan of(Step step, ClusterState state) {
        return new Plan(step.sections(state));
    }

    /** The first refusal in the plan, if any: a run of it would stop there, changing nothing. */
    public java.util.Optional<Refusal> refusal() {
        return sections.stream().flatMap(section -> section.entries().stream())
                .filter(Refusal.class::isInstance).map(Refusal.class::cast).findFirst();
    }
}
