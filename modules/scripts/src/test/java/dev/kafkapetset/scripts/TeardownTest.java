package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TeardownTest {
    private StandInCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void deployCluster() {
        cluster = StandInCluster.start();
        client = cluster.client();
        for (Script.Result result : List.of(run("create-volumes"), run("deploy-zookeeper", "--timeout", "30s"),
                run("deploy-service"), run("deploy-petset", "--timeout", "30s"))) {
            assertEquals(0, result.exitCode(), result::toString);
        }
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void teardownRemovesWorkloadsAndKeepsTheDataAsItsPlanSays() {
        PlanAndRun.Outcome outcome = PlanAndRun.inProcess(cluster, "teardown", "--timeout", "30s");
        assertEquals(List.of("delete statefulset.apps/kafka", "delete poddisruptionbudget.policy/kafka", "delete service/kafka",
                "delete statefulset.apps/kafka-zookeeper", "delete poddisruptionbudget.policy/kafka-zookeeper",
                "delete service/kafka-zookeeper-headless", "delete service/kafka-zookeeper"), outcome.written());
        Script.Result down = (Script.Result) outcome.run();
        for (String removed : List.of("statefulset.apps/kafka", "poddisruptionbudget.policy/kafka", "service/kafka",
                "statefulset.apps/kafka-zookeeper", "poddisruptionbudget.policy/kafka-zookeeper",
                "service/kafka-zookeeper-headless", "service/kafka-zookeeper")) {
            assertTrue(down.out().contains(removed + " deleted\n"), down::toString);
        }
        assertTrue(down.out().contains("persistentvolumeclaim/data-kafka-1 kept\n"), down::toString);
        assertTrue(down.out().contains("persistentvolume/default-datalog-kafka-zookeeper-2 kept\n"), down::toString);
        assertTrue(client.pods().list().getItems().isEmpty());
        assertTrue(client.apps().statefulSets().list().getItems().isEmpty());
        assertEquals(8, client.persistentVolumeClaims().list().getItems().size(), "2 brokers' and 3 servers' x 2");
        assertEquals(8, client.persistentVolumes().list().getItems().size());

        Script.Result again = run("teardown");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("statefulset.apps/kafka not found\n"), again::toString);

        assertEquals(0, run("deploy-service").exitCode());
        Script.Result redeployed = run("deploy-petset", "--timeout", "30s");
        assertEquals(0, redeployed.exitCode(), redeployed::toString);
        assertTrue(redeployed.out().startsWith("persistentvolumeclaim/data-kafka-0 is kept from before: broker 0 starts"
                + " on its data once it matches this cluster's ZooKeeper\n"), redeployed::toString);
    }

    @Test
    void theDryRunOfDeleteDataSaysItWillAskFirstAndWhatIsLost() {
        Script.Result plan = run("teardown", "--delete-data", "--dry-run");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("\n# ask for the cluster's name ('kafka') before deleting the data:"
                + " persistentvolumeclaim/data-kafka-zookeeper-0, "), plan::toString);
        assertTrue(plan.out().contains("\n# delete persistentvolume/default-data-kafka-1\n"), plan::toString);
        assertEquals(2, client.apps().statefulSets().list().getItems().size(), "nothing deleted");
    }

    @Test
    void deleteDataAsksForTheClusterNameAndStopsOnAnyOtherAnswer() {
        Script.Result declined = runWithInput("kafak\n", "teardown", "--delete-data");
        assertEquals(1, declined.exitCode(), declined::toString);
        assertTrue(declined.out().startsWith("--delete-data deletes these, and the data on them is lost:\n"
                + "  persistentvolumeclaim/data-kafka-zookeeper-0\n"), declined::toString);
        assertTrue(declined.out().contains("\n  persistentvolumeclaim/data-kafka-1\n"), declined::toString);
        assertEquals("error: not confirmed: nothing was deleted\n", declined.err());
        assertEquals(2, client.apps().statefulSets().list().getItems().size(), "nothing deleted");

        Script.Result confirmed = runWithInput("kafka\n", "teardown", "--delete-data", "--timeout", "30s");
        assertEquals(0, confirmed.exitCode(), confirmed::toString);
        assertTrue(confirmed.out().contains("persistentvolumeclaim/data-kafka-0 deleted\n"), confirmed::toString);
        assertTrue(confirmed.out().contains("persistentvolume/default-data-kafka-0 deleted\n"), confirmed::toString);
        assertTrue(confirmed.out().contains("warning: hostPath volumes keep their files on the node"), confirmed::toString);
        assertTrue(client.persistentVolumeClaims().list().getItems().isEmpty());
        assertTrue(client.persistentVolumes().list().getItems().isEmpty());
    }

    /** Also: another tool's claim and Secret carrying the cluster's app.kubernetes.io labels are never deleted. */
    @Test
    void deleteDataWithYesDoesNotAskAndNoAnswerDeletesNothing() {
        // What a chart's release named kafka may label its brokers' claims with: the same three labels as ours.
        Map<String, String> helmBroker = Map.of("app.kubernetes.io/name", "kafka", "app.kubernetes.io/instance", "kafka",
                "app.kubernetes.io/component", "broker");
        client.persistentVolumeClaims().resource(new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName("data-kafka-helm-0").withLabels(helmBroker).endMetadata()
                .withNewSpec().withStorageClassName("another").withAccessModes("ReadWriteOnce")
                .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec()
                .build()).create();
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("kafka-helm-passwords")
                .withLabels(Map.of("app.kubernetes.io/name", "kafka", "app.kubernetes.io/instance", "kafka",
                        "app.kubernetes.io/component", "secrets"))
                .endMetadata().addToData("password", "dGhlaXJz").build()).create();

        Script.Result unanswered = runWithInput("", "teardown", "--delete-data");
        assertEquals(1, unanswered.exitCode(), unanswered::toString);
        assertEquals("error: not confirmed (no answer): nothing was deleted\n", unanswered.err());
        String lost = unanswered.out().substring(unanswered.out().indexOf("--delete-data deletes these"));
        assertTrue(lost.contains("persistentvolumeclaim/data-kafka-0\n") && !lost.contains("helm"), unanswered::toString);

        PlanAndRun.Outcome outcome = PlanAndRun.inProcess(cluster, "teardown", "--delete-data", "--yes", "--timeout", "30s");
        assertEquals(7 + 8 + 8, outcome.written().size(), "7 workload objects, 8 claims, 8 volumes: " + outcome.written());
        Script.Result yes = (Script.Result) outcome.run();
        assertTrue(!yes.out().contains("Type 'kafka'"), yes::toString);
        for (String theirs : List.of("persistentvolumeclaim/data-kafka-helm-0", "secret/kafka-helm-passwords")) {
            assertTrue(yes.out().contains(theirs + " exists and was not made by kafka-petset (no app.kubernetes.io/managed-by"
                    + "=kafka-petset label): left alone; if it is this cluster's data, label it so and run again\n"), yes::toString);
        }
        assertTrue(client.persistentVolumes().list().getItems().isEmpty());
        assertEquals(List.of("data-kafka-helm-0"), client.persistentVolumeClaims().list().getItems().stream()
                .map(claim -> claim.getMetadata().getName()).toList());
        assertTrue(client.secrets().withName("kafka-helm-passwords").get() != null, "their Secret is kept");
    }

    private Script.Result runWithInput(String input, String script, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(script, args);
        } finally {
            System.setIn(original);
        }
    }

    private Script.Result run(String script, String... args) {
        return Plaintext.run(cluster, script, args);
    }
}
