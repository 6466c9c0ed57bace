package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterSpecTest {

    @Test
    void defaultsAreTheSeedsWhereTheSeedWasRight() {
        ClusterSpec spec = Specs.spec();
        assertEquals("kafka", spec.name());
        assertEquals("default", spec.namespace());
        assertEquals(2, spec.requireBrokers(2, "--replicas"));
        assertEquals("kafka-zookeeper:2181", spec.zookeeper().toString());
        assertEquals(new Storage.HostPath("/data/kafka-petset", "1Gi"), spec.storage());
        assertEquals("confluentinc/cp-kafka:7.9.11", spec.image());
        assertEquals(19092, spec.operatorPortBase());
    }

    @Test
    void storageClassMeansProvisionedVolumes() {
        Storage storage = Specs.spec("--storage-class", "fast-ssd", "--storage-size", "20Gi").storage();
        assertEquals(new Storage.Provisioned("fast-ssd", "20Gi"), storage);
    }

    @Test
    void hostPathBaseIsNormalised() {
        Storage storage = Specs.spec("--host-path-base", "/mnt//disks/./kafka/").storage();
        assertEquals("/mnt/disks/kafka", assertInstanceOf(Storage.HostPath.class, storage).baseDirectory());
    }

    @Test
    void zookeeperAddressKeepsServersAndChroot() {
        ZookeeperConnect zookeeper =
                Specs.spec("--zookeeper", "zk-0.zk:2181,zk-1.zk:2182/kafka/prod").zookeeper();
        assertEquals(List.of(new ZookeeperConnect.Server("zk-0.zk", 2181), new ZookeeperConnect.Server("zk-1.zk", 2182)),
                zookeeper.servers());
        assertEquals("/kafka/prod", zookeeper.chroot());
        assertEquals("zk-0.zk:2181,zk-1.zk:2182/kafka/prod", zookeeper.toString());
    }

    @ParameterizedTest(name = "{0} replicas, {1} {2}")
    @CsvSource(delimiter = '|', value = {
        "0 | --name            | kafka                | --replicas must be at least 1, not 0",
        "2 | --name            | Kafka                | cluster name 'Kafka' is not a valid DNS-1123 label",
        "2 | --name            | kafka_1              | cluster name 'kafka_1' is not a valid DNS-1123 label",
        "2 | --name            | a-name-that-is-far-too-long-for-a-statefulset-of-brokers | is longer than 42 characters",
        "2 | --zookeeper       | zookeeper            | ZooKeeper server 'zookeeper' in 'zookeeper' is not host:port",
        "2 | --zookeeper       | zookeeper:99999      | ZooKeeper port '99999' in 'zookeeper:99999' is not a port",
        "2 | --zookeeper       | zookeeper:port       | ZooKeeper port 'port' in 'zookeeper:port' is not a port",
        "2 | --zookeeper       | zk:2181,             | ZooKeeper server '' in 'zk:2181,' is not host:port",
        "2 | --zookeeper       | zk_1:2181            | ZooKeeper host 'zk_1' in 'zk_1:2181' is not a valid host name",
        "2 | --zookeeper       | zk:2181/             | ZooKeeper chroot '/' is not a path such as /kafka",
        "2 | --storage-size    | lots                 | --storage-size 'lots' is not a positive quantity",
        "2 | --storage-size    | 0Gi                  | --storage-size '0Gi' is not a positive quantity",
        "2 | --storage-class   | Fast_SSD             | --storage-class 'Fast_SSD' is not a valid class name",
        "2 | --host-path-base  | data/kafka           | --host-path-base 'data/kafka' must be an absolute directory",
        "2 | --image           | confluentinc/cp-kafka | --image 'confluentinc/cp-kafka' must name a version tag or digest",
        "2 | --image           | confluentinc/cp-kafka:latest | must name a version tag or digest (not latest)",
        "2 | --image           | UPPER/Kafka:1        | --image 'UPPER/Kafka:1' is not an image reference",
        "2 | --image           | cp-kafka:7.9 extra   | is not an image reference",
        "2 | --host-path-base  | /                    | --host-path-base '/' is a system directory of the node",
        "2 | --host-path-base  | /data/../../etc      | --host-path-base '/data/../../etc' is /etc, a system directory",
        "2 | --zookeeper-replicas | 2                 | --zookeeper-replicas 2 is even",
        "2 | --operator-port-base | 70000             | --operator-port-base 70000 is outside 1024-65535",
        "2 | --operator-port-base | 80                | --operator-port-base 80 is outside 1024-65535",
        "3 | --operator-port-base | 65534             | needs ports 65534-65536, outside 1024-65535",
    })
    void badChoicesAreUsageErrorsNamingTheCulprit(int replicas, String option, String value, String message) {
        ToolException error = assertThrows(ToolException.class,
                () -> Specs.spec(option, value).requireBrokers(replicas, "--replicas"));
        assertEquals(ExitCode.USAGE, error.exitCode());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void aNameThatOnlyFitsWithoutAnEnsembleOfItsOwnIsFineWithAnExternalZookeeper() {
        String name = "a-name-that-is-too-long-for-its-own-ensemble";
        assertEquals(name, Specs.spec("--name", name, "--zookeeper", "zk:2181").name());
        assertThrows(ToolException.class, () -> Specs.spec("--name", name));
    }

    @Test
    void racksComeFromALabelKeyOfTheNodesPinnedVolumesAreOn() {
        assertEquals(java.util.Optional.of("topology.kubernetes.io/zone"),
                Specs.spec("--rack-topology-key", "topology.kubernetes.io/zone").rackKey());
        assertEquals(java.util.Optional.empty(), Specs.spec().rackKey());
        ToolException badKey = assertThrows(ToolException.class, () -> Specs.spec("--rack-topology-key", "zone=a"));
        assertEquals("--rack-topology-key 'zone=a' is not a label key, such as topology.kubernetes.io/zone",
                badKey.getMessage());
        ToolException provisioned = assertThrows(ToolException.class, () -> Specs.spec("--rack-topology-key",
                "topology.kubernetes.io/zone", "--storage-class", "standard"));
        assertEquals(ExitCode.USAGE, provisioned.exitCode());
        assertTrue(provisioned.getMessage().contains("with --storage-class a broker's node is known only once it is"
                + " scheduled"), provisioned.getMessage());
    }

    @Test
    void externalAccessIsNodePortsAdvertisedAtAHostOutsideClientsReach() {
        ExternalAccess access = Specs.spec("--external", "nodeport", "--external-host", "192.168.49.2").externalAccess()
                .orElseThrow();
        assertEquals(ExternalAccess.nodePort("192.168.49.2", 31090), access);
        assertEquals(ExternalAccess.loadBalancer(), Specs.spec("--external", "loadbalancer").externalAccess().orElseThrow());
        assertEquals(java.util.Optional.empty(), Specs.spec().externalAccess());
        for (String[] bad : new String[][] {
            {"--external", "nodeport"},
            {"--external", "loadbalancer", "--external-host", "lb.example.com"},
            {"--external", "ingress"},
            {"--external", "nodeport", "--external-host", "not a host"}}) {
            ToolException error = assertThrows(ToolException.class, () -> Specs.spec(bad));
            assertEquals(ExitCode.USAGE, error.exitCode(), error.getMessage());
        }
        assertTrue(assertThrows(ToolException.class, () -> Specs.spec("--external", "nodeport")).getMessage()
                .contains("needs --external-host"));
    }

    @Test
    void badNamespaceIsAUsageError() {
        ToolException error = assertThrows(ToolException.class, () -> Specs.inNamespace("Prod"));
        assertEquals(ExitCode.USAGE, error.exitCode());
        assertTrue(error.getMessage().startsWith("namespace 'Prod' is not a valid DNS-1123 label"), error.getMessage());
    }

    @Test
    void imagesMayBePinnedByDigestOrPrivateRegistryTag() {
        String digest = "confluentinc/cp-kafka@sha256:" + "0123456789abcdef".repeat(4);
        assertEquals(digest, Specs.spec("--image", digest).image());
        assertEquals("registry.local:5000/cp-kafka:7.9.11",
                Specs.spec("--image", "registry.local:5000/cp-kafka:7.9.11").image());
        assertThrows(ToolException.class, () -> Specs.spec("--image", "registry.local:5000/cp-kafka"));
    }

    @Test
    void aNewClusterInKRaftModeHasControllersAndNoZooKeeperAndIsSecuredByDefault() {
        ClusterSpec spec = Specs.spec("--metadata", "kraft", "--controllers", "5");
        assertEquals(Metadata.kraftFromStart(5), spec.metadata());
        assertTrue(spec.metadata().finalized() && spec.ensemble().isEmpty() && !spec.hasZooKeeper());
        ToolException noZooKeeper = assertThrows(ToolException.class, spec::zookeeper);
        assertEquals(ExitCode.USAGE, noZooKeeper.exitCode());
        assertEquals("cluster kafka was made in KRaft mode: it has no ZooKeeper (status shows its controllers and brokers)",
                noZooKeeper.getMessage());
        assertEquals(Metadata.ZOOKEEPER, Specs.spec("--metadata", "zookeeper").metadata());
        for (String[] refused : List.of(
                new String[] {"--metadata", "kraft", "--zookeeper", "zk:2181"},
                new String[] {"--metadata", "kraft", "--controllers", "2"},
                new String[] {"--metadata", "etcd"},
                new String[] {"--metadata", "kraft", "--name", "a-name-too-long-for-its-controller-statefulset"})) {
            ToolException error = assertThrows(ToolException.class, () -> Specs.spec(refused), String.join(" ", refused));
            assertEquals(ExitCode.USAGE, error.exitCode(), error.getMessage());
        }
        assertTrue(Specs.byDefault("--metadata", "kraft").secured());
    }
}
