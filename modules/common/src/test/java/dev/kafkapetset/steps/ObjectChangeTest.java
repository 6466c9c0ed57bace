package dev.kafkapetset.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.Labels;
import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/** Two updates of one object in one plan (a rollback's two rolls): the second planned on what the first writes. */
class ObjectChangeTest {
    private static StandInCluster cluster;
    private final StringWriter printed = new StringWriter();
    private final Execution execution = new Execution(cluster.client(), new Report(new PrintWriter(printed, true), Ansi.OFF));

    @BeforeAll
    static void start() {
        cluster = StandInCluster.start();
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void theSecondUpdateIsPlannedOnTheFirstsResultAndMergedOntoTheLiveObjectWhenCarriedOut() {
        execution.carryOut(List.of(Apply.change(new LiveState(cluster.client()), settings("staged", "zookeeper", "1"))));
        ObjectChange first = Apply.change(new LiveState(cluster.client()), settings("staged", "migration", "2"));
        ObjectChange second = ObjectChange.after(new LiveState(cluster.client()), first, settings("staged", "zookeeper", "3"));
        assertEquals(ObjectChange.Verb.UPDATE, second.verb());
        // Planned on what the first writes: mode goes back, and only the value the first set changes again.
        assertEquals(List.of("data.mode: migration -> zookeeper", "data.roll: 2 -> 3"),
                second.differences().stream().map(Object::toString).toList());

        execution.carryOut(List.of(first, second));
        assertEquals(Map.of("mode", "zookeeper", "roll", "3"), live("staged").getData());
        assertTrue(printed.toString().contains("configmap/staged updated\n"), printed::toString);
        assertEquals(ObjectChange.Verb.UNCHANGED, ObjectChange.after(new LiveState(cluster.client()), first, settings("staged", "migration", "2")).verb());
    }

    @Test
    void theSecondUpdateRefusesAnObjectSomeoneElseChangedAfterTheFirst() {
        execution.carryOut(List.of(Apply.change(new LiveState(cluster.client()), settings("contested", "zookeeper", "1"))));
        ObjectChange first = Apply.change(new LiveState(cluster.client()), settings("contested", "migration", "2"));
        ObjectChange second = ObjectChange.after(new LiveState(cluster.client()), first, settings("contested", "zookeeper", "3"));
        execution.carryOut(List.of(first));
        someoneElseEdits("contested", map -> new ConfigMapBuilder(map).addToData("roll", "someone else's").build());

        ToolException refused = assertThrows(ToolException.class, () -> execution.carryOut(List.of(second)));
        assertEquals("configmap/contested changed while this step ran (it is not as the plan's earlier update left it):"
                + " run the step again", refused.getMessage());
        assertEquals("someone else's", live("contested").getData().get("roll"));
    }

    @Test
    void afterAFirstChangeThatWritesNothingTheSecondIsPlannedOnTheLiveObject() {
        // A run resumed after the first update was made: it is unchanged now, and the second goes from what is there.
        execution.carryOut(List.of(Apply.change(new LiveState(cluster.client()), settings("resumed", "migration", "2"))));
        ObjectChange first = Apply.change(new LiveState(cluster.client()), settings("resumed", "migration", "2"));
        assertEquals(ObjectChange.Verb.UNCHANGED, first.verb());
        ObjectChange second = ObjectChange.after(new LiveState(cluster.client()), first, settings("resumed", "zookeeper", "3"));
        assertEquals(List.of("data.mode: migration -> zookeeper", "data.roll: 2 -> 3"),
                second.differences().stream().map(Object::toString).toList());
        execution.carryOut(List.of(first, second));
        assertEquals(Map.of("mode", "zookeeper", "roll", "3"), live("resumed").getData());
    }

    /**
     * An update whose plan read the object before someone else wrote it (a controller writing a
     * StatefulSet's status, say): what the plan changes goes onto the live object, keeping theirs;
     * when they changed what the plan changes, it is refused.
     */
    @Test
    void anUpdatePlannedBeforeSomeoneElsesWriteTakesTheLiveObjectUnlessTheyChangedWhatItChanges() {
        execution.carryOut(List.of(Apply.change(new LiveState(cluster.client()), settings("shared", "zookeeper", "1"))));
        ObjectChange planned = Apply.change(new LiveState(cluster.client()), settings("shared", "migration", "1"));
        someoneElseEdits("shared", map -> new ConfigMapBuilder(map).editMetadata().addToAnnotations("theirs", "kept").endMetadata()
                .build());

        execution.carryOut(List.of(planned));
        assertEquals(Map.of("mode", "migration", "roll", "1"), live("shared").getData());
        assertEquals("kept", live("shared").getMetadata().getAnnotations().get("theirs"));

        ObjectChange contested = Apply.change(new LiveState(cluster.client()), settings("shared", "kraft", "1"));
        someoneElseEdits("shared", map -> new ConfigMapBuilder(map).addToData("mode", "someone else's").build());
        ToolException refused = assertThrows(ToolException.class, () -> execution.carryOut(List.of(contested)));
        assertEquals("configmap/shared changed while this step ran (someone else updated what the plan changes): run the"
                + " step again", refused.getMessage());
        assertEquals("someone else's", live("shared").getData().get("mode"));
    }

    private static ConfigMap settings(String name, String mode, String roll) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withLabels(new Labels("kafka", "kafka", "test").all()).endMetadata()
                .withData(Map.of("mode", mode, "roll", roll)).build();
    }

    /** Another writer's change to configmap {@code name}, between a plan and its run. */
    private static void someoneElseEdits(String name, java.util.function.UnaryOperator<ConfigMap> edit) {
        cluster.client().configMaps().inNamespace("default").withName(name).edit(edit);
    }

    private static ConfigMap live(String name) {
        return cluster.client().configMaps().inNamespace("default").withName(name).get();
    }
}
