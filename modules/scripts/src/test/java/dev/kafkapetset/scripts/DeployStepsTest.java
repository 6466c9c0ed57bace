package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.model.ClusterOptions;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.SpecHash;
import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The deploy steps, black-box: each script run with its arguments against the stand-in cluster (the
 * fabric8 mock API server, with the test's stand-in controller creating pods and binding claims).
 */
class DeployStepsTest {
    private StandInCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void startCluster() {
        cluster = StandInCluster.start();
        client = cluster.client();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private Script.Result run(String script, String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", cluster.kubeconfig().toString()));
        all.addAll(List.of(args));
        return Script.run(script, all.toArray(String[]::new));
    }

    @Test
    void threeStepsBringTwoBrokersUpAsTheModelRendersThemAndReRunsChangeNothing() {
        Script.Result volumes = run("create-volumes");
        assertEquals(0, volumes.exitCode(), volumes::toString);
        assertTrue(volumes.out().contains("persistentvolume/default-data-kafka-0 created\n"), volumes::toString);
        assertTrue(volumes.out().contains("persistentvolume/default-data-kafka-1 created\n"), volumes::toString);
        assertTrue(volumes.out().contains("persistentvolume/default-datalog-zookeeper-2 created\n"), volumes::toString);

        Script.Result service = run("deploy-service");
        assertEquals("service/kafka created\n", service.out(), service::toString);

        Script.Result brokers = run("deploy-petset", "--timeout", "30s");
        assertEquals(0, brokers.exitCode(), brokers::toString);
        assertTrue(brokers.out().startsWith("statefulset.apps/kafka created\npoddisruptionbudget.policy/kafka created\n"
                + "waiting for 2 ready pods of statefulset/kafka (timeout 30s)...\n"), brokers::toString);
        assertTrue(brokers.out().contains("  kafka-0 ready ("), brokers::toString);
        assertTrue(brokers.out().contains("  kafka-1 ready ("), brokers::toString);
        assertTrue(brokers.out().contains("statefulset/kafka ready: 2/2 pods after "), brokers::toString);

        KafkaCluster model = defaults(2);
        StatefulSet live = client.apps().statefulSets().withName("kafka").get();
        assertEquals(model.generateStatefulSet().getSpec(), live.getSpec());
        for (int ordinal = 0; ordinal < 2; ordinal++) {
            PersistentVolumeClaim claim = client.persistentVolumeClaims().withName(model.claimName(ordinal)).get();
            assertEquals("Bound", claim.getStatus().getPhase());
            assertEquals(model.volumeName(ordinal), claim.getSpec().getVolumeName(), "bound to the volume made for it");
        }

        assertEverythingUnchanged(run("create-volumes"));
        assertEverythingUnchanged(run("deploy-service"));
        Script.Result again = run("deploy-petset", "--timeout", "30s");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().startsWith("statefulset.apps/kafka unchanged\npoddisruptionbudget.policy/kafka unchanged\n"),
                again::toString);
    }

    @Test
    void objectsCreatedFromKubeDirectoryAsTheSeedDidAreFoundUnchangedByTheSteps() throws Exception {
        for (String file : List.of("zookeeper-volumes.yaml", "zookeeper.yaml", "kafka-volumes.yaml", "kafka-service.yaml",
                "kafka-petset.yaml")) {
            try (java.io.InputStream yaml = java.nio.file.Files.newInputStream(Jbang.ROOT.resolve("kube").resolve(file))) {
                client.load(yaml).create();
            }
        }
        assertEverythingUnchanged(run("create-volumes"));
        assertEverythingUnchanged(run("deploy-service"));
        Script.Result zookeeper = run("deploy-zookeeper", "--timeout", "30s");
        assertTrue(zookeeper.out().startsWith("service/zookeeper-headless unchanged\nservice/zookeeper unchanged\n"
                + "statefulset.apps/zookeeper unchanged\npoddisruptionbudget.policy/zookeeper unchanged\n"), zookeeper::toString);
        Script.Result brokers = run("deploy-petset", "--timeout", "30s");
        assertTrue(brokers.out().startsWith("statefulset.apps/kafka unchanged\npoddisruptionbudget.policy/kafka unchanged\n"),
                brokers::toString);
        assertEquals(0, brokers.exitCode(), brokers::toString);
    }

    @Test
    void scaleToThreeCreatesTheThirdVolumeAndWaitsForTheThirdBroker() {
        deployTwoBrokers();
        Script.Result scaled = run("scale", "--replicas", "3", "--timeout", "30s");
        assertEquals(0, scaled.exitCode(), scaled::toString);
        assertTrue(scaled.out().startsWith("persistentvolume/default-data-kafka-2 created\n"
                + "statefulset.apps/kafka scaled\n  replicas 2 -> 3\n"), scaled::toString);
        assertTrue(scaled.out().contains("  kafka-2 ready ("), scaled::toString);
        assertTrue(scaled.out().contains("statefulset/kafka ready: 3/3 pods"), scaled::toString);
        assertEquals(3, client.apps().statefulSets().withName("kafka").get().getStatus().getReadyReplicas());
    }

    @Test
    void scaleWithNoCreateVolumesRefusesListingTheMissingOnes() {
        deployTwoBrokers();
        List<String> before = snapshot();
        Script.Result refused = run("scale", "--replicas", "4", "--no-create-volumes");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("error: the new brokers need volumes, and these are missing: persistentvolume/default-data-kafka-2,"
                + " persistentvolume/default-data-kafka-3 (drop --no-create-volumes, or run create-volumes --replicas 4)\n",
                refused.err());
        assertEquals(before, snapshot(), "nothing written");
    }

    @Test
    void scaleDownAsksKafkaFirstAndOnlyForceGoesOnWithoutAnAnswer() {
        deployTwoBrokers();
        Script.Result refused = run("scale", "--replicas", "1", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "3s");
        assertEquals(3, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: no Kafka broker answered within 3s"), refused::toString);
        assertEquals(2, client.apps().statefulSets().withName("kafka").get().getSpec().getReplicas(), "not scaled");

        Script.Result forced = run("scale", "--replicas", "1", "--force", "--bootstrap-servers", "127.0.0.1:1",
                "--timeout", "3s");
        assertEquals(0, forced.exitCode(), forced::toString);
        assertTrue(forced.out().startsWith("warning: --force: Kafka can't tell what broker 1 holds (no Kafka broker"
                + " answered within 3s"), forced::toString);
        assertTrue(forced.out().contains("statefulset/kafka ready: 1/1 pods"), forced::toString);

        Script.Result both = run("scale", "--replicas", "1", "--force", "--reassign");
        assertEquals(2, both.exitCode(), both::toString);
    }

    @Test
    void waitGivesUpAfterTheTimeoutNamingThePodTheConditionAndItsLastEvent() {
        cluster.controller().holdNotReady("kafka-1", "Unhealthy", "Readiness probe failed: dial tcp 10.0.0.7:9092: connection refused");
        run("create-volumes");
        run("deploy-service");
        Script.Result timedOut = run("deploy-petset", "--timeout", "3s");
        assertEquals(1, timedOut.exitCode(), timedOut::toString);
        assertTrue(timedOut.out().contains("  kafka-0 ready ("), timedOut::toString);
        assertTrue(timedOut.err().startsWith("error: timed out after 3s waiting for statefulset/kafka: 1/2 pods ready;"
                + " kafka-1: Running, ContainersReady=False"), timedOut::toString);
        assertTrue(timedOut.err().contains("last event: Warning Unhealthy: Readiness probe failed: dial tcp"),
                timedOut::toString);
    }

    @Test
    void aBrokerRefusingItsVolumeIsReportedWithItsReasonAndChoices() {
        String refusal = "kafka-1: volume of claim data-kafka-1 holds the data of Kafka cluster OldCluster, but ZooKeeper"
                + " at zookeeper:2181 holds cluster NewCluster; choices: point --zookeeper at the ZooKeeper of cluster"
                + " OldCluster to keep it, or if its data can go, delete the claim and its volume's files";
        cluster.controller().crashLoop("kafka-1", refusal);
        run("create-volumes");
        run("deploy-service");
        Script.Result timedOut = run("deploy-petset", "--timeout", "3s");
        assertEquals(1, timedOut.exitCode(), timedOut::toString);
        assertTrue(timedOut.out().contains("warning: kafka-1 is not starting: kafka CrashLoopBackOff"), timedOut::toString);
        assertTrue(timedOut.err().contains("last exit: " + refusal), timedOut::toString);
    }

    @Test
    void deployPetsetRefusesToScaleDownAndLeavesItToScale() {
        deployTwoBrokers();
        run("scale", "--replicas", "3", "--timeout", "30s");
        List<String> before = snapshot();
        Script.Result refused = run("deploy-petset", "--replicas", "2");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("error: statefulset.apps/kafka runs 3 brokers and this would cut it to 2: pass --replicas 3 to"
                + " keep them, or use scale --replicas 2, which guards the data\n", refused.err());
        assertEquals(before, snapshot(), "nothing written");
    }

    @Test
    void immutableChangeIsRefusedBeforeAnyWriteWithTheSafePath() {
        deployTwoBrokers();
        List<String> before = snapshot();
        Script.Result refused = run("deploy-petset", "--storage-size", "5Gi", "--no-wait");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: statefulset.apps/kafka can't be changed in place: volumeClaimTemplates"
                + " would change from [data class= size=1Gi modes=[ReadWriteOnce]] to [data class= size=5Gi"), refused::toString);
        assertTrue(refused.err().contains("'kubectl delete statefulset kafka -n default --cascade=orphan' (the pods keep"
                + " running, the claims stay)"), refused::toString);
        assertEquals(before, snapshot(), "nothing written");
    }

    @Test
    void badInputGetsOneLineAndExitTwoWithNothingWritten() {
        List<String> before = snapshot();
        String[][] cases = {
            {"deploy-petset", "--replicas", "0"},
            {"deploy-petset", "--name", "Kafka!"},
            {"deploy-petset", "--zookeeper", "zk:21810000"},
            {"deploy-petset", "--zookeeper", "zk"},
            {"deploy-service", "-n", "No_Such"},
            {"create-volumes", "--storage-size", "big"},
            {"scale"},
            {"deploy-petset", "--timeout", "forever"},
        };
        for (String[] bad : cases) {
            Script.Result result = run(bad[0], java.util.Arrays.copyOfRange(bad, 1, bad.length));
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().startsWith("error: ") && result.err().indexOf('\n') == result.err().length() - 1,
                    "one line: " + result);
        }
        assertEquals(before, snapshot(), "nothing written");
    }

    @Test
    void missingNamespaceIsAUsageError() {
        Script.Result result = run("deploy-service", "-n", "nope");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: namespace 'nope' does not exist: create it with 'kubectl create namespace nope', or choose"
                + " another with -n\n", result.err());
    }

    @Test
    void fewerVolumesThanBrokersIsRefusedNamingTheMissingOnes() {
        run("create-volumes");
        run("deploy-service");
        List<String> before = snapshot();
        Script.Result result = run("deploy-petset", "--replicas", "3");
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("error: 1 of the 3 volumes the pods need are missing (persistentvolume/default-data-kafka-2): run"
                + " create-volumes --replicas 3 first\n", result.err());
        assertEquals(before, snapshot(), "nothing written");
    }

    @Test
    void unreachableForbiddenAndUnknownContextsExitThree() {
        Script.Result down = run("deploy-service", "--context", StandInCluster.UNREACHABLE_CONTEXT);
        assertEquals(3, down.exitCode(), down::toString);
        assertTrue(down.err().startsWith("error: cannot reach the Kubernetes API: "), down::toString);

        Script.Result unknown = run("deploy-service", "--context", "prod");
        assertEquals(3, unknown.exitCode(), unknown::toString);
        assertEquals("error: context 'prod' is not in the kubeconfig (it has: stand-in, stand-in-team, unreachable)\n",
                unknown.err());

        cluster.forbidGet("/api/v1/namespaces/default/services/kafka");
        Script.Result forbidden = run("deploy-service");
        assertEquals(3, forbidden.exitCode(), forbidden::toString);
        assertEquals("error: access to the Kubernetes API was refused: \"kafka\" is forbidden: User \"stand-in-user\""
                + " cannot get it\n", forbidden.err());
        assertTrue(client.services().list().getItems().isEmpty(), "nothing written");
    }

    @Test
    void contextChoosesTheNamespaceAndDashNOverridesIt() {
        assertEquals(0, run("deploy-service", "--context", StandInCluster.TEAM_CONTEXT).exitCode());
        assertTrue(client.services().inNamespace(StandInCluster.TEAM_NAMESPACE).withName("kafka").get() != null);
        assertEquals(null, client.services().inNamespace(StandInCluster.NAMESPACE).withName("kafka").get());
        assertEquals(0, run("deploy-service", "--context", StandInCluster.TEAM_CONTEXT, "-n", "default").exitCode());
        assertTrue(client.services().inNamespace(StandInCluster.NAMESPACE).withName("kafka").get() != null);
    }

    @Test
    void aStorageClassMeansNoVolumesToCreate() {
        Script.Result volumes = run("create-volumes", "--storage-class", StandInCluster.STORAGE_CLASS);
        assertEquals("nothing to do: storage class 'standard' provisions the volumes\n", volumes.out(), volumes::toString);
        run("deploy-service");
        Script.Result brokers = run("deploy-petset", "--storage-class", StandInCluster.STORAGE_CLASS, "--timeout", "30s");
        assertEquals(0, brokers.exitCode(), brokers::toString);
    }

    @Test
    void anObjectOfTheSameNameThatIsNotOursIsLeftAlone() {
        client.apps().statefulSets().resource(new StatefulSetBuilder(defaults(2).generateStatefulSet())
                .editMetadata().withLabels(java.util.Map.of("app", "someone-else")).withAnnotations(null).endMetadata()
                .build()).create();
        run("create-volumes");
        run("deploy-service");
        Script.Result refused = run("deploy-petset", "--no-wait");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: statefulset.apps/kafka exists and was not made by kafka-petset"),
                refused::toString);
    }

    private void deployTwoBrokers() {
        for (Script.Result result : List.of(run("create-volumes"), run("deploy-service"),
                run("deploy-petset", "--timeout", "30s"))) {
            assertEquals(0, result.exitCode(), result::toString);
        }
    }

    private static void assertEverythingUnchanged(Script.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        result.out().lines().forEach(line -> assertTrue(line.endsWith(" unchanged"), result::toString));
    }

    /**
     * Every object the steps may write, with its content's hash and replicas: equal snapshots mean
     * nothing was created or changed (the stand-in controllers keep writing statuses meanwhile).
     */
    private List<String> snapshot() {
        Stream<HasMetadata> objects = Stream.of(
                client.persistentVolumes().list().getItems(),
                client.services().inAnyNamespace().list().getItems(),
                client.apps().statefulSets().inAnyNamespace().list().getItems(),
                client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems())
                .flatMap(List::stream);
        return List.copyOf(objects
                .map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName() + "#"
                        + SpecHash.of(o) + (o instanceof StatefulSet s ? " replicas=" + s.getSpec().getReplicas() : ""))
                .collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
    }

    private static KafkaCluster defaults(int replicas) {
        return new KafkaCluster(ClusterSpec.from(CommandLine.populateCommand(new ClusterOptions()), "default", replicas));
    }
}
