package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Labels;
import dev.kafkapetset.steps.RollStep;
import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
        return Plaintext.run(cluster, script, args);
    }

    /** A step planned against the stand-in and then run, as the plaintext cluster these tests look at. */
    private PlanAndRun.Outcome inProcess(String script, String... args) {
        return PlanAndRun.inProcess(cluster, script, Plaintext.options(args).toArray(String[]::new));
    }

    @Test
    void threeStepsBringTwoBrokersUpAsTheirPlansSayAndAsTheModelRendersThemAndReRunsChangeNothing() {
        Script.Result volumes = (Script.Result) inProcess("create-volumes").run();
        assertTrue(volumes.out().contains("persistentvolume/default-data-kafka-0 created\n"), volumes::toString);
        assertTrue(volumes.out().contains("persistentvolume/default-data-kafka-1 created\n"), volumes::toString);
        assertTrue(volumes.out().contains("persistentvolume/default-datalog-kafka-zookeeper-2 created\n"), volumes::toString);

        Script.Result service = (Script.Result) inProcess("deploy-service").run();
        assertEquals("service/kafka created\n", service.out(), service::toString);

        PlanAndRun.Outcome deployed = inProcess("deploy-petset", "--timeout", "30s");
        assertEquals(List.of("create statefulset.apps/kafka", "create poddisruptionbudget.policy/kafka"), deployed.written());
        Script.Result brokers = (Script.Result) deployed.run();
        assertTrue(brokers.out().startsWith("statefulset.apps/kafka created\npoddisruptionbudget.policy/kafka created\n"
                + "waiting for 2 ready pods of statefulset/kafka (timeout 30s)...\n"), brokers::toString);
        assertTrue(brokers.out().contains("  kafka-0 ready ("), brokers::toString);
        assertTrue(brokers.out().contains("  kafka-1 ready ("), brokers::toString);
        assertTrue(brokers.out().contains("statefulset/kafka ready: 2/2 pods after "), brokers::toString);

        KafkaCluster model = defaults();
        StatefulSet live = client.apps().statefulSets().withName("kafka").get();
        assertEquals(model.generateStatefulSet(2).getSpec(), live.getSpec());
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
        assertTrue(zookeeper.out().startsWith("service/kafka-zookeeper-headless unchanged\nservice/kafka-zookeeper unchanged\n"
                + "statefulset.apps/kafka-zookeeper unchanged\npoddisruptionbudget.policy/kafka-zookeeper unchanged\n"),
                zookeeper::toString);
        Script.Result brokers = run("deploy-petset", "--timeout", "30s");
        assertTrue(brokers.out().startsWith("statefulset.apps/kafka unchanged\npoddisruptionbudget.policy/kafka unchanged\n"),
                brokers::toString);
        assertEquals(0, brokers.exitCode(), brokers::toString);
    }

    @Test
    void scaleToThreeCreatesTheThirdVolumeAndWaitsForTheThirdBroker() {
        deployTwoBrokers();
        Script.Result plan = run("scale", "--replicas", "3", "--dry-run");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("\n# create persistentvolume/default-data-kafka-2\n---\n"), plan::toString);
        assertEquals(1, plan.out().split("\n---\n", -1).length - 1, "one object, the new volume: " + plan);
        assertTrue(plan.out().contains("\n# scale statefulset.apps/kafka 2 -> 3\n"
                + "# wait until 3 pods of statefulset/kafka are ready (timeout 5m)\n"), plan::toString);

        PlanAndRun.Outcome outcome = inProcess("scale", "--replicas", "3", "--timeout", "30s");
        assertEquals(List.of("create persistentvolume/default-data-kafka-2", "update statefulset.apps/kafka/scale"),
                outcome.written());
        Script.Result scaled = (Script.Result) outcome.run();
        assertTrue(scaled.out().startsWith("persistentvolume/default-data-kafka-2 created\n"
                + "statefulset.apps/kafka scaled\n  replicas 2 -> 3\n"), scaled::toString);
        assertTrue(scaled.out().contains("  kafka-2 ready ("), scaled::toString);
        assertTrue(scaled.out().contains("statefulset/kafka ready: 3/3 pods"), scaled::toString);
        assertEquals(3, client.apps().statefulSets().withName("kafka").get().getStatus().getReadyReplicas());
    }

    @Test
    void anOutOfBandEditIsReportedAndUndoneWhileWhatOthersAddSurvives() {
        deployTwoBrokers();
        client.apps().statefulSets().withName("kafka").edit(live -> new StatefulSetBuilder(live)
                .editMetadata().addToLabels("team", "payments").endMetadata()
                .editSpec().editTemplate()
                    .editMetadata().addToAnnotations("kubectl.kubernetes.io/restartedAt", "2026-11-30T10:00:00Z").endMetadata()
                    .editSpec().editFirstContainer().withImage("confluentinc/cp-kafka:7.9.10").endContainer().endSpec()
                .endTemplate().endSpec()
                .build());

        Script.Result plan = run("deploy-petset", "--dry-run", "--no-wait", "--no-roll");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("# update statefulset.apps/kafka\n#   spec.template.spec.containers[kafka].image:"
                + " confluentinc/cp-kafka:7.9.10 -> confluentinc/cp-kafka:7.9.11\n---\n"), plan::toString);
        assertTrue(plan.out().contains("# poddisruptionbudget.policy/kafka unchanged\n"), plan::toString);

        // No brokers behind these pods to keep safe through a roll: the operator rolls later.
        PlanAndRun.Outcome mended = inProcess("deploy-petset", "--timeout", "30s", "--no-roll");
        assertEquals(List.of("update statefulset.apps/kafka"), mended.written());
        Script.Result run = (Script.Result) mended.run();
        assertTrue(run.out().startsWith("statefulset.apps/kafka updated\n  spec.template.spec.containers[kafka].image:"
                + " confluentinc/cp-kafka:7.9.10 -> confluentinc/cp-kafka:7.9.11\n"), run::toString);
        assertTrue(run.out().contains("warning: the pods of statefulset.apps/kafka run an old pod template until each"
                + " restarts: run roll to restart them one at a time, safely (--no-roll left them)\n"), run::toString);
        StatefulSet live = client.apps().statefulSets().withName("kafka").get();
        assertEquals("confluentinc/cp-kafka:7.9.11", live.getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
        assertEquals("2026-11-30T10:00:00Z", live.getSpec().getTemplate().getMetadata().getAnnotations()
                .get("kubectl.kubernetes.io/restartedAt"), "kubectl rollout restart's annotation survives");
        assertEquals("payments", live.getMetadata().getLabels().get("team"), "a label someone added survives");

        cluster.clearWrites();
        Script.Result again = run("deploy-petset", "--timeout", "30s", "--no-roll");
        assertTrue(again.out().startsWith("statefulset.apps/kafka unchanged\npoddisruptionbudget.policy/kafka unchanged\n"),
                again::toString);
        assertEquals(List.of(), cluster.writes(), "nothing to write when nothing changed");
    }

    @Test
    void aValueTheToolkitNoLongerSetsIsRemovedButOnlyThat() {
        deployTwoBrokers();
        // As if an earlier run had set an annotation of its own, and someone else one of theirs.
        client.services().withName("kafka").edit(live -> {
            java.util.Map<String, String> annotations = new java.util.LinkedHashMap<>(live.getMetadata().getAnnotations());
            String applied = annotations.get("kafka-petset/last-applied");
            annotations.put("kafka-petset/last-applied", applied.replace("\"labels\"",
                    "\"annotations\":{\"kafka-petset/retired\":\"x\"},\"labels\""));
            annotations.put("kafka-petset/retired", "x");
            annotations.put("someone/else", "y");
            live.getMetadata().setAnnotations(annotations);
            return live;
        });
        Script.Result mended = run("deploy-service");
        assertEquals("service/kafka updated\n  metadata.annotations.kafka-petset/retired: x -> (none)\n", mended.out(),
                mended::toString);
        java.util.Map<String, String> annotations = client.services().withName("kafka").get().getMetadata().getAnnotations();
        assertEquals("y", annotations.get("someone/else"));
        assertTrue(!annotations.containsKey("kafka-petset/retired"));
    }

    @Test
    void repointingBrokersWithDataAtAnotherZookeeperIsRefusedUnlessAllowedSayingWhatItCosts() {
        deployTwoBrokers();
        cluster.clearWrites();
        Script.Result refused = run("deploy-petset", "--zookeeper", "zk.elsewhere:2181", "--no-wait");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("error: statefulset.apps/kafka: the brokers keep their metadata in the ZooKeeper at"
                + " kafka-zookeeper:2181, and their data (claims data-kafka-0, data-kafka-1) carries the cluster id kept"
                + " there: pointed at zk.elsewhere:2181 they stop with InconsistentClusterIdException. To keep the"
                + " cluster, pass --zookeeper kafka-zookeeper:2181; to repoint it anyway, --allow-zookeeper-change (its"
                + " brokers' data is then of no use to them)\n", refused.err());
        assertEquals(List.of(), cluster.writes(), "nothing written");

        Script.Result allowed = run("deploy-petset", "--zookeeper", "zk.elsewhere:2181", "--allow-zookeeper-change",
                "--no-wait", "--no-roll");
        assertEquals(0, allowed.exitCode(), allowed::toString);
        assertTrue(allowed.out().startsWith("warning: --allow-zookeeper-change: the brokers keep their metadata in the"
                + " ZooKeeper at kafka-zookeeper:2181"), allowed::toString);
        assertTrue(allowed.out().contains("\nstatefulset.apps/kafka updated\n"), allowed::toString);
    }

    @Test
    void twoClustersAreNotLetIntoOneZookeeperRoot() {
        for (Script.Result result : List.of(run("create-volumes", "--zookeeper", "zk.shared:2181"), run("deploy-service"),
                run("deploy-petset", "--zookeeper", "zk.shared:2181", "--no-wait"),
                run("create-volumes", "--name", "other", "--zookeeper", "zk.shared:2181"),
                run("deploy-service", "--name", "other"))) {
            assertEquals(0, result.exitCode(), result::toString);
        }
        Script.Result refused = run("deploy-petset", "--name", "other", "--zookeeper", "zk.shared:2181", "--no-wait");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("error: cluster kafka keeps its metadata in the ZooKeeper at zk.shared:2181: two clusters in one"
                + " ZooKeeper root take each other's broker ids; give this one a root of its own, e.g. --zookeeper"
                + " zk.shared:2181/other, or its own ensemble (leave out --zookeeper)\n", refused.err());
        Script.Result ownRoot = run("deploy-petset", "--name", "other", "--zookeeper", "zk.shared:2181/other", "--no-wait");
        assertEquals(0, ownRoot.exitCode(), ownRoot::toString);
        // Not in the cluster, so not read: the operator is told what is at stake.
        assertTrue(ownRoot.out().startsWith("warning: ZooKeeper at zk.shared:2181/other is not a pod, or a Service with a"
                + " selector, of this Kubernetes cluster, so it can't be read from here: make sure its root holds no other"
                + " Kafka cluster"),
                ownRoot::toString);
    }

    @Test
    void onlyBrokersOnAnOutsideZookeeperJoinAClusterAndOneBehindAServiceWithoutASelectorIsNotReadFromHere() {
        Script.Result ownEnsemble = run("deploy-petset", "--join-zookeeper-cluster", "SomeCluster", "--dry-run");
        assertEquals(2, ownEnsemble.exitCode(), ownEnsemble::toString);
        assertEquals("error: --join-zookeeper-cluster: only brokers deployed on an outside ZooKeeper (--zookeeper) join a"
                + " Kafka cluster there; cluster kafka has an ensemble of its own\n", ownEnsemble.err());
        Script.Result kraft = run("bring-up", "--metadata", "kraft", "--join-zookeeper-cluster", "SomeCluster", "--dry-run");
        assertEquals(2, kraft.exitCode(), kraft::toString);
        assertEquals("error: --join-zookeeper-cluster: only brokers deployed on an outside ZooKeeper (--zookeeper) join a"
                + " Kafka cluster there; cluster kafka's brokers are not in ZooKeeper mode\n", kraft.err());
        // A Service without a selector stands in front of servers outside the cluster: no pod to forward a port to.
        client.services().resource(new ServiceBuilder().withNewMetadata().withName("zk-front")
                .endMetadata().withNewSpec().addNewPort().withPort(2181).endPort().endSpec().build()).create();
        for (Script.Result result : List.of(run("create-volumes", "--zookeeper", "zk-front:2181"), run("deploy-service"))) {
            assertEquals(0, result.exitCode(), result::toString);
        }
        Script.Result fronted = run("deploy-petset", "--zookeeper", "zk-front:2181", "--dry-run");
        assertEquals(0, fronted.exitCode(), fronted::toString);
        assertTrue(fronted.out().contains("warning: ZooKeeper at zk-front:2181 is not a pod, or a Service with a selector,"
                + " of this Kubernetes cluster, so it can't be read from here: make sure its root holds no other Kafka"
                + " cluster"),
                fronted::toString);
    }

    @Test
    void claimsSmallerThanAskedForAreNamedAndGrownOnlyWhereTheClassAllowsAndTheOperatorAsks() {
        String standard = StandInCluster.STORAGE_CLASS;
        for (Script.Result result : List.of(run("deploy-service"),
                run("deploy-petset", "--storage-class", standard, "--timeout", "30s"))) {
            assertEquals(0, result.exitCode(), result::toString);
        }
        // As the toolkit advises for a bigger --storage-size: the StatefulSet goes, the claims stay.
        client.apps().statefulSets().withName("kafka").withPropagationPolicy(DeletionPropagation.ORPHAN).delete();
        client.apps().statefulSets().withName("kafka").waitUntilCondition(java.util.Objects::isNull, 30, TimeUnit.SECONDS);

        Script.Result fixedSize = run("deploy-petset", "--storage-class", standard, "--storage-size", "2Gi", "--no-wait");
        assertEquals(0, fixedSize.exitCode(), fixedSize::toString);
        assertTrue(fixedSize.out().contains("warning: claims data-kafka-0 (1Gi), data-kafka-1 (1Gi) are smaller than the"
                + " 2Gi asked for: a claim template applies to new claims only, and storage class standard can't grow a"
                + " volume in place; the brokers keep the space they have\n"), fixedSize::toString);

        client.storage().v1().storageClasses().withName(standard).edit(storageClass -> {
            storageClass.setAllowVolumeExpansion(true);
            return storageClass;
        });
        Script.Result offered = run("deploy-petset", "--storage-class", standard, "--storage-size", "2Gi", "--no-wait");
        assertTrue(offered.out().contains("storage class standard allows expansion: run again with --expand-claims to"
                + " grow them\n"), offered::toString);
        // One that kafka-petset did not make is never grown, and then neither is the other.
        client.persistentVolumeClaims().withName("data-kafka-1").edit(claim -> {
            claim.getMetadata().getLabels().remove(Labels.MANAGED_BY_LABEL);
            return claim;
        });
        Script.Result foreign = run("deploy-petset", "--storage-class", standard, "--storage-size", "2Gi", "--expand-claims",
                "--no-wait");
        assertEquals(1, foreign.exitCode(), foreign::toString);
        assertTrue(foreign.err().startsWith("error: persistentvolumeclaim/data-kafka-1 exists and was not made by"
                + " kafka-petset"), foreign::toString);
        assertEquals("1Gi", client.persistentVolumeClaims().withName("data-kafka-0").get().getSpec().getResources()
                .getRequests().get("storage").toString());
        client.persistentVolumeClaims().withName("data-kafka-1").edit(claim -> {
            claim.getMetadata().getLabels().put(Labels.MANAGED_BY_LABEL, Labels.MANAGED_BY);
            return claim;
        });
        PlanAndRun.Outcome grown = inProcess("deploy-petset", "--storage-class", standard,
                "--storage-size", "2Gi", "--expand-claims", "--no-wait");
        assertEquals(List.of("patch persistentvolumeclaim/data-kafka-0", "patch persistentvolumeclaim/data-kafka-1"),
                grown.written());
        assertEquals("2Gi", client.persistentVolumeClaims().withName("data-kafka-1").get().getSpec().getResources()
                .getRequests().get("storage").toString());
    }

    @Test
    void scaleWithNoCreateVolumesRefusesListingTheMissingOnes() {
        deployTwoBrokers();
        cluster.clearWrites();
        Script.Result refused = run("scale", "--replicas", "4", "--no-create-volumes");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("error: the new brokers need volumes, and these are missing: persistentvolume/default-data-kafka-2,"
                + " persistentvolume/default-data-kafka-3 (drop --no-create-volumes, or run create-volumes --replicas 4)\n",
                refused.err());
        assertEquals(List.of(), cluster.writes(), "nothing written");
    }

    @Test
    void aFileThatIsNotAKubeconfigIsBadInputInOneLine() throws Exception {
        java.nio.file.Path notKubeconfig = java.nio.file.Files.createTempFile("kubeconfig", ".yaml");
        java.nio.file.Files.writeString(notKubeconfig, "clusters: [\n");
        Script.Result result = Script.run("deploy-service", "--kubeconfig", notKubeconfig.toString());
        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.err().startsWith("error: " + notKubeconfig + " is not a kubeconfig: "), result::toString);
        assertEquals(1, result.err().lines().count(), result::toString);
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
    @Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anApiServerLostDuringTheWaitEndsItWithinSecondsAsUnreachable() {
        cluster.controller().holdNotReady("kafka-1", "Unhealthy", "Readiness probe failed: broker starting");
        run("create-volumes");
        run("deploy-service");
        // Once the step waits: kafka-0 is ready, kafka-1 is held back.
        CompletableFuture<Void> outage = CompletableFuture.runAsync(() -> {
            client.pods().withName("kafka-0").waitUntilCondition(pod -> pod != null
                    && io.fabric8.kubernetes.client.readiness.Readiness.isPodReady(pod), 1, TimeUnit.MINUTES);
            cluster.stopApiServer();
        });
        Script.Result lost = run("deploy-petset", "--timeout", "1h");
        outage.join();
        assertEquals(3, lost.exitCode(), lost::toString);
        assertTrue(lost.err().startsWith("error: lost the Kubernetes API while waiting for statefulset/kafka ("),
                lost::toString);
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
        cluster.clearWrites();
        Script.Result refused = run("deploy-petset", "--replicas", "2");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertEquals("error: statefulset.apps/kafka runs 3 brokers and this would cut it to 2: pass --replicas 3 to"
                + " keep them, or use scale --replicas 2, which guards the data\n", refused.err());
        assertEquals(List.of(), cluster.writes(), "nothing written");
    }

    @Test
    void immutableChangeIsRefusedBeforeAnyWriteWithTheSafePath() {
        deployTwoBrokers();
        cluster.clearWrites();
        Script.Result refused = run("deploy-petset", "--storage-size", "5Gi", "--no-wait");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: statefulset.apps/kafka can't be changed in place:"
                + " spec.volumeClaimTemplates[data].spec.resources.requests.storage: 1Gi -> 5Gi."), refused::toString);
        assertTrue(refused.err().contains("'kubectl delete statefulset kafka -n default --cascade=orphan' (the pods keep"
                + " running, the claims stay)"), refused::toString);
        assertEquals(List.of(), cluster.writes(), "nothing written");
        assertEquals(1, run("deploy-petset", "--storage-size", "5Gi", "--dry-run").exitCode(), "the dry run refuses too");
    }

    @Test
    void badInputGetsOneLineAndExitTwoWithNothingWritten() {
        String[][] cases = {
            {"deploy-petset", "--replicas", "0"},
            {"deploy-petset", "--name", "Kafka!"},
            {"deploy-petset", "--zookeeper", "zk:21810000"},
            {"deploy-petset", "--zookeeper", "zk"},
            {"deploy-service", "-n", "No_Such"},
            {"create-volumes", "--storage-size", "big"},
            {"scale"},
            {"deploy-petset", "--timeout", "forever"},
            {"deploy-petset", "--dry-run=server"},
            {"deploy-petset", "--timeout", "99999999999999h"},
            {"create-volumes", "--host-path-base", "/data/../../etc"},
            {"create-volumes", "--host-path-base", "/"},
            {"deploy-petset", "--image", "UPPER/Kafka:1"},
            {"deploy-zookeeper", "--zookeeper-replicas", "2"},
        };
        for (String[] bad : cases) {
            Script.Result result = run(bad[0], java.util.Arrays.copyOfRange(bad, 1, bad.length));
            assertEquals(2, result.exitCode(), result::toString);
            assertTrue(result.err().startsWith("error: ") && result.err().indexOf('\n') == result.err().length() - 1,
                    "one line: " + result);
        }
        assertEquals(List.of(), cluster.writes(), "nothing written");
    }

    /**
     * Another's ConfigMap named as a KRaft cluster's record of its id says nothing of this
     * cluster: the steps before the brokers go on beside it, deploy-petset refuses to read it (a
     * record of ours there would say the data left ZooKeeper), status lists it as a problem, and
     * teardown, data and all, leaves it where it is.
     */
    @Test
    void anothersRecordOfAClusterIdIsNeitherReadNorRemoved() {
        client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("kafka-kraft").endMetadata().addToData("cluster-id", "MkU3OEVBNTcwNTJENDM2Qk")
                .build()).create();

        assertEquals(0, run("create-volumes").exitCode());
        assertEquals(0, run("deploy-service").exitCode());
        Script.Result brokers = run("deploy-petset");
        assertEquals(1, brokers.exitCode(), brokers::toString);
        assertTrue(brokers.err().startsWith("error: configmap/kafka-kraft exists and was not made by kafka-petset"),
                brokers::toString);
        Script.Result status = run("status");
        assertEquals(1, status.exitCode(), status::toString);
        assertTrue(status.out().contains("problem: configmap/kafka-kraft exists and was not made by kafka-petset (no"
                + " app.kubernetes.io/managed-by=kafka-petset label): refusing to read it; if it is this cluster's record"
                + " of its id, label it app.kubernetes.io/managed-by=kafka-petset; if not,"), status::toString);
        Script.Result teardown = run("teardown", "--delete-data", "--yes", "--timeout", "30s");
        assertEquals(0, teardown.exitCode(), teardown::toString);
        assertTrue(teardown.out().contains("configmap/kafka-kraft was not made by kafka-petset: left alone")
                && teardown.out().contains("persistentvolume/default-data-kafka-0 deleted"), teardown::toString);
        assertEquals("MkU3OEVBNTcwNTJENDM2Qk", client.configMaps().inNamespace("default").withName("kafka-kraft").get()
                .getData().get("cluster-id"));
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
        cluster.clearWrites();
        Script.Result result = run("deploy-petset", "--replicas", "3");
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("error: 1 of the 3 volumes the pods need are missing (persistentvolume/default-data-kafka-2): run"
                + " create-volumes --replicas 3 first\n", result.err());
        assertEquals(List.of(), cluster.writes(), "nothing written");
    }

    @Test
    void unreachableForbiddenAndUnknownContextsExitThree() {
        Script.Result down = run("deploy-service", "--context", StandInCluster.UNREACHABLE_CONTEXT);
        assertEquals(3, down.exitCode(), down::toString);
        assertTrue(down.err().startsWith("error: cannot reach the Kubernetes API: "), down::toString);

        Script.Result unknown = run("deploy-service", "--context", "prod");
        assertEquals(3, unknown.exitCode(), unknown::toString);
        assertEquals("error: context 'prod' is not in the kubeconfig (it has: stand-in, stand-in-team, unreachable,"
                + " silent, untrusted)\n", unknown.err());

        Script.Result silent = run("deploy-service", "--context", StandInCluster.SILENT_CONTEXT);
        assertEquals(3, silent.exitCode(), silent::toString);
        assertTrue(silent.err().startsWith("error: cannot reach the Kubernetes API: no answer ("), silent::toString);

        Script.Result untrusted = run("deploy-service", "--context", StandInCluster.UNTRUSTED_CONTEXT);
        assertEquals(3, untrusted.exitCode(), untrusted::toString);
        assertTrue(untrusted.err().startsWith("error: cannot reach the Kubernetes API: its certificate is not trusted ("),
                untrusted::toString);

        Script.Result noFile = Script.run("deploy-service", "--kubeconfig", "no/such/kubeconfig");
        assertEquals(2, noFile.exitCode(), "a --kubeconfig that isn't there is bad input: " + noFile);
        assertEquals("error: --kubeconfig no/such/kubeconfig: no such file\n", noFile.err());

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
        client.apps().statefulSets().resource(new StatefulSetBuilder(defaults().generateStatefulSet(2))
                .editMetadata().withLabels(java.util.Map.of("app", "someone-else")).withAnnotations(null).endMetadata()
                .build()).create();
        run("create-volumes");
        run("deploy-service");
        Script.Result refused = run("deploy-petset", "--no-wait");
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.err().startsWith("error: statefulset.apps/kafka exists and was not made by kafka-petset"),
                refused::toString);
        // Nor is it rolled (marking its template restarted would restart its pods at once), scaled or upgraded.
        for (List<String> step : List.of(List.of("roll"), List.of("scale", "--replicas", "3"),
                List.of("upgrade", "--image", "confluentinc/cp-kafka:7.9.11"))) {
            Script.Result other = run(step.get(0), step.subList(1, step.size()).toArray(String[]::new));
            assertEquals(1, other.exitCode(), other::toString);
            assertTrue(other.err().startsWith("error: statefulset.apps/kafka exists and was not made by kafka-petset"),
                    other::toString);
        }
        StatefulSet theirs = client.apps().statefulSets().withName("kafka").get();
        assertEquals(2, theirs.getSpec().getReplicas());
        assertTrue(theirs.getSpec().getTemplate().getMetadata().getAnnotations() == null || !theirs.getSpec().getTemplate()
                .getMetadata().getAnnotations().containsKey(RollStep.RESTARTED_AT), theirs::toString);
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

    /** The default cluster these tests deploy: plaintext. */
    private static KafkaCluster defaults() {
        return new KafkaCluster(CommandLine.populateCommand(new ClusterOptions(), Plaintext.options().toArray(String[]::new))
                .spec("default"));
    }
}
