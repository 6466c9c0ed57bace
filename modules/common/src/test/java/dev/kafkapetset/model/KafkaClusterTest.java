package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClusterTest {
    private final KafkaCluster cluster = Specs.cluster();
    private final StatefulSet statefulSet = cluster.generateStatefulSet(2);
    private final PodSpec pod = statefulSet.getSpec().getTemplate().getSpec();

    @Test
    void volumesAreBoundInAdvanceToTheClaimsTheStatefulSetMakes() {
        List<PersistentVolume> volumes = cluster.generateVolumes(2);
        assertEquals(2, volumes.size());
        String template = statefulSet.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        for (int ordinal = 0; ordinal < 2; ordinal++) {
            PersistentVolume volume = volumes.get(ordinal);
            String claimTheControllerMakes = template + "-" + statefulSet.getMetadata().getName() + "-" + ordinal;
            assertEquals(claimTheControllerMakes, volume.getSpec().getClaimRef().getName());
            assertEquals("default", volume.getSpec().getClaimRef().getNamespace());
            assertEquals("default-data-kafka-" + ordinal, volume.getMetadata().getName());
            assertEquals("/data/kafka-petset/default/data-kafka-" + ordinal, volume.getSpec().getHostPath().getPath());
            assertEquals("Retain", volume.getSpec().getPersistentVolumeReclaimPolicy());
            assertEquals(new Quantity("1Gi"), volume.getSpec().getCapacity().get("storage"));
            assertEquals(List.of("ReadWriteOnce"), volume.getSpec().getAccessModes());
        }
    }

    @Test
    void hostPathVolumesAndClaimsShareTheEmptyClassSoNoDefaultClassStealsTheClaims() {
        assertEquals("", cluster.generateVolumes(2).get(0).getSpec().getStorageClassName());
        assertEquals("", statefulSet.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName());
    }

    @Test
    void withAStorageClassThereAreNoVolumesToCreateAndOnlyTheDataCheckRunsFirst() {
        KafkaCluster provisioned = Specs.cluster("--storage-class", "standard");
        StatefulSet provisionedSet = provisioned.generateStatefulSet(3);
        assertEquals(List.of(), provisioned.generateVolumes(3));
        assertEquals("standard", provisionedSet.getSpec().getVolumeClaimTemplates().get(0).getSpec().getStorageClassName());
        assertEquals(List.of(KafkaCluster.DATA_CHECK_CONTAINER), provisionedSet.getSpec().getTemplate().getSpec()
                .getInitContainers().stream().map(Container::getName).toList());
    }

    @Test
    void everySelectorIsThePodLabelsStableSubset() {
        Map<String, String> selector = cluster.labels().selector();
        Map<String, String> podLabels = statefulSet.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()));
        assertEquals(selector, statefulSet.getSpec().getSelector().getMatchLabels());
        assertEquals(selector, cluster.generateService().getSpec().getSelector());
        assertEquals(selector, cluster.generatePodDisruptionBudget().getSpec().getSelector().getMatchLabels());
        assertEquals(selector, pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()
                .get(0).getPodAffinityTerm().getLabelSelector().getMatchLabels());
        assertEquals("7.9.11", podLabels.get("app.kubernetes.io/version"));
    }

    @Test
    void serviceIsHeadlessAndPublishesBrokersBeforeTheyAreReady() {
        Service service = cluster.generateService();
        assertEquals("None", service.getSpec().getClusterIP());
        assertEquals(true, service.getSpec().getPublishNotReadyAddresses());
        assertEquals(cluster.serviceName(), statefulSet.getSpec().getServiceName());
        assertEquals(KafkaCluster.CLIENT_PORT, service.getSpec().getPorts().get(0).getPort());
        assertEquals(KafkaCluster.CLIENT_PORT_NAME, service.getSpec().getPorts().get(0).getName());
    }

    @Test
    void statefulSetStartsBrokersInParallelAndKeepsTheirClaims() {
        assertEquals("apps/v1", statefulSet.getApiVersion());
        assertEquals(2, statefulSet.getSpec().getReplicas());
        assertEquals("Parallel", statefulSet.getSpec().getPodManagementPolicy());
        assertEquals("OnDelete", statefulSet.getSpec().getUpdateStrategy().getType());
        assertEquals("Retain", statefulSet.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenScaled());
        assertEquals("Retain", statefulSet.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted());
    }

    @Test
    void brokerRunsPinnedImageAsNonRootWithProbesAndRequests() {
        Container broker = broker();
        assertEquals("confluentinc/cp-kafka:7.9.11", broker.getImage());
        assertEquals(true, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(1000L, pod.getSecurityContext().getFsGroup());
        assertEquals(false, pod.getEnableServiceLinks());
        assertEquals(false, broker.getSecurityContext().getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), broker.getSecurityContext().getCapabilities().getDrop());
        assertEquals(KafkaCluster.CLIENT_PORT_NAME, broker.getReadinessProbe().getTcpSocket().getPort().getStrVal());
        assertEquals(KafkaCluster.CLIENT_PORT_NAME, broker.getLivenessProbe().getTcpSocket().getPort().getStrVal());
        assertEquals(90, broker.getStartupProbe().getFailureThreshold());
        assertEquals(new Quantity("1Gi"), broker.getResources().getRequests().get("memory"));
        assertEquals(KafkaCluster.DATA_DIRECTORY, broker.getVolumeMounts().get(0).getMountPath());
        assertEquals(List.of(StatefulWorkload.IMAGE_ENTRYPOINT), broker.getArgs());
    }

    @Test
    void hostPathDirectoryIsHandedToTheImageUserWithOnlyChown() {
        Container chown = pod.getInitContainers().get(0);
        assertEquals("data-permissions", chown.getName());
        assertEquals("/", chown.getWorkingDir(), "the image's home directory is closed to root without DAC_OVERRIDE");
        assertEquals(List.of("chown", "1000:1000", KafkaCluster.DATA_DIRECTORY), chown.getCommand());
        assertEquals(List.of("CHOWN"), chown.getSecurityContext().getCapabilities().getAdd());
        assertEquals(List.of("ALL"), chown.getSecurityContext().getCapabilities().getDrop());
    }

    @Test
    void zookeeperAddressComesFromTheSpec() {
        assertEquals("kafka-zookeeper:2181", env(broker(), KafkaCluster.ZOOKEEPER_CONNECT_ENV));
        Container other = Specs.cluster("--zookeeper", "zk-cs.zk:2181/kafka").generateStatefulSet(2)
                .getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("zk-cs.zk:2181/kafka", env(other, KafkaCluster.ZOOKEEPER_CONNECT_ENV));
    }

    @Test
    void kraftModeBrokersRegisterWithTheControllersAloneAndKeepTheirZooKeeperOnlyAsARecord() {
        ClusterSpec zooKeeperMode = Specs.spec("--zookeeper", "zk-cs.zk:2181/kafka");
        ClusterSpec spec = zooKeeperMode.upgradedTo(zooKeeperMode.image(), "3.9");
        StatefulSet kraft = new KafkaCluster(spec.withMetadata(Metadata.kraftBrokers(3))).generateStatefulSet(3);
        Container broker = kraft.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, EnvVar> env = new java.util.HashMap<>();
        broker.getEnv().forEach(variable -> env.put(variable.getName(), variable));
        assertEquals("broker", env.get("KAFKA_PROCESS_ROLES").getValue());
        assertEquals("kafka-kraft", env.get("CLUSTER_ID").getValueFrom().getConfigMapKeyRef().getName());
        assertEquals("9000@kafka-controller-0.kafka-controller.default.svc:9095,9001@kafka-controller-1.kafka-controller"
                + ".default.svc:9095,9002@kafka-controller-2.kafka-controller.default.svc:9095",
                env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").getValue());
        assertEquals("CONTROLLER", env.get("KAFKA_CONTROLLER_LISTENER_NAMES").getValue());
        assertTrue(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").getValue().endsWith(",CONTROLLER:PLAINTEXT"));
        // Kafka's KRaft-mode brokers take none of these: no ZooKeeper, and metadata.version in place of the protocol version.
        for (String gone : List.of(KafkaCluster.ZOOKEEPER_CONNECT_ENV, "KAFKA_ZOOKEEPER_METADATA_MIGRATION_ENABLE",
                "KAFKA_CUB_ZK_TIMEOUT", "KAFKA_INTER_BROKER_PROTOCOL_VERSION")) {
            assertTrue(!env.containsKey(gone), gone);
        }
        String startup = String.join("\n", broker.getCommand());
        assertTrue(startup.contains("export KAFKA_BROKER_ID=\"$ordinal\"") && startup.contains("export KAFKA_NODE_ID=\"$ordinal\""),
                startup);
        assertEquals(Map.of("kafka-petset/metadata", "kraft-brokers", "kafka-petset/controllers", "3", "kafka-petset/zookeeper",
                "zk-cs.zk:2181/kafka"), kraft.getMetadata().getAnnotations().entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("kafka-petset/") && !entry.getKey().equals("kafka-petset/security"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertTrue(!String.join("\n", new KafkaCluster(spec).generateStatefulSet(3).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getCommand()).contains("KAFKA_NODE_ID"), "ZooKeeper mode sets no node id");
    }

    @Test
    void aClusterMadeInKRaftModeRendersControllersOutOfMigrationModeAndBrokersWithNoZooKeeperRecord() {
        KafkaCluster kraft = Specs.cluster("--metadata", "kraft");
        StatefulSet brokers = kraft.generateStatefulSet(3);
        assertEquals(Map.of("kafka-petset/metadata", "kraft", "kafka-petset/controllers", "3"),
                brokers.getMetadata().getAnnotations().entrySet().stream()
                        .filter(entry -> entry.getKey().startsWith("kafka-petset/") && !entry.getKey().equals("kafka-petset/security"))
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertEquals(Metadata.kraftFromStart(3), Metadata.of(brokers.getMetadata().getAnnotations()));
        Container controller = kraft.controllers(3).generateStatefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> names = controller.getEnv().stream().map(EnvVar::getName).toList();
        assertTrue(names.contains("KAFKA_PROCESS_ROLES") && !names.contains("KAFKA_ZOOKEEPER_METADATA_MIGRATION_ENABLE")
                && !names.contains(KafkaCluster.ZOOKEEPER_CONNECT_ENV), names::toString);
        // Volumes for the controllers and brokers, none for a ZooKeeper.
        assertEquals(List.of("default-data-kafka-controller-0", "default-data-kafka-controller-1",
                "default-data-kafka-controller-2", "default-data-kafka-0", "default-data-kafka-1", "default-data-kafka-2"),
                kraft.allVolumes(3, VolumeNodes.UNPINNED).stream().map(volume -> volume.getMetadata().getName()).toList());
    }

    @Test
    void internalTopicsReplicateAsFarAsTheBrokersAllowAndSurviveOneDown() {
        int[][] expected = {{1, 1, 1}, {2, 2, 1}, {3, 3, 2}, {5, 3, 2}};
        for (int[] row : expected) {
            Container broker = Specs.cluster().generateStatefulSet(row[0]).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
            assertEquals(String.valueOf(row[1]), env(broker, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"), row[0] + " brokers");
            assertEquals(String.valueOf(row[1]), env(broker, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR"));
            assertEquals(String.valueOf(row[2]), env(broker, "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"));
        }
    }

    @Test
    void brokersWaitFiveMinutesForZooKeeperNotTheImages40Seconds() {
        Container broker = cluster.generateStatefulSet(2).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("300", env(broker, "KAFKA_CUB_ZK_TIMEOUT"));
        // Within the start-up probe's allowance, which would otherwise restart a broker still waiting.
        Probe startup = broker.getStartupProbe();
        assertTrue(startup.getPeriodSeconds() * startup.getFailureThreshold() > 300);
    }

    @Test
    void externalAccessAddsAListenerANodePortServicePerBrokerAndTheHostToTheCertificates() {
        KafkaCluster external = Specs.cluster("--external", "nodeport", "--external-host", "192.168.49.2");
        Container broker = external.generateStatefulSet(2).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("PLAINTEXT://0.0.0.0:9092,OPERATOR://0.0.0.0:9094,EXTERNAL://0.0.0.0:9093", env(broker, "KAFKA_LISTENERS"));
        assertEquals("PLAINTEXT:PLAINTEXT,OPERATOR:PLAINTEXT,EXTERNAL:PLAINTEXT",
                env(broker, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
        assertEquals("192.168.49.2", env(broker, "EXTERNAL_HOST"));
        assertEquals("31090", env(broker, "EXTERNAL_PORT_BASE"));
        assertTrue(broker.getPorts().stream().anyMatch(port -> port.getName().equals("external") && port.getContainerPort() == 9093));

        List<Service> services = external.externalServices(0, 2);
        assertEquals(List.of("kafka-0-external", "kafka-1-external"), services.stream().map(s -> s.getMetadata().getName()).toList());
        Service second = services.get(1);
        assertEquals("NodePort", second.getSpec().getType());
        assertEquals(31091, second.getSpec().getPorts().get(0).getNodePort());
        assertEquals("kafka-1", second.getSpec().getSelector().get("statefulset.kubernetes.io/pod-name"));
        assertEquals(List.of("127.0.0.1", "192.168.49.2"), external.brokerAddresses(external.externalHost(1, Map.of())));
        assertEquals(List.of(), cluster.externalServices(0, 2));

        KafkaCluster named = Specs.cluster("--external", "nodeport", "--external-host", "kafka.example.com", "--security",
                "secured");
        assertTrue(named.brokerDnsNames(0, named.externalHost(0, Map.of())).contains("kafka.example.com"));
        assertEquals(List.of("127.0.0.1"), named.brokerAddresses(named.externalHost(0, Map.of())));
        Container secured = named.generateStatefulSet(2).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(env(secured, "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP").endsWith(",EXTERNAL:SASL_SSL"));
        // Outside clients come from anywhere to the external port, and only there.
        var rules = named.generateNetworkPolicy().orElseThrow().getSpec().getIngress();
        var open = rules.get(rules.size() - 1);
        assertEquals(List.of(), open.getFrom());
        assertEquals(9093, open.getPorts().get(0).getPort().getIntVal());
    }

    @Test
    void loadBalancedBrokersAdvertiseTheAddressTheStepsRecordForEachOne() {
        KafkaCluster balanced = Specs.cluster("--external", "loadbalancer", "--security", "secured");
        Service second = balanced.externalServices(0, 2).get(1);
        assertEquals("LoadBalancer", second.getSpec().getType());
        assertEquals(9093, second.getSpec().getPorts().get(0).getPort());
        assertEquals(null, second.getSpec().getPorts().get(0).getNodePort(), "the API server's to choose");
        Container broker = balanced.generateStatefulSet(2).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertTrue(broker.getEnv().stream().noneMatch(variable -> variable.getName().equals("EXTERNAL_HOST")));
        assertEquals("kafka-external-addresses", broker.getEnvFrom().get(0).getConfigMapRef().getName());
        assertEquals("EXTERNAL_ADDRESS_", broker.getEnvFrom().get(0).getPrefix());
        assertEquals(Map.of("0", "203.0.113.7", "1", "kafka-1.elb.example.com"), balanced.generateExternalAddresses(
                Map.of(0, "203.0.113.7", 1, "kafka-1.elb.example.com")).getData());
        // Each certificate names its own broker's load balancer, an address or a name; none before it has one.
        Map<Integer, String> recorded = Map.of(0, "203.0.113.7", 1, "kafka-1.elb.example.com");
        assertEquals(List.of("127.0.0.1", "203.0.113.7"), balanced.brokerAddresses(balanced.externalHost(0, recorded)));
        assertTrue(balanced.brokerDnsNames(1, balanced.externalHost(1, recorded)).contains("kafka-1.elb.example.com"));
        assertEquals(java.util.Optional.empty(), balanced.externalHost(2, recorded));
    }

    @Test
    void disruptionBudgetAllowsOneBrokerDown() {
        PodDisruptionBudget budget = cluster.generatePodDisruptionBudget();
        assertEquals("policy/v1", budget.getApiVersion());
        assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal());
    }

    @Test
    void namesAreDerivedInOnePlace() {
        KafkaCluster named = new KafkaCluster(Specs.inNamespace("streams", "--name", "events"));
        assertEquals("events-2", named.podName(2));
        assertEquals("data-events-2", named.claimName(2));
        assertEquals("streams-data-events-2", named.volumeName(2));
        assertEquals("events-2.events.streams.svc", named.brokerHost(2));
        assertEquals(19094, named.operatorPort(2));
    }

    private Container broker() {
        return pod.getContainers().get(0);
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }
}
