package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.VolumeNodes;
import dev.kafkapetset.testkit.kube.PodRuntime;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.kube.StandInNodes;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

/**
 * hostPath volumes on a cluster of three nodes: each pinned to one node, spread, the plan's nodes
 * the ones applied, a re-run or a scale keeping the nodes volumes already have.
 */
class VolumePinningTest {
    private StandInCluster cluster;
    private KubernetesClient client;

    @BeforeEach
    void startCluster() {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        for (String node : List.of("node-a", "node-b", "node-c")) {
            nodes.put(node, Map.of());
        }
        cluster = StandInCluster.start(PodRuntime.readyAfter(StandInCluster.READY_AFTER), StandInNodes.of(nodes));
        client = cluster.client();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    private Script.Result run(String script, String... args) {
        return Plaintext.run(cluster, script, args);
    }

    @Test
    void eachPodsVolumesArePinnedToOneNodeSpreadOverTheNodesAsPlannedAndKeptOnReRuns() {
        PlanAndRun.Outcome created = PlanAndRun.inProcess(cluster, "create-volumes", Plaintext.options("--replicas", "3")
                .toArray(String[]::new));
        Map<String, String> planned = new TreeMap<>();
        for (JsonNode step : created.plan().path("steps")) {
            for (JsonNode entry : step.path("plan")) {
                JsonNode values = entry.path("manifest").path("spec").path("nodeAffinity").path("required")
                        .path("nodeSelectorTerms").path(0).path("matchExpressions").path(0).path("values");
                planned.put(entry.path("name").asString(), values.path(0).asString());
            }
        }
        Map<String, String> pinned = pinnedVolumes();
        assertEquals(Map.of(
                "default-data-kafka-0", "node-a", "default-data-kafka-1", "node-b", "default-data-kafka-2", "node-c",
                "default-data-kafka-zookeeper-0", "node-a", "default-datalog-kafka-zookeeper-0", "node-a",
                "default-data-kafka-zookeeper-1", "node-b", "default-datalog-kafka-zookeeper-1", "node-b",
                "default-data-kafka-zookeeper-2", "node-c", "default-datalog-kafka-zookeeper-2", "node-c"), pinned);
        assertEquals(pinned, planned, "the dry run showed the nodes the run used");

        // node-a cordoned: a re-run keeps every volume where it is; new brokers go to the schedulable
        // nodes holding fewest of the brokers' volumes, and --node names them.
        client.nodes().withName("node-a").edit(node -> {
            node.getSpec().setUnschedulable(true);
            return node;
        });
        Script.Result again = run("create-volumes", "--replicas", "5");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("persistentvolume/default-data-kafka-0 unchanged\n"), again::toString);
        assertEquals("node-b", pinnedVolumes().get("default-data-kafka-3"));
        assertEquals("node-c", pinnedVolumes().get("default-data-kafka-4"));
        Script.Result named = run("create-volumes", "--replicas", "6", "--node", "node-c");
        assertEquals(0, named.exitCode(), named::toString);
        assertEquals("node-c", pinnedVolumes().get("default-data-kafka-5"));

        Script.Result cordoned = run("create-volumes", "--replicas", "7", "--node", "node-a");
        assertEquals(1, cordoned.exitCode(), cordoned::toString);
        assertEquals("error: --node node-a: that node takes no pods now (cordoned, not Ready or tainted); schedulable"
                + " nodes: node-b, node-c\n", cordoned.err());
        Script.Result unknown = run("create-volumes", "--replicas", "7", "--node", "node-x", "--dry-run");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("--node node-x: no such node;"), unknown::toString);
    }

    @Test
    void aVolumeMadeUnpinnedIsPinnedWhereItsPodRunsAndLeftWithAWarningWhileNoPodSaysWhere() {
        // As create-volumes made it before volumes were pinned.
        client.persistentVolumes().resource(new KafkaCluster(CommandLine.populateCommand(new ClusterOptions(), "--security",
                "plaintext", "--zookeeper", "zk:2181").spec("default")).generateVolumes(1).get(0)).create();
        Script.Result created = run("create-volumes", "--zookeeper", "zk:2181", "--replicas", "2");
        assertEquals(0, created.exitCode(), created::toString);
        assertTrue(created.out().contains("persistentvolume/default-data-kafka-0 unchanged\n"), created::toString);
        assertTrue(created.out().contains("warning: persistentvolume/default-data-kafka-0 is pinned to no node (made before"
                + " volumes were pinned), and no pod uses it now"), created::toString);
        assertEquals(null, pinnedVolumes().get("default-data-kafka-0"));
        // The new broker goes to the node with fewest of the brokers' pinned volumes: none anywhere yet.
        assertEquals("node-a", pinnedVolumes().get("default-data-kafka-1"));

        // Its broker runs: the node it runs on is where its data is, and the volume is given that node.
        assertEquals(0, run("deploy-service", "--zookeeper", "zk:2181").exitCode());
        assertEquals(0, run("deploy-petset", "--zookeeper", "zk:2181", "--replicas", "2", "--timeout", "30s").exitCode());
        String node = client.pods().withName("kafka-0").get().getSpec().getNodeName();
        PlanAndRun.Outcome pinned = PlanAndRun.inProcess(cluster, "create-volumes", Plaintext.options("--zookeeper",
                "zk:2181", "--replicas", "2").toArray(String[]::new));
        assertEquals(List.of("update persistentvolume/default-data-kafka-0"), pinned.written());
        assertEquals(node, pinnedVolumes().get("default-data-kafka-0"));
    }

    @Test
    void rackAwareVolumesSpreadOverZonesAndTheRacksAreThoseZones() {
        String[] racked = {"--rack-topology-key", StandInNodes.ZONE_LABEL, "--zookeeper", "zk:2181"};
        Script.Result unlabelled = run("create-volumes", withOptions(racked, "--replicas", "2"));
        assertEquals(1, unlabelled.exitCode(), unlabelled::toString);
        assertTrue(unlabelled.err().contains("or without label topology.kubernetes.io/zone), so there is none to pin the"
                + " volumes to"), unlabelled::toString);
        assertEquals(List.of(), client.persistentVolumes().list().getItems(), "refused before any write");

        Map<String, String> zones = Map.of("node-a", "zone-1", "node-b", "zone-1", "node-c", "zone-2");
        zones.forEach((node, zone) -> client.nodes().withName(node).edit(labelled -> {
            labelled.getMetadata().getLabels().put(StandInNodes.ZONE_LABEL, zone);
            return labelled;
        }));
        assertEquals(0, run("create-volumes", withOptions(racked, "--replicas", "2")).exitCode());
        // Over the zones first: node-b would be next by name, but node-c is the other zone.
        assertEquals(Map.of("default-data-kafka-0", "node-a", "default-data-kafka-1", "node-c"), pinnedVolumes());
        assertEquals(0, run("deploy-service", racked).exitCode());
        PlanAndRun.inProcess(cluster, "deploy-petset", Plaintext.options(withOptions(racked, "--replicas", "2", "--timeout",
                "30s")).toArray(String[]::new));
        assertEquals(Map.of("0", "zone-1", "1", "zone-2"), client.configMaps().withName("kafka-racks").get().getData());

        // Without the option a step keeps what runs; with another label it refuses.
        Script.Result kept = run("deploy-petset", "--zookeeper", "zk:2181", "--replicas", "2", "--timeout", "30s");
        assertEquals(0, kept.exitCode(), kept::toString);
        assertTrue(kept.out().contains("configmap/kafka-racks unchanged\n"), kept::toString);
        Script.Result other = run("deploy-petset", "--zookeeper", "zk:2181", "--replicas", "2", "--rack-topology-key",
                "example.com/row", "--dry-run");
        assertEquals(1, other.exitCode(), other::toString);
        assertTrue(other.err().contains("runs rack-aware brokers (--rack-topology-key topology.kubernetes.io/zone): turning"
                + " racks to another label is not something this version does"), other::toString);

        // Scaling up pins the new broker's volume, then writes its rack, as planned.
        PlanAndRun.Outcome scaled = PlanAndRun.inProcess(cluster, "scale", Plaintext.options("--zookeeper", "zk:2181",
                "--replicas", "3", "--timeout", "30s").toArray(String[]::new));
        assertEquals(List.of("create persistentvolume/default-data-kafka-2", "update configmap/kafka-racks",
                "update statefulset.apps/kafka/scale"), scaled.written());
        assertEquals("zone-1", client.configMaps().withName("kafka-racks").get().getData().get("2"));

        client.nodes().withName("node-c").edit(unlabel -> {
            unlabel.getMetadata().getLabels().remove(StandInNodes.ZONE_LABEL);
            return unlabel;
        });
        Script.Result lost = run("deploy-petset", "--zookeeper", "zk:2181", "--replicas", "3", "--dry-run");
        assertEquals(1, lost.exitCode(), lost::toString);
        assertEquals("error: node node-c (broker 1's) has no label topology.kubernetes.io/zone to take its rack from: label"
                + " it ('kubectl label node node-c topology.kubernetes.io/zone=<rack>') or leave out --rack-topology-key\n",
                lost.err());
    }

    private static String[] withOptions(String[] options, String... more) {
        List<String> all = new ArrayList<>(List.of(options));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private Map<String, String> pinnedVolumes() {
        Map<String, String> pinned = new TreeMap<>();
        for (PersistentVolume volume : client.persistentVolumes().list().getItems()) {
            VolumeNodes.nodeOf(volume).ifPresent(node -> pinned.put(volume.getMetadata().getName(), node));
        }
        return pinned;
    }
}
