package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The Kafka brokers of one {@link ClusterSpec}: their names, and the Kubernetes objects that run them,
 * built fresh by pure code. The same objects are printed by {@code --dry-run}, written to kube/ and
 * applied to the cluster.
 */
public final class KafkaCluster {
    /** Confluent Platform 7.9 is the last line with ZooKeeper mode (Apache Kafka 3.9). */
    public static final String DEFAULT_IMAGE = "confluentinc/cp-kafka:7.9.11";

    public static final String CLIENT_PORT_NAME = "kafka";
    public static final int CLIENT_PORT = 9092;
    /** Each broker's listener for operators outside the cluster, reached through port-forward. */
    public static final String OPERATOR_PORT_NAME = "operator";
    public static final int OPERATOR_PORT = 9094;

    public static final String CONTAINER_NAME = "kafka";
    public static final String DATA_CLAIM = "data";
    public static final String DATA_DIRECTORY = "/var/lib/kafka/data";
    /**
     * A subdirectory: a freshly formatted volume holds lost+found, which Kafka would take for a
     * corrupt partition directory.
     */
    public static final String LOG_DIRECTORY = DATA_DIRECTORY + "/logs";
    /** The image's own entrypoint, which the start-up wrapper hands over to. */
    public static final String IMAGE_ENTRYPOINT = "/etc/confluent/docker/run";
    /** The uid and gid of the image's user (appuser). */
    static final long IMAGE_USER = 1000;

    public static final String POD_NAME_ENV = "POD_NAME";
    public static final String POD_NAMESPACE_ENV = "POD_NAMESPACE";
    public static final String SERVICE_ENV = "BROKER_SERVICE";
    public static final String OPERATOR_PORT_BASE_ENV = "OPERATOR_PORT_BASE";
    public static final String ZOOKEEPER_CONNECT_ENV = "KAFKA_ZOOKEEPER_CONNECT";

    /** Labels PersistentVolumes (cluster-wide) with the namespace of the brokers they serve. */
    public static final String VOLUME_NAMESPACE_LABEL = "kafka-petset/namespace";

    private final ClusterSpec spec;
    private final Labels labels;

    public KafkaCluster(ClusterSpec spec) {
        this.spec = spec;
        this.labels = new Labels("kafka", spec.name(), "broker");
    }

    public ClusterSpec spec() {
        return spec;
    }

    public Labels labels() {
        return labels;
    }

    // Names: the only place they are made.

    public String statefulSetName() {
        return spec.name();
    }

    public String serviceName() {
        return spec.name();
    }

    public String podName(int ordinal) {
        return spec.name() + "-" + ordinal;
    }

    /** The claim the StatefulSet makes for a broker: {@code <template>-<statefulset>-<ordinal>}. */
    public String claimName(int ordinal) {
        return DATA_CLAIM + "-" + spec.name() + "-" + ordinal;
    }

    /** PersistentVolumes are cluster-wide: the namespace keeps two clusters of one name apart. */
    public String volumeName(int ordinal) {
        return spec.namespace() + "-" + claimName(ordinal);
    }

    public String hostPath(Storage.HostPath storage, int ordinal) {
        return storage.baseDirectory() + "/" + spec.namespace() + "/" + claimName(ordinal);
    }

    /** A broker's stable DNS name through the headless Service (short form: any cluster domain). */
    public String brokerHost(int ordinal) {
        return podName(ordinal) + "." + serviceName() + "." + spec.namespace() + ".svc";
    }

    public int operatorPort(int ordinal) {
        return spec.operatorPortBase() + ordinal;
    }

    /** Selects the PersistentVolumes made for this cluster. */
    public Map<String, String> volumeSelector() {
        Map<String, String> selector = labels.selector();
        selector.put(VOLUME_NAMESPACE_LABEL, spec.namespace());
        return selector;
    }

    // Objects.

    /** One hostPath volume per broker, or none when a storage class provisions them. */
    public List<PersistentVolume> generateVolumes() {
        return volumes(0, spec.replicas());
    }

    /** The volumes of ordinals {@code from} (inclusive) to {@code to} (exclusive). */
    public List<PersistentVolume> volumes(int from, int to) {
        if (!(spec.storage() instanceof Storage.HostPath storage)) {
            return List.of();
        }
        return IntStream.range(from, to).mapToObj(ordinal -> SpecHash.stamp(volume(storage, ordinal))).toList();
    }

    private PersistentVolume volume(Storage.HostPath storage, int ordinal) {
        Map<String, String> volumeLabels = labels.all();
        volumeLabels.put(VOLUME_NAMESPACE_LABEL, spec.namespace());
        return new PersistentVolumeBuilder()
                .withNewMetadata()
                    .withName(volumeName(ordinal))
                    .withLabels(volumeLabels)
                .endMetadata()
                .withNewSpec()
                    .addToCapacity("storage", new Quantity(storage.size()))
                    .withAccessModes("ReadWriteOnce")
                    // Retain, not the seed's Recycle: deleting a claim must never wipe a broker's log.
                    .withPersistentVolumeReclaimPolicy("Retain")
                    .withStorageClassName(storage.claimStorageClassName())
                    // Bound in advance to the claim the StatefulSet will make for this ordinal.
                    .withNewClaimRef()
                        .withNamespace(spec.namespace())
                        .withName(claimName(ordinal))
                    .endClaimRef()
                    .withNewHostPath()
                        .withPath(hostPath(storage, ordinal))
                        .withType("DirectoryOrCreate")
                    .endHostPath()
                .endSpec()
                .build();
    }

    /** Headless: no virtual IP, a DNS record per broker pod, published before the pod is ready. */
    public Service generateService() {
        return SpecHash.stamp(new ServiceBuilder()
                .withNewMetadata()
                    .withName(serviceName())
                    .withNamespace(spec.namespace())
                    .withLabels(labels.all())
                .endMetadata()
                .withNewSpec()
                    .withClusterIP("None")
                    // Brokers must resolve each other while they start, before any is ready.
                    .withPublishNotReadyAddresses(true)
                    .withSelector(labels.selector())
                    .addNewPort()
                        .withName(CLIENT_PORT_NAME)
                        .withPort(CLIENT_PORT)
                        .withTargetPort(new IntOrString(CLIENT_PORT_NAME))
                    .endPort()
                .endSpec()
                .build());
    }

    public StatefulSet generateStatefulSet() {
        String version = tagOf(spec.image());
        return SpecHash.stamp(new StatefulSetBuilder()
                .withNewMetadata()
                    .withName(statefulSetName())
                    .withNamespace(spec.namespace())
                    .withLabels(labels.all())
                .endMetadata()
                .withNewSpec()
                    .withNewSelector()
                        .withMatchLabels(labels.selector())
                    .endSelector()
                    .withServiceName(serviceName())
                    .withReplicas(spec.replicas())
                    .withNewUpdateStrategy()
                        .withType("RollingUpdate")
                    .endUpdateStrategy()
                    // Brokers find each other through ZooKeeper, not by start order: start them all
                    // at once, and a broker that can't start doesn't hold back the others.
                    .withPodManagementPolicy("Parallel")
                    .withNewPersistentVolumeClaimRetentionPolicy()
                        .withWhenDeleted("Retain")
                        .withWhenScaled("Retain")
                    .endPersistentVolumeClaimRetentionPolicy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(labels.pod(version))
                        .endMetadata()
                        .withNewSpec()
                            // Service links would put KAFKA_PORT & co. in the environment, which the
                            // image reads as (deprecated, fatal) broker settings.
                            .withEnableServiceLinks(false)
                            .withTerminationGracePeriodSeconds(60L)
                            .withNewSecurityContext()
                                .withRunAsNonRoot(true)
                                .withRunAsUser(IMAGE_USER)
                                .withRunAsGroup(IMAGE_USER)
                                // Makes provisioned volumes writable by the broker.
                                .withFsGroup(IMAGE_USER)
                                .withNewSeccompProfile()
                                    .withType("RuntimeDefault")
                                .endSeccompProfile()
                            .endSecurityContext()
                            .withNewAffinity()
                                .withNewPodAntiAffinity()
                                    .addNewPreferredDuringSchedulingIgnoredDuringExecution()
                                        .withWeight(100)
                                        .withNewPodAffinityTerm()
                                            .withTopologyKey("kubernetes.io/hostname")
                                            .withNewLabelSelector()
                                                .withMatchLabels(labels.selector())
                                            .endLabelSelector()
                                        .endPodAffinityTerm()
                                    .endPreferredDuringSchedulingIgnoredDuringExecution()
                                .endPodAntiAffinity()
                            .endAffinity()
                            .withInitContainers(dataPermissions())
                            .withContainers(broker())
                        .endSpec()
                    .endTemplate()
                    .withVolumeClaimTemplates(dataClaimTemplate())
                .endSpec()
                .build());
    }

    /**
     * fsGroup doesn't apply to hostPath volumes, which the kubelet creates owned by root: hand the
     * directory to the image's user, with CHOWN as the only privilege.
     */
    private List<Container> dataPermissions() {
        if (!(spec.storage() instanceof Storage.HostPath)) {
            return List.of();
        }
        return List.of(new ContainerBuilder()
                .withName("data-permissions")
                .withImage(spec.image())
                .withCommand("chown", IMAGE_USER + ":" + IMAGE_USER, DATA_DIRECTORY)
                .withNewSecurityContext()
                    .withRunAsUser(0L)
                    .withRunAsNonRoot(false)
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities()
                        .withDrop("ALL")
                        .withAdd("CHOWN")
                    .endCapabilities()
                .endSecurityContext()
                .withNewResources()
                    .addToRequests("cpu", new Quantity("10m"))
                    .addToRequests("memory", new Quantity("16Mi"))
                    .addToLimits("memory", new Quantity("64Mi"))
                .endResources()
                .addNewVolumeMount()
                    .withName(DATA_CLAIM)
                    .withMountPath(DATA_DIRECTORY)
                .endVolumeMount()
                .build());
    }

    private Container broker() {
        return new ContainerBuilder()
                .withName(CONTAINER_NAME)
                .withImage(spec.image())
                .withCommand(BrokerStartup.command())
                .withArgs(IMAGE_ENTRYPOINT)
                .addNewPort()
                    .withName(CLIENT_PORT_NAME)
                    .withContainerPort(CLIENT_PORT)
                .endPort()
                .addNewPort()
                    .withName(OPERATOR_PORT_NAME)
                    .withContainerPort(OPERATOR_PORT)
                .endPort()
                .withEnv(brokerEnvironment())
                .withNewResources()
                    .addToRequests("cpu", new Quantity("250m"))
                    .addToRequests("memory", new Quantity("1Gi"))
                    .addToLimits("memory", new Quantity("1Gi"))
                .endResources()
                // Recovering logs after an unclean stop can take minutes: allow up to ten before
                // liveness takes over.
                .withStartupProbe(listenerProbe(60))
                .withReadinessProbe(listenerProbe(3))
                .withLivenessProbe(listenerProbe(6))
                .withNewSecurityContext()
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities()
                        .withDrop("ALL")
                    .endCapabilities()
                .endSecurityContext()
                .addNewVolumeMount()
                    .withName(DATA_CLAIM)
                    .withMountPath(DATA_DIRECTORY)
                .endVolumeMount()
                .build();
    }

    private List<EnvVar> brokerEnvironment() {
        int internalReplication = Math.min(3, spec.replicas());
        List<EnvVar> env = new ArrayList<>();
        env.add(fieldRef(POD_NAME_ENV, "metadata.name"));
        env.add(fieldRef(POD_NAMESPACE_ENV, "metadata.namespace"));
        env.add(value(SERVICE_ENV, serviceName()));
        env.add(value(OPERATOR_PORT_BASE_ENV, Integer.toString(spec.operatorPortBase())));
        env.add(value(ZOOKEEPER_CONNECT_ENV, spec.zookeeper().toString()));
        env.add(value("KAFKA_LISTENERS",
                "PLAINTEXT://0.0.0.0:" + CLIENT_PORT + ",OPERATOR://0.0.0.0:" + OPERATOR_PORT));
        env.add(value("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "PLAINTEXT:PLAINTEXT,OPERATOR:PLAINTEXT"));
        env.add(value("KAFKA_INTER_BROKER_LISTENER_NAME", "PLAINTEXT"));
        env.add(value("KAFKA_LOG_DIRS", LOG_DIRECTORY));
        // Kafka's default of 3 leaves consumer groups and transactions unusable below 3 brokers.
        env.add(value("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", Integer.toString(internalReplication)));
        env.add(value("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", Integer.toString(internalReplication)));
        // One replica may be down: with 3 or more, 2 must stay in sync; below that, 1.
        env.add(value("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", Integer.toString(internalReplication >= 3 ? 2 : 1)));
        env.add(value("KAFKA_HEAP_OPTS", "-Xms512m -Xmx512m"));
        return env;
    }

    private static Probe listenerProbe(int failureThreshold) {
        return new ProbeBuilder()
                .withNewTcpSocket()
                    .withPort(new IntOrString(CLIENT_PORT_NAME))
                .endTcpSocket()
                .withPeriodSeconds(10)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    private PersistentVolumeClaim dataClaimTemplate() {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                    .withName(DATA_CLAIM)
                    .withLabels(labels.selector())
                .endMetadata()
                .withNewSpec()
                    .withAccessModes("ReadWriteOnce")
                    .withStorageClassName(spec.storage().claimStorageClassName())
                    .withNewResources()
                        .addToRequests("storage", new Quantity(spec.storage().size()))
                    .endResources()
                .endSpec()
                .build();
    }

    /** At most one broker down at a time for voluntary disruptions (drains, upgrades). */
    public PodDisruptionBudget generatePodDisruptionBudget() {
        return SpecHash.stamp(new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                    .withName(spec.name())
                    .withNamespace(spec.namespace())
                    .withLabels(labels.all())
                .endMetadata()
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(1))
                    .withNewSelector()
                        .withMatchLabels(labels.selector())
                    .endSelector()
                .endSpec()
                .build());
    }

    /** Every object of the brokers, in the order they are applied: volumes, service, workload. */
    public List<HasMetadata> generateAll() {
        List<HasMetadata> all = new ArrayList<>(generateVolumes());
        all.add(generateService());
        all.add(generateStatefulSet());
        all.add(generatePodDisruptionBudget());
        return all;
    }

    private static EnvVar value(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static EnvVar fieldRef(String name, String fieldPath) {
        return new EnvVarBuilder()
                .withName(name)
                .withNewValueFrom()
                    .withNewFieldRef()
                        .withFieldPath(fieldPath)
                    .endFieldRef()
                .endValueFrom()
                .build();
    }

    /** The tag of an image reference ("7.9.11"), or "" when it has none. */
    static String tagOf(String image) {
        String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/') ? reference.substring(colon + 1) : "";
    }
}
