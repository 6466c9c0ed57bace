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
    private final KafkaCluster cluster = Specs.cluster(2);
    private final ZookeeperEnsemble ensemble = cluster.ensemble().orElseThrow();
    private final StatefulSet statefulSet = ensemble.generateStatefulSet();
    private final Container server = statefulSet.getSpec().getTemplate().getSpec().getContainers().get(0);

    @Test
    void brokersUseTheEnsemblesClientServiceUnlessGivenAZookeeper() {
        assertEquals("zookeeper:2181", cluster.spec().zookeeper().toString());
        Service client = ensemble.generateServices().get(1);
        assertEquals(ZookeeperEnsemble.connectString(),
                client.getMetadata().getName() + ":" + client.getSpec().getPorts().get(0).getPort());
        KafkaCluster external = Specs.cluster(2, "--zookeeper", "zk.other:2181/kafka");
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
        assertEquals("zookeeper-0.zookeeper-headless.default.svc:2888:3888;"
                + "zookeeper-1.zookeeper-headless.default.svc:2888:3888;"
                + "zookeeper-2.zookeeper-headless.default.svc:2888:3888", env("ZOOKEEPER_SERVERS"));
    }

    @Test
    void aSingleServerRunsStandalone() {
        ZookeeperEnsemble single = Specs.cluster(1, "--zookeeper-replicas", "1").ensemble().orElseThrow();
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
        assertEquals(List.of("default-data-zookeeper-0", "default-datalog-zookeeper-0", "default-data-zookeeper-1",
                "default-datalog-zookeeper-1", "default-data-zookeeper-2", "default-datalog-zookeeper-2"),
                volumes.stream().map(v -> v.getMetadata().getName()).toList());
        assertEquals("datalog-zookeeper-1", volumes.get(3).getSpec().getClaimRef().getName());
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
        assertThrows(ToolException.class, () -> Specs.spec(1, "--zookeeper-replicas", "0"));
        assertThrows(ToolException.class, () -> Specs.spec(1, "--zookeeper-replicas", "256"));
    }

    private String env(String name) {
        return server.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow();
    }
}
