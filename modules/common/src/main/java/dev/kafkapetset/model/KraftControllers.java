package dev.kafkapetset.model;

import static dev.kafkapetset.model.StatefulWorkload.namedPort;

import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The KRaft controller quorum that takes a ZooKeeper-mode cluster's metadata over (KIP-866): a
 * StatefulSet {@code <cluster>-controller} of the brokers' image with {@code process.roles=controller},
 * its headless Service, volumes and disruption budget. Controller {@code n} is node
 * {@value #NODE_ID_BASE} + n: brokers and controllers share one id space, and broker ids are the
 * ordinals, which stay below it ({@link ClusterSpec#requireBrokers}). The quorum is a static voter
 * list, the only form the migration is documented with, and the one the image's storage format
 * accepts. It runs in migration mode: pointed at the cluster's ZooKeeper, it copies the metadata
 * once every broker has registered with it, and writes every change back to ZooKeeper until the
 * migration is finalized.
 *
 * <p>Its storage is formatted with the ZooKeeper cluster's id, which the pre-flight step records in
 * ConfigMap {@code <cluster>-kraft} ({@link #generateClusterIdRecord}); a controller can't start
 * before that is there. A cluster made in KRaft mode has the same quorum, never in migration mode,
 * and a new random id in that record, which deploy-controllers makes ({@link #generateRecord}).
 */
public final class KraftControllers {
    private static final String SUFFIX = "-controller";
    /** The longest cluster name whose controllers' StatefulSet name still fits. */
    public static final int LONGEST_CLUSTER_NAME = ClusterSpec.MAX_STATEFULSET_NAME_LENGTH - SUFFIX.length();
    /** Controller node ids start here; broker ids (the ordinals) must stay below. */
    public static final int NODE_ID_BASE = 9000;
    public static final int DEFAULT_REPLICAS = 3;
    public static final String PORT_NAME = "controller";
    public static final int PORT = 9095;
    public static final String CONTAINER_NAME = "controller";
    /** The ConfigMap key a cluster made in KRaft mode records its quorum's size with, for steps run before any StatefulSet is. */
    public static final String CONTROLLERS_KEY = "controllers";
    /** The ConfigMap key listing the KRaft-mode brokers a scale-down left to unregister from the controllers. */
    static final String UNREGISTER_KEY = "unregister";
    /**
     * The ConfigMap key a cluster made in KRaft mode records its security with, for steps run while
     * no StatefulSet says it; a record made before it was recorded is plaintext's (the only choice then).
     */
    public static final String SECURITY_KEY = "security";
    /**
     * The ConfigMap key migrate-finalize sets ({@code true}), with the quorum's size and the cluster's
     * security: once nothing is deployed (after a teardown), the record alone says the kept data left
     * ZooKeeper for good, and how to bring it back. A record made before it was set does not say.
     */
    public static final String FINALIZED_KEY = "finalized";
    /** The ConfigMap key holding the cluster id the controllers' storage is formatted with. */
    public static final String CLUSTER_ID_KEY = "cluster-id";
    static final String CLUSTER_ID_ENV = "CLUSTER_ID";
    public static final String PROCESS_ROLES_ENV = "KAFKA_PROCESS_ROLES";
    /** Migration mode's flag, on the brokers in migration mode and on the controllers until finalized. */
    public static final String MIGRATION_ENV = "KAFKA_ZOOKEEPER_METADATA_MIGRATION_ENABLE";
    /**
     * The ConfigMap key naming this attempt at the migration: ZooKeeper's controller epoch when it
     * was recorded. The controllers keep their metadata log in a directory of that name, so after a
     * rollback a new attempt never starts from the old attempt's log (which would write its stale
     * metadata back over ZooKeeper's); the old one stays on the volume.
     */
    public static final String ATTEMPT_KEY = "attempt";
    /** The attempt a cluster made in KRaft mode records: there was no migration, and its log directory says so. */
    public static final String NO_MIGRATION = "none";
    static final String ATTEMPT_ENV = "MIGRATION_ATTEMPT";
    /** Where the data check finds the controllers' volume. */
    private static final String DATA_DIRECTORY_ENV = "DATA_DIRECTORY";
    /**
     * The operator's settings a controller needs as the brokers have them: brokers in migration mode
     * forward CreateTopics to it, and it fills in what a request leaves out from its own.
     */
    private static final List<String> TOPIC_DEFAULTS = List.of("default.replication.factor", "num.partitions");
    static final String LISTENER = "CONTROLLER";
    /**
     * Secured, the controller listener's login: PLAIN over TLS, its one user the brokers' (which the
     * controllers log in as too), defined in the JAAS file. Not SCRAM: SCRAM's users live in the
     * metadata log this listener carries, which a controller has not read when its peers first call.
     */
    public static final String SASL_MECHANISM = "PLAIN";
    /** The JAAS section Kafka reads for the controller listener: the listener's name, lower case, then KafkaServer. */
    static final String JAAS_SECTION = LISTENER.toLowerCase(Locale.ROOT) + ".KafkaServer";
    /** Kafka's authorizer for KRaft: ACLs in the metadata log, on controllers and KRaft-mode brokers alike. */
    static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";
    static final String STARTUP_PROGRAM = "kafka-petset-controller-start";
    private static final StatefulWorkload.Claim DATA = new StatefulWorkload.Claim(KafkaCluster.DATA_CLAIM,
            KafkaCluster.DATA_DIRECTORY);

    private final ClusterSpec spec;
    private final int replicas;
    private final String name;
    private final Labels labels;
    private final Labels brokers;
    private final StatefulWorkload workload;
    private final ClusterSecrets secrets;

    /** {@code brokers}: the labels of the cluster's brokers, the only pods besides the controllers that reach them. */
    KraftControllers(ClusterSpec spec, int replicas, Labels brokers, ClusterSecrets secrets) {
        this.spec = spec;
        this.replicas = replicas;
        this.name = statefulSetName(spec.name());
        this.labels = labels(spec.name());
        this.brokers = brokers;
        this.workload = new StatefulWorkload(name, spec.namespace(), labels, spec.storage(), List.of(DATA));
        this.secrets = secrets;
    }

    /** The labels of cluster {@code cluster}'s KRaft controllers, which other components' NetworkPolicies let in. */
    public static Labels labels(String cluster) {
        return new Labels("kafka", cluster, "controller");
    }

    public int replicas() {
        return replicas;
    }

    public Labels labels() {
        return labels;
    }

    public String statefulSetName() {
        return name;
    }

    public String serviceName() {
        return name;
    }

    public String podName(int ordinal) {
        return workload.podName(ordinal);
    }

    /** Every controller's pod name, in ordinal order. */
    public List<String> podNames() {
        return IntStream.range(0, replicas).mapToObj(this::podName).toList();
    }

    /** The controllers' StatefulSet (and Service and disruption budget) of Kafka cluster {@code cluster}. */
    public static String statefulSetName(String cluster) {
        return cluster + SUFFIX;
    }

    /** The ConfigMap recording the cluster id: {@code <cluster>-kraft}. */
    public static String clusterIdRecordName(String cluster) {
        return cluster + "-kraft";
    }

    public String clusterIdRecordName() {
        return clusterIdRecordName(spec.name());
    }

    public static int nodeId(int ordinal) {
        return NODE_ID_BASE + ordinal;
    }

    /** The DNS names controller {@code ordinal}'s certificate is valid for: as brokers and its peers reach it. */
    public List<String> dnsNames(int ordinal) {
        return StatefulWorkload.podDnsNames(podName(ordinal), serviceName(), spec.namespace());
    }

    /** The IP address the controllers' certificates are valid for: the operator's, who reaches one through a port-forward. */
    public List<String> addresses() {
        return List.of(KafkaCluster.OPERATOR_ADDRESS);
    }

    /** The controllers' node ids, in ordinal order. */
    public List<Integer> nodeIds() {
        return IntStream.range(0, replicas).mapToObj(KraftControllers::nodeId).toList();
    }

    /** As {@link KafkaCluster#components()} lists a StatefulSet: for volume placement and teardown. */
    public KafkaCluster.Component component() {
        return new KafkaCluster.Component(name, labels, workload.volumeSelector(), workload::volumeNames);
    }

    /** {@code id@host:port,...}: every controller, by its stable DNS name through the headless Service. */
    public String voters() {
        return IntStream.range(0, replicas)
                .mapToObj(ordinal -> nodeId(ordinal) + "@" + dnsNames(ordinal).get(0) + ":" + PORT)
                .collect(Collectors.joining(","));
    }

    /** The record of the ZooKeeper cluster's id, which the controllers format their storage with. */
    public ConfigMap generateClusterIdRecord(String clusterId, String attempt) {
        return generateRecord(Map.of(CLUSTER_ID_KEY, clusterId, ATTEMPT_KEY, attempt), Set.of());
    }

    /** The record holding {@code data}, and {@code unregistering}, the broker ids left to unregister, if any. */
    public ConfigMap generateRecord(Map<String, String> data, Set<Integer> unregistering) {
        Map<String, String> recorded = new TreeMap<>(data);
        recorded.remove(UNREGISTER_KEY);
        if (!unregistering.isEmpty()) {
            recorded.put(UNREGISTER_KEY, unregistering.stream().sorted().map(String::valueOf).collect(Collectors.joining(",")));
        }
        return new ConfigMapBuilder().withMetadata(workload.metadata(clusterIdRecordName())).withData(recorded).build();
    }

    /**
     * The security a record of a cluster made in KRaft mode, or of a finalized migration, says it has;
     * plaintext when it says none (made in KRaft mode before it was recorded).
     */
    public static Security recordedSecurity(Map<String, String> data) {
        String word = data == null ? null : data.get(SECURITY_KEY);
        return word == null ? Security.PLAINTEXT : Security.of("configmap key " + SECURITY_KEY, word);
    }

    /** Whether a record says its cluster left ZooKeeper for good: made in KRaft mode, or its migration finalized. */
    public static boolean recordsKraftForGood(Map<String, String> data) {
        return data != null && (NO_MIGRATION.equals(data.get(ATTEMPT_KEY)) || "true".equals(data.get(FINALIZED_KEY)));
    }

    /** The broker ids a record says a scale-down left to unregister from the controllers. */
    public static Set<Integer> unregistering(Map<String, String> data) {
        String recorded = data == null ? null : data.get(UNREGISTER_KEY);
        Set<Integer> ids = new TreeSet<>();
        if (recorded != null && !recorded.isBlank()) {
            for (String id : recorded.split(",")) {
                try {
                    ids.add(Integer.parseInt(id.strip()));
                } catch (NumberFormatException e) {
                    throw ToolException.failed("the record's " + UNREGISTER_KEY + " is not a list of broker ids: " + recorded);
                }
            }
        }
        return ids;
    }

    public List<PersistentVolume> volumes(VolumeNodes.OfOrdinal nodes) {
        return workload.volumes(0, replicas, nodes);
    }

    public Service generateService() {
        return workload.headlessService(serviceName(), namedPort(PORT_NAME, PORT));
    }

    public StatefulSet generateStatefulSet() {
        List<Container> checks = new ArrayList<>(List.of(dataCheck()));
        List<Volume> volumes = new ArrayList<>();
        if (spec.secured()) {
            if (spec.metadata().withoutZooKeeper()) {
                checks.add(scramUsers());
            }
            volumes.add(StatefulWorkload.secretVolume(secrets.brokerTls()));
            volumes.add(StatefulWorkload.secretVolume(secrets.brokerJaas()));
        }
        return workload.statefulSet(serviceName(), replicas, spec.image(), controller(), checks, spec.security(), volumes);
    }

    /**
     * Secured clusters made in KRaft mode: the brokers' SCRAM user and the toolkit's, written into
     * the metadata log's bootstrap as the storage is formatted (there is no ZooKeeper to hold them,
     * and no client can log in to add them before they exist). The image's own format, which follows
     * with nothing to add, then finds the storage formatted. Storage formatted before is left as it is.
     * Passwords come from the credentials Secret, in the environment only: the users reach the tool
     * in a file of arguments ({@code @file}) only this container reads, so no command line shows them.
     * A failed format stops the controller here, before the image's own format would make its storage
     * without the users.
     */
    private Container scramUsers() {
        String script = """
                config="$(mktemp)"
                cat > "$config" <<EOF
                process.roles=controller
                node.id=$((%1$d + ordinal))
                controller.quorum.voters=%2$s
                controller.listener.names=%3$s
                listeners=%3$s://:%4$d
                listener.security.protocol.map=%3$s:PLAINTEXT
                log.dirs=${%5$s}/attempt-${%6$s}
                EOF
                users="$(mktemp)"
                printf '%%s\\n' --add-scram "%8$s=[name=%9$s,password=$BROKER_PASSWORD]" \
                  --add-scram "%8$s=[name=%10$s,password=$ADMIN_PASSWORD]" > "$users"
                kafka-storage format --ignore-formatted --cluster-id "$%7$s" -c "$config" "@$users"
                formatted=$?
                rm -f "$users" "$config"
                exit "$formatted"
                """.formatted(NODE_ID_BASE, voters(), LISTENER, PORT, DATA_DIRECTORY_ENV, ATTEMPT_ENV, CLUSTER_ID_ENV,
                        ClusterSecrets.SASL_MECHANISM, ClusterSecrets.BROKER_USER, ClusterSecrets.ADMIN_USER);
        return new ContainerBuilder()
                .withName(KafkaCluster.SCRAM_USERS_CONTAINER)
                .withImage(spec.image())
                .withCommand(StatefulWorkload.startupCommand(KafkaCluster.SCRAM_USERS_PROGRAM, script))
                .withArgs("true")
                .withEnv(StatefulWorkload.podIdentity().get(0), clusterIdVariable(), fromRecord(ATTEMPT_ENV, ATTEMPT_KEY),
                        StatefulWorkload.value(DATA_DIRECTORY_ENV, KafkaCluster.DATA_DIRECTORY),
                        StatefulWorkload.value("KAFKA_HEAP_OPTS", "-Xmx64m"),
                        StatefulWorkload.secret("BROKER_PASSWORD", secrets.credentials(), ClusterSecrets.BROKER_PASSWORD),
                        StatefulWorkload.secret("ADMIN_PASSWORD", secrets.credentials(), ClusterSecrets.ADMIN_PASSWORD))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withResources(KafkaCluster.toolResources())
                .build();
    }

    /**
     * Secured: the controller listener open to the controllers and the brokers alone; no client
     * has business with it (a login would stop one anyway).
     */
    public Optional<NetworkPolicy> generateNetworkPolicy() {
        if (!spec.secured()) {
            return Optional.empty();
        }
        return Optional.of(workload.ingressPolicy(serviceName(), List.of(StatefulWorkload.ingress(labels.selector(), PORT),
                StatefulWorkload.ingress(brokers.selector(), PORT))));
    }

    /**
     * A volume kept from another cluster, or another controller, holds a log the image's storage
     * format leaves alone ("already formatted"): the controller would start on another cluster's
     * metadata. Before it starts, the log directory's meta.properties must name this controller and
     * the recorded cluster id; else it stops with the reason, which becomes the pod's termination
     * message and ends the wait for it at once.
     */
    private Container dataCheck() {
        String script = """
                meta="${%1$s}/attempt-${%2$s}/meta.properties"
                [ -f "$meta" ] || exit 0
                node=$((%3$d + ordinal))
                stored_node=$(sed -n 's/^node[.]id=//p' "$meta")
                stored_cluster=$(sed -n 's/^cluster[.]id=//p' "$meta")
                if [ "$stored_cluster" != "$%4$s" ] || [ "$stored_node" != "$node" ]; then
                  echo "${%5$s}: volume of claim %6$s-${%5$s} holds the log of controller $stored_node of Kafka cluster\
                 $stored_cluster, not of controller $node of cluster $%4$s (configmap %7$s); if its data can go, delete the\
                 claim and its volume's files and the controller starts empty" >&2
                  exit 1
                fi
                """.formatted(DATA_DIRECTORY_ENV, ATTEMPT_ENV, NODE_ID_BASE, CLUSTER_ID_ENV,
                StatefulWorkload.POD_NAME_ENV, KafkaCluster.DATA_CLAIM, clusterIdRecordName());
        return new ContainerBuilder()
                .withName(KafkaCluster.DATA_CHECK_CONTAINER)
                .withImage(spec.image())
                .withCommand(StatefulWorkload.startupCommand(KafkaCluster.DATA_CHECK_PROGRAM, script))
                .withArgs("true")
                .withEnv(StatefulWorkload.podIdentity().get(0), clusterIdVariable(), fromRecord(ATTEMPT_ENV, ATTEMPT_KEY),
                        StatefulWorkload.value(DATA_DIRECTORY_ENV, KafkaCluster.DATA_DIRECTORY))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewResources()
                    .addToRequests("cpu", new Quantity("10m"))
                    .addToRequests("memory", new Quantity("16Mi"))
                    .addToLimits("memory", new Quantity("64Mi"))
                .endResources()
                .build();
    }

    public PodDisruptionBudget generatePodDisruptionBudget() {
        return workload.podDisruptionBudget();
    }

    /** Service, NetworkPolicy (secured), StatefulSet and budget: what the controllers' step applies after their volumes. */
    public List<HasMetadata> generateWorkload() {
        List<HasMetadata> workload = new ArrayList<>(List.of(generateService()));
        generateNetworkPolicy().ifPresent(workload::add);
        workload.addAll(List.of(generateStatefulSet(), generatePodDisruptionBudget()));
        return workload;
    }

    private Container controller() {
        String startup = "export KAFKA_NODE_ID=\"$((" + NODE_ID_BASE + " + ordinal))\"\n"
                + "export " + KafkaCluster.LOG_DIRECTORY_ENV + "=\"" + KafkaCluster.DATA_DIRECTORY + "/attempt-${" + ATTEMPT_ENV
                + "}\"\n";
        if (spec.secured()) {
            // Its own keystore; the image's SSL block, which would name it, runs for brokers only.
            startup += "export KAFKA_SSL_KEYSTORE_LOCATION=\"" + ClusterSecrets.TLS_DIRECTORY + "/"
                    + ClusterSecrets.keystore("${" + StatefulWorkload.POD_NAME_ENV + "}") + "\"\n";
        }
        return new ContainerBuilder()
                .withName(CONTAINER_NAME)
                .withImage(spec.image())
                .withCommand(StatefulWorkload.startupCommand(STARTUP_PROGRAM, startup))
                .withArgs(StatefulWorkload.IMAGE_ENTRYPOINT)
                .addNewPort()
                    .withName(PORT_NAME)
                    .withContainerPort(PORT)
                .endPort()
                .withEnv(environment())
                .withVolumeMounts(spec.secured() ? List.of(
                        StatefulWorkload.secretMount(secrets.brokerTls(), ClusterSecrets.TLS_DIRECTORY),
                        StatefulWorkload.secretMount(secrets.brokerJaas(), ClusterSecrets.JAAS_DIRECTORY)) : List.of())
                .withNewResources()
                    .addToRequests("cpu", new Quantity("100m"))
                    .addToRequests("memory", new Quantity("768Mi"))
                    .addToLimits("memory", new Quantity("768Mi"))
                .endResources()
                // The controller listener opens once the controller has started; the quorum forms among the Ready ones.
                .withStartupProbe(listenerProbe(60))
                .withReadinessProbe(listenerProbe(3))
                .withLivenessProbe(listenerProbe(6))
                .build();
    }

    private List<EnvVar> environment() {
        String interBroker = KafkaCluster.clientListener(spec.security());
        List<EnvVar> env = new ArrayList<>(StatefulWorkload.podIdentity());
        env.add(StatefulWorkload.value(PROCESS_ROLES_ENV, "controller"));
        env.add(clusterIdVariable());
        env.add(fromRecord(ATTEMPT_ENV, ATTEMPT_KEY));
        env.add(StatefulWorkload.value("KAFKA_LISTENERS", LISTENER + "://0.0.0.0:" + PORT));
        env.add(StatefulWorkload.value("KAFKA_CONTROLLER_LISTENER_NAMES", LISTENER));
        // The brokers' inter-broker listener must be in the map: the controller reaches the ZooKeeper-mode brokers on it.
        env.add(StatefulWorkload.value("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
                protocolEntry(spec.security()) + "," + interBroker + ":" + interBroker));
        env.add(StatefulWorkload.value("KAFKA_INTER_BROKER_LISTENER_NAME", interBroker));
        env.addAll(clientSettings(spec.security()));
        if (spec.secured()) {
            env.add(StatefulWorkload.value("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12"));
            env.addAll(KafkaCluster.trust());
            env.addAll(KafkaCluster.scram());
            env.add(StatefulWorkload.secret("KAFKA_SSL_KEYSTORE_PASSWORD", secrets.brokerTls(), ClusterSecrets.KEYSTORE_PASSWORD));
            env.add(StatefulWorkload.secret("KAFKA_SSL_KEY_PASSWORD", secrets.brokerTls(), ClusterSecrets.KEYSTORE_PASSWORD));
            env.add(StatefulWorkload.value("KAFKA_LISTENER_NAME_" + LISTENER + "_SASL_ENABLED_MECHANISMS", SASL_MECHANISM));
            env.addAll(KafkaCluster.authorization(AUTHORIZER));
        }
        env.add(StatefulWorkload.value("KAFKA_CONTROLLER_QUORUM_VOTERS", voters()));
        if (!spec.metadata().finalized()) {
            // Migration mode until finalized; without it, the first to lead ends the migration for good.
            env.add(StatefulWorkload.value(MIGRATION_ENV, "true"));
            env.add(StatefulWorkload.value(KafkaCluster.ZOOKEEPER_CONNECT_ENV, spec.zookeeper().toString()));
            if (spec.secured()) {
                // It logs in to ZooKeeper as the brokers do (the JAAS file's Client section), and protects what it writes so.
                env.add(StatefulWorkload.value("KAFKA_ZOOKEEPER_SET_ACL", "true"));
            }
        }
        env.add(StatefulWorkload.value("KAFKA_HEAP_OPTS", "-Xms512m -Xmx512m"));
        spec.settings().startup().forEach((key, value) -> {
            if (TOPIC_DEFAULTS.contains(key)) {
                env.add(StatefulWorkload.value(BrokerSettings.variable(key), value));
            }
        });
        return env;
    }

    /**
     * The controller listener's entry in a listener protocol map, on the controllers and the brokers
     * that reach them alike: TLS with a login when secured.
     */
    static String protocolEntry(Security security) {
        return LISTENER + ":" + (security == Security.SECURED ? "SASL_SSL" : "PLAINTEXT");
    }

    /** What a server that calls the controllers needs besides the protocol: secured, the login's mechanism. */
    static List<EnvVar> clientSettings(Security security) {
        return security == Security.SECURED
                ? List.of(StatefulWorkload.value("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL", SASL_MECHANISM))
                : List.of();
    }

    /** {@code CLUSTER_ID}, which the image formats the storage with, from the cluster id the pre-flight recorded. */
    EnvVar clusterIdVariable() {
        return fromRecord(CLUSTER_ID_ENV, CLUSTER_ID_KEY);
    }

    private EnvVar fromRecord(String name, String key) {
        return new EnvVarBuilder().withName(name).withNewValueFrom().withNewConfigMapKeyRef()
                .withName(clusterIdRecordName()).withKey(key).endConfigMapKeyRef().endValueFrom().build();
    }

    private static Probe listenerProbe(int failureThreshold) {
        return new ProbeBuilder()
                .withNewTcpSocket()
                    .withPort(new IntOrString(PORT_NAME))
                .endTcpSocket()
                .withPeriodSeconds(10)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
