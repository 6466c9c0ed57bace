package dev.kafkapetset.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.PlannedState;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Another's ConfigMap named as a KRaft cluster's record of its id ({@code <cluster>-kraft}) is never
 * taken for the record: its id would be formatted into the cluster's storage and prove another's
 * Kafka to be this one.
 */
class ClusterIdRecordTest {
    private static final String REFUSAL = "configmap/kafka-kraft exists and was not made by kafka-petset (no"
            + " app.kubernetes.io/managed-by=kafka-petset label): refusing to read it; if it is this cluster's record of"
            + " its id, label it app.kubernetes.io/managed-by=kafka-petset; if not, rename or remove it, but only while"
            + " this cluster has no data yet (a new record means a new cluster id, which kept data refuses)";

    private final KafkaCluster kraft = new KafkaCluster(CommandLine.populateCommand(new ClusterOptions(), "--metadata",
            "kraft").spec("default"));
    private final WaitOptions waiting = CommandLine.populateCommand(new WaitOptions(), "--timeout", "2m");
    private final PlannedState state = new PlannedState(ClusterState.EMPTY);
    private final ConfigMap foreign = new ConfigMapBuilder().withNewMetadata().withName("kafka-kraft")
            .withNamespace("default").endMetadata().addToData(KraftControllers.CLUSTER_ID_KEY, "MkU3OEVBNTcwNTJENDM2Qk")
            .addToData(KraftControllers.ATTEMPT_KEY, KraftControllers.NO_MIGRATION).build();

    @Test
    void controllersAreNotFormattedWithAnothersId() {
        state.put(foreign);

        ToolException refused = assertThrows(ToolException.class,
                () -> new DeployControllersStep(kraft, null, List.of(), waiting).plan(state));
        assertEquals(REFUSAL, refused.getMessage());
        // The steps after it (brokers, migration, scale) read the id through the same door.
        assertEquals(REFUSAL, assertThrows(ToolException.class,
                () -> MigrateControllersStep.recordedClusterId(state, kraft)).getMessage());
    }

    @Test
    void teardownLeavesAnothersRecordAloneAndDoesNotAskToDeleteIt() {
        state.put(foreign);
        state.put(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-kafka-0").withNamespace("default")
                .withLabels(kraft.labels().all()).endMetadata().build());

        List<PlanEntry> plan = new TeardownStep(kraft, true, false, (lost, name) -> { }, waiting).plan(state);

        List<String> summaries = plan.stream().map(PlanEntry::summary).toList();
        assertTrue(summaries.contains("warning: configmap/kafka-kraft was not made by kafka-petset: left alone"), summaries::toString);
        String confirmation = summaries.stream().filter(summary -> summary.contains("before deleting the data")).findFirst()
                .orElseThrow();
        assertTrue(confirmation.contains("persistentvolumeclaim/data-kafka-0") && !confirmation.contains("kafka-kraft"),
                confirmation);
        assertFalse(plan.stream().anyMatch(entry -> entry instanceof ObjectChange change
                && change.object().getMetadata().getName().equals("kafka-kraft")), summaries::toString);
    }

    @Test
    void ourRecordIsReadAndGoesWithTheData() {
        KraftControllers controllers = kraft.controllers(kraft.spec().metadata().controllers());
        state.put(controllers.generateClusterIdRecord("MkU3OEVBNTcwNTJENDM2Qk", KraftControllers.NO_MIGRATION));

        assertEquals("MkU3OEVBNTcwNTJENDM2Qk", MigrateControllersStep.recordedClusterId(state, kraft));
        List<PlanEntry> plan = new TeardownStep(kraft, true, false, null, waiting).plan(state);
        assertTrue(plan.stream().anyMatch(entry -> entry instanceof ObjectChange change
                && change.verb() == ObjectChange.Verb.DELETE && change.object().getMetadata().getName().equals("kafka-kraft")),
                () -> plan.stream().map(PlanEntry::summary).toList().toString());
    }
}
