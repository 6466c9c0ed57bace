package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.model.ClusterOptions;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Manifests;
import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * bring-up's plan and its stop-and-resume; the whole bring-up against real servers is in the
 * end-to-end test.
 */
class BringUpTest {

    @Test
    void dryRunPrintsThePlanThenEveryManifestWithoutACluster() {
        Script.Result plan = Script.run("bring-up", "--dry-run", "--kubeconfig", Path.of("no", "such", "file").toString());
        assertEquals(2, plan.exitCode(), "a bad --kubeconfig is still refused: " + plan);

        Script.Result dryRun = Script.run("bring-up", "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        KafkaCluster defaults = new KafkaCluster(ClusterSpec.from(CommandLine.populateCommand(new ClusterOptions()),
                "default", 2));
        assertTrue(dryRun.out().startsWith("# The bring-up runs these steps, each of which can also be run alone:\n"
                + "#   [1/7] jbang create-volumes@catalog: "), dryRun::toString);
        assertTrue(dryRun.out().contains("#   [7/7] jbang smoke-produce@catalog: "), dryRun::toString);
        assertTrue(dryRun.out().endsWith("# and applies these objects:\n" + Manifests.yaml(defaults.allObjects())),
                dryRun::toString);

        Script.Result json = Script.run("bring-up", "--dry-run", "-o", "json", "--replicas", "3");
        assertEquals(0, json.exitCode(), json::toString);
        KubernetesList list = new KubernetesSerialization().unmarshal(json.out(), KubernetesList.class);
        assertEquals(16, list.getItems().size(), "6 ZooKeeper and 3 broker volumes, 2+1 services, 2 StatefulSets, 2 budgets");
    }

    @Test
    void stopsAtTheFirstFailedStepWithTheReasonAndTheCommandThatResumes() {
        try (StandInCluster cluster = StandInCluster.start()) {
            // The stand-in's default pods serve nothing: the first check can't reach ZooKeeper.
            Script.Result stopped = Script.run("bring-up", "--kubeconfig", cluster.kubeconfig().toString(),
                    "--zookeeper-replicas", "1", "--timeout", "30s");
            assertEquals(3, stopped.exitCode(), "ZooKeeper unreachable: " + stopped);
            assertTrue(stopped.out().startsWith("[1/7] create-volumes: "), stopped::toString);
            assertTrue(stopped.out().contains("\n    persistentvolume/default-data-zookeeper-0 created\n"), stopped::toString);
            assertTrue(stopped.out().contains("\ndone in "), stopped::toString);
            assertTrue(stopped.out().contains("\n[3/7] check-zookeeper: ZooKeeper at zookeeper:2181 has a quorum\n"),
                    stopped::toString);
            assertTrue(!stopped.out().contains("[4/7]"), "nothing after the failed step runs: " + stopped);
            assertTrue(stopped.err().startsWith("error: bring-up stopped at step 3/7 (check-zookeeper): "), stopped::toString);
            assertTrue(stopped.err().endsWith(". Once that is fixed, run again: jbang bring-up@catalog --kubeconfig "
                    + cluster.kubeconfig() + " --zookeeper-replicas 1 --timeout 30s (the steps already done find"
                    + " everything in place)\n"), stopped::toString);

            Script.Result again = Script.run("bring-up", "--kubeconfig", cluster.kubeconfig().toString(),
                    "--zookeeper-replicas", "1", "--timeout", "30s");
            assertTrue(again.out().contains("\n    persistentvolume/default-data-zookeeper-0 unchanged\n"), again::toString);
            assertTrue(again.out().contains("\n    statefulset.apps/zookeeper unchanged\n"), again::toString);
        }
    }
}
