package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Manifests;
import dev.kafkapetset.model.VolumeNodes;
import dev.kafkapetset.testkit.kube.StandInCluster;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * bring-up's plan and its stop-and-resume; the whole bring-up against real servers is in the
 * end-to-end test.
 */
class BringUpTest {

    @Test
    void dryRunWithoutAClusterPrintsEveryStepsPlanAsForAnEmptyNamespace() {
        Script.Result plan = Script.run("bring-up", "--dry-run", "--kubeconfig", Path.of("no", "such", "file").toString());
        assertEquals(2, plan.exitCode(), "a bad --kubeconfig is still refused: " + plan);

        Script.Result dryRun = Script.run("bring-up", "--dry-run=client");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        KafkaCluster defaults = new KafkaCluster(CommandLine.populateCommand(new ClusterOptions()).spec("default"));
        assertTrue(dryRun.out().startsWith("# dry run, planned without a cluster (--dry-run=client): as a run would on an"
                + " empty namespace default\n# [1/8] create-volumes: "), dryRun::toString);
        List<String> headings = dryRun.out().lines().filter(line -> line.matches("# \\[\\d/8\\] .*")).toList();
        assertEquals(List.of("create-volumes", "create-secrets", "deploy-zookeeper", "check-zookeeper", "deploy-service", "deploy-petset",
                "check-zookeeper", "smoke-produce"), headings.stream().map(line -> line.split(" ")[2].replace(":", ""))
                .toList());
        for (var object : defaults.allObjects(2, VolumeNodes.UNPINNED)) {
            assertTrue(dryRun.out().contains(Manifests.yaml(List.of(object))), () -> object.getMetadata().getName()
                    + " missing: " + dryRun);
        }
        assertTrue(dryRun.out().contains("\n# wait until 2 pods of statefulset/kafka are ready (timeout 5m)\n"),
                dryRun::toString);

        Script.Result json = Script.run("bring-up", "--dry-run=client", "-o", "json", "--replicas", "3");
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode whole = JsonMapper.builder().build().readTree(json.out());
        assertEquals(8, whole.path("steps").size());
        assertEquals(23, PlanAndRun.writes(whole).size(), "6 ZooKeeper and 3 broker volumes, 5 Secrets, 2+1 services,"
                + " 2 StatefulSets, 2 budgets, 2 network policies: " + PlanAndRun.writes(whole));
    }

    @Test
    void aKRaftClustersRunbookHasControllersInPlaceOfZooKeeperAndPlansItsRandomIdUnknown() {
        // Secured, as a new cluster is by default: the controllers get keystores, and a policy around their port.
        Script.Result dryRun = Script.run("bring-up", "--dry-run=client", "--metadata", "kraft", "--controllers", "1",
                "--replicas", "3");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        List<String> headings = dryRun.out().lines().filter(line -> line.matches("# \\[\\d/6\\] .*")).toList();
        assertEquals(List.of("create-volumes", "create-secrets", "deploy-controllers", "deploy-service", "deploy-petset",
                "smoke-produce"), headings.stream().map(line -> line.split(" ")[2].replace(":", "")).toList());
        assertTrue(dryRun.out().contains("  cluster-id: \"(a new random id, made when applied)\"\n"), dryRun::toString);
        assertTrue(dryRun.out().contains("# create persistentvolume/default-data-kafka-controller-0\n")
                && !dryRun.out().contains("zookeeper"), dryRun::toString);
        assertTrue(dryRun.out().contains("  kafka-controller-0.keystore.p12: \"(redacted)\"\n")
                && dryRun.out().contains("# create networkpolicy.networking.k8s.io/kafka-controller\n"), dryRun::toString);
        assertTrue(dryRun.out().contains("\n# wait until 1 pod of statefulset/kafka-controller is ready (timeout 5m)\n"),
                dryRun::toString);
    }

    @Test
    void stopsAtTheFirstFailedStepWithTheReasonAndTheCommandThatResumes() {
        try (StandInCluster cluster = StandInCluster.start()) {
            // The stand-in's default pods serve nothing: the first check can't reach ZooKeeper.
            Script.Result stopped = Script.run("bring-up", "--kubeconfig", cluster.kubeconfig().toString(),
                    "--zookeeper-replicas", "1", "--timeout", "30s");
            assertEquals(3, stopped.exitCode(), "ZooKeeper unreachable: " + stopped);
            assertTrue(stopped.out().startsWith("[1/8] create-volumes: "), stopped::toString);
            assertTrue(stopped.out().contains("\n    persistentvolume/default-data-kafka-zookeeper-0 created\n"), stopped::toString);
            assertTrue(stopped.out().contains("\ndone in "), stopped::toString);
            assertTrue(stopped.out().contains("\n[2/8] create-secrets: "), stopped::toString);
            assertTrue(stopped.out().contains("\n[4/8] check-zookeeper: ZooKeeper at kafka-zookeeper:2181 has a quorum\n"),
                    stopped::toString);
            assertTrue(!stopped.out().contains("[5/8]"), "nothing after the failed step runs: " + stopped);
            assertTrue(stopped.err().startsWith("error: bring-up stopped at step 4/8 (check-zookeeper): "), stopped::toString);
            assertTrue(stopped.err().endsWith(". Once that is fixed, run again: jbang bring-up@catalog --kubeconfig "
                    + cluster.kubeconfig() + " --zookeeper-replicas 1 --timeout 30s (the steps already done find"
                    + " everything in place)\n"), stopped::toString);

            Script.Result again = Script.run("bring-up", "--kubeconfig", cluster.kubeconfig().toString(),
                    "--zookeeper-replicas", "1", "--timeout", "30s");
            assertTrue(again.out().contains("\n    persistentvolume/default-data-kafka-zookeeper-0 unchanged\n"), again::toString);
            assertTrue(again.out().contains("\n    statefulset.apps/kafka-zookeeper unchanged\n"), again::toString);
            assertTrue(again.out().contains("\n    secret/kafka-ca unchanged\n"), again::toString);
        }
    }
}
