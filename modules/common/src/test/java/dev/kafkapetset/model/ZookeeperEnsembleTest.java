package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ZookeeperEnsembleTest {
    private final KafkaCluster cluster = Specs.cluster();
    private final ZookeeperEnsemble ensemble = cluster.ensemble().orElseThrow();
    private final StatefulSet statefulSet = ensemble.generateStatefulSet();
    private final Container server = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);

    @Test
    void brokersUseTheEnsemblesClientServiceUnlessGivenAZookeeper() {
        assertEquals("kafka-zookeeper:2181", cluster.spec().zookeeper().toString());
        Service client = ensemble.generateServices().get(1);
        assertEquals(ZookeeperEnsemble.connect("kafka").toString(),
                client.getMetadata().getName() + ":" + client.getSpec().getPorts().get(0).getPort());
        KafkaCluster external = Specs.cluster("--zookeeper", "zk.other:2181/kafka");
        assertEquals(Optional.empty(), external.ensemble());
        assertEquals("zk.other:2181/kafka", external.spec().zookeeper().toString());
    }

    @Test
    void threeServersByDefaultFoundThroughTheHeadlessService() {
        assertEquals(3, statefulSet.getSpec().getReplicas());
        Service headless = ensemble.generateServices().get(0);
        assertEquals("None", headless.getSpec().getClusterIP());
        assertEquals(true, headless.getSpec().getPublishNotReadyAddresses());
        assertEquals(headless.getMetadata().getName(), statefulSet.getSpec().getServiceName());
        assertEquals(List.of(2181, 2888, 3888), headless.getSpec().getPorts().stream().map(p -> p.getPort()).toList());
        assertEquals("kafka-zookeeper-0.kafka-zookeeper-headless.default.svc:2888:3888;"
                + "kafka-zookeeper-1.kafka-zookeeper-headless.default.svc:2888:3888;"
                + "kafka-zookeeper-2.kafka-zookeeper-headless.default.svc:2888:3888", env("ZOOKEEPER_SERVERS"));
    }

    @Test
    void aSingleServerRunsStandalone() {
        ZookeeperEnsemble single = Specs.cluster("--zookeeper-replicas", "1").ensemble().orElseThrow();
        Container alone = single.generateStatefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(alone.getEnv().stream().noneMatch(e -> e.getName().equals("ZOOKEEPER_SERVERS")));
    }

    @Test
    void startsInParallelBecauseReadinessNeedsAQuorum() {
        assertEquals("Parallel", statefulSet.getSpec().getPodManagementPolicy());
        String readiness = String.join(" ", server.getReadinessProbe().getExec().getCommand());
        assertTrue(readiness.contains("echo srvr") && readiness.contains("^Mode: "), readiness);
        String liveness = String.join(" ", server.getLivenessProbe().getExec().getCommand());
        assertTrue(liveness.contains("echo ruok") && liveness.contains("^imok"), liveness);
    }

    @Test
    void theWordsTheProbesAndChecksUseAreWhitelisted() {
        assertEquals("-Dzookeeper.4lw.commands.whitelist=ruok,srvr,mntr", env("KAFKA_OPTS"));
    }

    @Test
    void dataAndTransactionLogHaveAVolumeEachPerServer() {
        List<PersistentVolume> volumes = ensemble.generateVolumes();
        assertEquals(List.of("default-data-kafka-zookeeper-0", "default-datalog-kafka-zookeeper-0",
                "default-data-kafka-zookeeper-1", "default-datalog-kafka-zookeeper-1", "default-data-kafka-zookeeper-2",
                "default-datalog-kafka-zookeeper-2"), volumes.stream().map(v -> v.getMetadata().getName()).toList());
        assertEquals("datalog-kafka-zookeeper-1", volumes.get(3).getSpec().getClaimRef().getName());
        assertEquals(List.of("/var/lib/zookeeper/data", "/var/lib/zookeeper/log"),
                server.getVolumeMounts().stream().map(m -> m.getMountPath()).toList());
        assertEquals(List.of("data", "datalog"), statefulSet.getSpec().getVolumeClaimTemplates().stream()
                .map(c -> c.getMetadata().getName()).toList());
    }

    @Test
    void selectorsAreThePodLabelsStableSubset() {
        assertEquals(ensemble.labels().selector(), statefulSet.getSpec().getSelector().getMatchLabels());
        assertEquals(ensemble.labels().selector(), ensemble.generatePodDisruptionBudget().getSpec().getSelector()
                .getMatchLabels());
        ensemble.generateServices().forEach(s -> assertEquals(ensemble.labels().selector(), s.getSpec().getSelector()));
        assertEquals(ensemble.labels().selector(), statefulSet.getSpec().getTemplate().getSpec().getAffinity()
                .getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm()
                .getLabelSelector().getMatchLabels());
        assertEquals("confluentinc/cp-zookeeper:7.9.11", server.getImage());
    }

    @Test
    void serverCountOutsideZookeepersIdsIsAUsageError() {
        assertThrows(ToolException.class, () -> Specs.spec("--zookeeper-replicas", "0"));
        assertThrows(ToolException.class, () -> Specs.spec("--zookeeper-replicas", "256"));
    }

    @Test
    void anEvenServerCountIsRefusedForItToleratesNoMoreFailuresThanOneFewer() {
        ToolException even = assertThrows(ToolException.class, () -> Specs.spec("--zookeeper-replicas", "4"));
        assertEquals("--zookeeper-replicas 4 is even: a quorum of 4 servers needs 3, so it survives no more failures"
                + " than 3 servers would; choose 3 or 5", even.getMessage());
    }

    @Test
    void eachClusterHasAnEnsembleOfItsOwnWithLabelsThatTellThemApart() {
        ZookeeperEnsemble other = Specs.cluster("--name", "other").ensemble().orElseThrow();
        assertEquals("other-zookeeper", other.statefulSetName());
        assertEquals("other-zookeeper-headless", other.headlessServiceName());
        assertEquals("other-zookeeper:2181", Specs.spec("--name", "other").zookeeper().toString());
        assertTrue(!other.labels().selector().equals(ensemble.labels().selector()));
        assertTrue(!other.volumeSelector().equals(ensemble.volumeSelector()));
    }

    private String env(String name) {
        return server.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow();
    }
}
