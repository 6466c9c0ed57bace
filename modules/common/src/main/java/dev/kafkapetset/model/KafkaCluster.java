package dev.kafkapetset.model;

import static dev.kafkapetset.model.StatefulWorkload.namedPort;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;

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
    public static final String EXTERNAL_PORT_NAME = "external";
    public static final int EXTERNAL_PORT = 9093;
    /** External access: the host and the node port base the start-up advertises the external listener with. */
    public static final String EXTERNAL_HOST_ENV = "EXTERNAL_HOST";
    public static final String EXTERNAL_PORT_BASE_ENV = "EXTERNAL_PORT_BASE";
    static final String EXTERNAL_LISTENER = "EXTERNAL";
    /** Labels the Services that give outside clients a way in, one per broker. */
    public static final String EXTERNAL_SERVICE_LABEL = "kafka-petset/external";

    public static final String CONTAINER_NAME = "kafka";
    public static final String DATA_CLAIM = "data";
    public static final String DATA_DIRECTORY = "/var/lib/kafka/data";
    /**
     * A subdirectory: a freshly formatted volume holds lost+found, which Kafka would take for a
     * corrupt partition directory.
     */
    public static final String LOG_DIRECTORY = DATA_DIRECTORY + "/logs";
    public static final String SERVICE_ENV = "BROKER_SERVICE";
    public static final String OPERATOR_PORT_BASE_ENV = "OPERATOR_PORT_BASE";
    public static final String ZOOKEEPER_CONNECT_ENV = "KAFKA_ZOOKEEPER_CONNECT";
    /** Pinned only while a version upgrade goes from its first roll to its second. */
    public static final String PROTOCOL_VERSION_ENV = "KAFKA_INTER_BROKER_PROTOCOL_VERSION";
    /** How long the image waits for ZooKeeper before the container gives up (its {@code cub zk-ready}). */
    static final String ZOOKEEPER_WAIT_ENV = "KAFKA_CUB_ZK_TIMEOUT";
    static final String RACK_VARIABLE_PREFIX = "BROKER_RACK_";
    static final String EXTERNAL_ADDRESS_VARIABLE_PREFIX = "EXTERNAL_ADDRESS_";
    static final Duration ZOOKEEPER_WAIT = Duration.ofMinutes(5);
    static final String LOG_DIRECTORY_ENV = "KAFKA_LOG_DIRS";
    static final String STARTUP_PROGRAM = "kafka-petset-broker-start";
    public static final String DATA_CHECK_CONTAINER = "data-check";
    static final String DATA_CHECK_PROGRAM = "kafka-petset-data-check";
    /** Secured clusters: makes the SCRAM users in ZooKeeper before the broker needs them. */
    public static final String SCRAM_USERS_CONTAINER = "scram-users";
    static final String SCRAM_USERS_PROGRAM = "kafka-petset-scram-users";
    /** The in-cluster listener's name: the protocol it speaks, as the Confluent image's SSL block looks for. */
    static final String PLAINTEXT_LISTENER = "PLAINTEXT";
    static final String SECURED_LISTENER = "SASL_SSL";
    static final String OPERATOR_LISTENER = "OPERATOR";
    /** ZooKeeper mode's authorizer: ACLs in ZooKeeper. */
    static final String ZOOKEEPER_AUTHORIZER = "kafka.security.authorizer.AclAuthorizer";
    /** The JVM option that points Kafka's login modules at the brokers' JAAS file. */
    static final String BROKER_JAAS_OPTION = "-Djava.security.auth.login.config=" + ClusterSecrets.JAAS_DIRECTORY + "/"
            + ClusterSecrets.BROKER_JAAS;
    /** Operators reach each broker through a port-forward at 127.0.0.1, as its operator listener advertises. */
    static final String OPERATOR_ADDRESS = "127.0.0.1";

    private static final StatefulWorkload.Claim DATA = new StatefulWorkload.Claim(DATA_CLAIM, DATA_DIRECTORY);

    private final ClusterSpec spec;
    private final Labels labels;
    private final StatefulWorkload workload;
    private final ClusterSecrets secrets;

    public KafkaCluster(ClusterSpec spec) {
        this.spec = spec;
        this.labels = new Labels("kafka", spec.name(), "broker");
        this.workload = new StatefulWorkload(spec.name(), spec.namespace(), labels, spec.storage(), List.of(DATA));
        this.secrets = new ClusterSecrets(spec.name(), spec.namespace());
    }

    /** The names of the secured profile's Secrets. */
    public ClusterSecrets secrets() {
        return secrets;
    }

    public ClusterSpec spec() {
        return spec;
    }

    public Labels labels() {
        return labels;
    }

    /** The cluster's own ZooKeeper ensemble, unless the brokers use an existing ZooKeeper. */
    public Optional<ZookeeperEnsemble> ensemble() {
        return spec.ensemble().map(ensemble -> new ZookeeperEnsemble(ensemble, spec.name(), spec.namespace(), spec.security(),
                labels));
    }

    /**
     * One StatefulSet of the cluster, with what selects its pods and claims, its volumes, and the
     * names of each pod's hostPath volumes, by ordinal.
     */
    public record Component(String statefulSet, Labels labels, Map<String, String> volumeSelector,
            IntFunction<List<String>> volumeNames) {}

    /** The KRaft controller quorum of {@code replicas} controllers that a migration off ZooKeeper deploys. */
    public KraftControllers controllers(int replicas) {
        return new KraftControllers(spec, replicas, labels, secrets);
    }

    /** The cluster's StatefulSets: its own ZooKeeper ensemble's, if any, then the brokers'. */
    public List<Component> components() {
        List<Component> components = new ArrayList<>();
        ensemble().map(ZookeeperEnsemble::component).ifPresent(components::add);
        if (spec.metadata().kraft()) {
            // KRaft-mode brokers know the cluster from its KRaft controllers alone.
            components.add(controllers(spec.metadata().controllers()).component());
        }
        components.add(brokerComponent());
        return components;
    }

    /** The brokers' StatefulSet, as {@link #components()} lists it last. */
    public Component brokerComponent() {
        return new Component(statefulSetName(), labels, volumeSelector(), workload::volumeNames);
    }

    /**
     * Every hostPath volume of the cluster with {@code brokers} brokers, its ensemble's or KRaft
     * controllers' too, pinned to {@code nodes}.
     */
    public List<PersistentVolume> allVolumes(int brokers, VolumeNodes.OfOrdinal nodes) {
        List<PersistentVolume> all = new ArrayList<>(ensemble().map(ensemble -> ensemble.generateVolumes(nodes)).orElse(List.of()));
        if (spec.metadata().kraft()) {
            all.addAll(controllers(spec.metadata().controllers()).volumes(nodes));
        }
        all.addAll(volumes(0, brokers, nodes));
        return all;
    }

    // Names: the only place they are made.

    public String statefulSetName() {
        return spec.name();
    }

    public String serviceName() {
        return spec.name();
    }

    /** Rack-aware clusters: the ConfigMap holding each broker's rack. */
    public String racksName() {
        return spec.name() + "-racks";
    }

    /** Load-balanced clusters: the ConfigMap holding each broker's load balancer address. */
    public String externalAddressesName() {
        return externalAddressesName(spec.name());
    }

    /** The ConfigMap of cluster {@code name}'s load balancer addresses. */
    public static String externalAddressesName(String name) {
        return name + "-external-addresses";
    }

    public String podName(int ordinal) {
        return workload.podName(ordinal);
    }

    public String claimName(int ordinal) {
        return workload.claimName(DATA, ordinal);
    }

    public String volumeName(int ordinal) {
        return workload.volumeName(DATA, ordinal);
    }

    /** A broker's stable DNS name through the headless Service (short form: any cluster domain). */
    public String brokerHost(int ordinal) {
        return podName(ordinal) + "." + serviceName() + "." + spec.namespace() + ".svc";
    }

    public int operatorPort(int ordinal) {
        return spec.operatorPortBase() + ordinal;
    }

    /** Selects the PersistentVolumes made for these brokers. */
    public Map<String, String> volumeSelector() {
        return workload.volumeSelector();
    }

    // Objects.

    /** One hostPath volume per broker, not pinned to nodes (their names), or none when a storage class provisions them. */
    public List<PersistentVolume> generateVolumes(int brokers) {
        return volumes(0, brokers, VolumeNodes.UNPINNED);
    }

    /** The volumes of ordinals {@code from} (inclusive) to {@code to} (exclusive), pinned to {@code nodes}. */
    public List<PersistentVolume> volumes(int from, int to, VolumeNodes.OfOrdinal nodes) {
        return workload.volumes(from, to, nodes);
    }

    /** Headless, so that every broker has a stable DNS name. */
    public Service generateService() {
        return workload.headlessService(serviceName(), namedPort(CLIENT_PORT_NAME, CLIENT_PORT));
    }

    public StatefulSet generateStatefulSet(int brokers) {
        List<Container> checks = new ArrayList<>(List.of(dataCheck()));
        List<Volume> volumes = new ArrayList<>();
        if (spec.secured()) {
            if (!spec.metadata().kraft()) {
                // KRaft-mode brokers find the users in the metadata log: migrated from ZooKeeper, or made as it was formatted.
                checks.add(scramUsers());
            }
            volumes.add(StatefulWorkload.secretVolume(secrets.brokerTls()));
            volumes.add(StatefulWorkload.secretVolume(secrets.brokerJaas()));
        }
        StatefulSet statefulSet = workload.statefulSet(serviceName(), brokers, spec.image(), broker(brokers), checks,
                spec.security(), volumes);
        spec.rackKey().ifPresent(key -> statefulSet.getMetadata().getAnnotations().put(ClusterShape.RACK_ANNOTATION, key));
        statefulSet.getMetadata().getAnnotations().putAll(spec.metadata().annotations());
        if (spec.metadata().kraft() && spec.hasZooKeeper()) {
            statefulSet.getMetadata().getAnnotations().put(Metadata.ZOOKEEPER_ANNOTATION, spec.zookeeper().toString());
        }
        return statefulSet;
    }

    /**
     * The DNS names broker {@code ordinal}'s certificate is valid for: as its peers and clients reach
     * it, outside clients at {@code external} (its external host or load balancer address) among them.
     */
    public List<String> brokerDnsNames(int ordinal, Optional<String> external) {
        List<String> names = new ArrayList<>(StatefulWorkload.podDnsNames(podName(ordinal), serviceName(), spec.namespace()));
        external.filter(host -> !ExternalAccess.isAddress(host)).ifPresent(names::add);
        return names;
    }

    /** The IP addresses a broker's certificate is valid for: the operator's, and {@code external} if it is one. */
    public List<String> brokerAddresses(Optional<String> external) {
        List<String> addresses = new ArrayList<>(List.of(OPERATOR_ADDRESS));
        external.filter(ExternalAccess::isAddress).filter(host -> !host.equals(OPERATOR_ADDRESS)).ifPresent(addresses::add);
        return addresses;
    }

    /**
     * The host outside clients reach broker {@code ordinal} at, as its certificate must name it: the
     * node ports' host, or its load balancer's address as recorded in {@code loadBalancerAddresses}
     * (by ordinal; none until its load balancer has one).
     */
    public Optional<String> externalHost(int ordinal, Map<Integer, String> loadBalancerAddresses) {
        return spec.externalAccess().flatMap(external -> external.loadBalancers()
                ? Optional.ofNullable(loadBalancerAddresses.get(ordinal)) : Optional.of(external.host()));
    }

    /**
     * External access: a NodePort or LoadBalancer Service per broker, {@code <pod>-external}, selecting
     * its one pod by the name the StatefulSet labels it with; none without external access.
     */
    public List<Service> externalServices(int from, int to) {
        List<Service> services = new ArrayList<>();
        spec.externalAccess().ifPresent(external -> {
            for (int ordinal = from; ordinal < to; ordinal++) {
                Map<String, String> selector = new LinkedHashMap<>(labels.selector());
                selector.put("statefulset.kubernetes.io/pod-name", podName(ordinal));
                ObjectMeta metadata = workload.metadata(externalServiceName(ordinal));
                metadata.getLabels().put(EXTERNAL_SERVICE_LABEL, "true");
                services.add(new ServiceBuilder()
                        .withMetadata(metadata)
                        .withNewSpec()
                            .withType(external.loadBalancers() ? "LoadBalancer" : "NodePort")
                            .withSelector(selector)
                            .addNewPort()
                                .withName(EXTERNAL_PORT_NAME)
                                .withPort(EXTERNAL_PORT)
                                .withTargetPort(new IntOrString(EXTERNAL_PORT_NAME))
                                // A load balancer's node port is the API server's to choose.
                                .withNodePort(external.loadBalancers() ? null : external.port(ordinal))
                            .endPort()
                        .endSpec()
                        .build());
            }
        });
        return services;
    }

    public String externalServiceName(int ordinal) {
        return podName(ordinal) + "-external";
    }

    /** Selects the external Services of this cluster's brokers. */
    public Map<String, String> externalServiceSelector() {
        Map<String, String> selector = labels.selector();
        selector.put(EXTERNAL_SERVICE_LABEL, "true");
        return selector;
    }

    /**
     * Secured clusters: the brokers' SCRAM user and the toolkit's, made in ZooKeeper where missing,
     * before the broker starts (it needs its own to reach the others). It logs in to ZooKeeper as the
     * brokers do, so the users' znodes are theirs. Passwords come from the credentials Secret, in the
     * environment only, and reach kafka-configs in a file only this container reads: a command line is
     * there for anyone who can list the node's processes. A user already there is left alone. A user
     * that can't be made stops the pod here, with kafka-configs' reason in its log, rather than a
     * broker that can't log in to the others.
     */
    private Container scramUsers() {
        String script = """
                add_user() {
                  if kafka-configs --zookeeper "${%1$s}" --describe --entity-type users --entity-name "$1" \\
                      | grep -q '%2$s'; then
                    echo "SCRAM user $1 exists"
                    return 0
                  fi
                  config="$(mktemp)"
                  printf '%2$s=password=%%s\\n' "$2" > "$config"
                  kafka-configs --zookeeper "${%1$s}" --alter --entity-type users --entity-name "$1" \\
                    --add-config-file "$config"
                  added=$?
                  rm -f "$config"
                  return "$added"
                }
                add_user %3$s "$BROKER_PASSWORD" || exit
                add_user %4$s "$ADMIN_PASSWORD" || exit
                """.formatted(ZOOKEEPER_CONNECT_ENV, ClusterSecrets.SASL_MECHANISM, ClusterSecrets.BROKER_USER,
                        ClusterSecrets.ADMIN_USER);
        return new ContainerBuilder()
                .withName(SCRAM_USERS_CONTAINER)
                .withImage(spec.image())
                .withCommand(StatefulWorkload.startupCommand(SCRAM_USERS_PROGRAM, script))
                .withArgs("true")
                .withEnv(StatefulWorkload.podIdentity().get(0),
                        StatefulWorkload.value(ZOOKEEPER_CONNECT_ENV, spec.zookeeper().toString()),
                        StatefulWorkload.value("KAFKA_OPTS", BROKER_JAAS_OPTION),
                        StatefulWorkload.value("KAFKA_HEAP_OPTS", "-Xmx64m"),
                        StatefulWorkload.secret("BROKER_PASSWORD", secrets.credentials(), ClusterSecrets.BROKER_PASSWORD),
                        StatefulWorkload.secret("ADMIN_PASSWORD", secrets.credentials(), ClusterSecrets.ADMIN_PASSWORD))
                .withVolumeMounts(StatefulWorkload.secretMount(secrets.brokerJaas(), ClusterSecrets.JAAS_DIRECTORY))
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withResources(toolResources())
                .build();
    }

    /**
     * A volume kept from an earlier cluster, or from another broker, makes Kafka crash-loop with
     * InconsistentClusterIdException or worse. Before the broker starts, compare the volume's
     * meta.properties with the pod's ordinal and the cluster id (ZooKeeper's; in KRaft mode the one
     * the migration recorded), and on a mismatch stop with the reason and the choices; Kubernetes
     * shows it as the container's termination message.
     */
    private Container dataCheck() {
        String script = """
                meta="${%1$s}/meta.properties"
                [ -f "$meta" ] || exit 0
                claim="%2$s-${%3$s}"
                refuse() {
                  echo "${%3$s}: volume of claim $claim holds $1; choices: $2, or if its data can go, delete the claim\
                 and its volume's files and the broker starts empty" >&2
                  exit 1
                }
                stored_broker=$(sed -n 's/^%4$s=//p' "$meta")
                stored_cluster=$(sed -n 's/^cluster[.]id=//p' "$meta")
                if [ "$stored_broker" != "$ordinal" ]; then
                  refuse "the data of broker $stored_broker, not of broker $ordinal" "give it to broker $stored_broker's claim"
                fi
                """.formatted(LOG_DIRECTORY_ENV, DATA_CLAIM, StatefulWorkload.POD_NAME_ENV,
                        // A volume a KRaft-mode broker formatted itself names it node.id (meta.properties version 1).
                        spec.metadata().kraft() ? "\\(broker\\|node\\)[.]id" : "broker[.]id");
        List<EnvVar> env = new ArrayList<>(List.of(StatefulWorkload.podIdentity().get(0),
                StatefulWorkload.value(LOG_DIRECTORY_ENV, LOG_DIRECTORY)));
        if (spec.metadata().kraft()) {
            script += """
                    if [ "$stored_cluster" != "$%1$s" ]; then
                      refuse "the data of Kafka cluster $stored_cluster, not of cluster $%1$s (configmap %2$s)" \
                        "give it to the brokers of cluster $stored_cluster"
                    fi
                    """.formatted(KraftControllers.CLUSTER_ID_ENV, KraftControllers.clusterIdRecordName(spec.name()));
            env.add(controllers(spec.metadata().controllers()).clusterIdVariable());
        } else {
            script += zooKeeperClusterCheck();
            env.add(StatefulWorkload.value(ZOOKEEPER_CONNECT_ENV, spec.zookeeper().toString()));
            env.add(StatefulWorkload.value("KAFKA_HEAP_OPTS", "-Xmx64m"));
            if (spec.secured()) {
                // zookeeper-shell logs in to ZooKeeper as the brokers do.
                env.add(StatefulWorkload.value("KAFKA_OPTS", BROKER_JAAS_OPTION));
            }
        }
        return new ContainerBuilder()
                .withName(DATA_CHECK_CONTAINER)
                .withImage(spec.image())
                .withCommand(StatefulWorkload.startupCommand(DATA_CHECK_PROGRAM, script))
                .withArgs("true")
                .withEnv(env)
                .withVolumeMounts(spec.secured()
                        ? List.of(StatefulWorkload.secretMount(secrets.brokerJaas(), ClusterSecrets.JAAS_DIRECTORY))
                        : List.of())
                // Its last words (the reason and the choices) become the pod's termination message.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withResources(toolResources())
                .build();
    }

    /** The data check's comparison with the cluster id in the brokers' ZooKeeper. */
    private static String zooKeeperClusterCheck() {
        return """
                answer=$(timeout 60 zookeeper-shell "${%1$s}" get /cluster/id 2>&1)
                zookeeper_cluster=$(echo "$answer" | grep -o '"id":"[^"]*"' | tail -n 1 | cut -d '"' -f 4)
                if [ -z "$zookeeper_cluster" ] && echo "$answer" | grep -q 'Node does not exist'; then
                  refuse "the data of Kafka cluster $stored_cluster, and ZooKeeper at ${%1$s} holds no cluster yet" \
                    "point --zookeeper at the ZooKeeper of cluster $stored_cluster to keep it"
                fi
                if [ -n "$zookeeper_cluster" ] && [ "$zookeeper_cluster" != "$stored_cluster" ]; then
                  refuse "the data of Kafka cluster $stored_cluster, but ZooKeeper at ${%1$s} holds cluster $zookeeper_cluster" \
                    "point --zookeeper at the ZooKeeper of cluster $stored_cluster to keep it"
                fi
                """.formatted(ZOOKEEPER_CONNECT_ENV);
    }

    /** What an init container running one of the image's JVM tools (kafka-configs, zookeeper-shell) asks for. */
    static ResourceRequirements toolResources() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("50m"))
                .addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("memory", new Quantity("256Mi"))
                .build();
    }

    private Container broker(int brokers) {
        String startup = """
                export KAFKA_BROKER_ID="$ordinal"
                export KAFKA_ADVERTISED_LISTENERS="%6$s://${%1$s}.${%2$s}.${%3$s}.svc:%4$d,\
                %7$s://127.0.0.1:$((%5$s + ordinal))"
                """.formatted(StatefulWorkload.POD_NAME_ENV, SERVICE_ENV, StatefulWorkload.POD_NAMESPACE_ENV,
                        CLIENT_PORT, OPERATOR_PORT_BASE_ENV, clientListener(spec.security()), OPERATOR_LISTENER);
        if (spec.metadata().kraft()) {
            // Its node id is its broker id (both set: Kafka requires them equal).
            startup += "export KAFKA_NODE_ID=\"$ordinal\"\n";
        }
        if (spec.externalAccess().filter(external -> !external.loadBalancers()).isPresent()) {
            // Outside clients reach broker n at node port base + n of the external host.
            startup += """
                    export KAFKA_ADVERTISED_LISTENERS="$KAFKA_ADVERTISED_LISTENERS,%1$s://${%2$s}:$((%3$s + ordinal))"
                    """.formatted(EXTERNAL_LISTENER, EXTERNAL_HOST_ENV, EXTERNAL_PORT_BASE_ENV);
        }
        if (spec.externalAccess().filter(ExternalAccess::loadBalancers).isPresent()) {
            // Outside clients reach broker n at its own load balancer's address, which the steps record once it has one.
            startup += fromConfigMap("external_address", EXTERNAL_ADDRESS_VARIABLE_PREFIX, externalAddressesName(),
                    "load balancer address") + """
                    export KAFKA_ADVERTISED_LISTENERS="$KAFKA_ADVERTISED_LISTENERS,%1$s://${external_address}:%2$d"
                    """.formatted(EXTERNAL_LISTENER, EXTERNAL_PORT);
        }
        if (spec.rackKey().isPresent()) {
            // Its rack, from the ConfigMap's variable for its ordinal, which the steps write from its node.
            startup += fromConfigMap("rack", RACK_VARIABLE_PREFIX, racksName(), "rack")
                    + "export KAFKA_BROKER_RACK=\"$rack\"\n";
        }
        if (spec.secured()) {
            // Each broker's own keystore, under the name the Confluent image reads from its secrets directory.
            startup += "export KAFKA_SSL_KEYSTORE_FILENAME=\"" + ClusterSecrets.keystore("${" + StatefulWorkload.POD_NAME_ENV
                    + "}") + "\"\n";
        }
        return new ContainerBuilder()
                .withName(CONTAINER_NAME)
                .withImage(spec.image())
                .withCommand(StatefulWorkload.startupCommand(STARTUP_PROGRAM, startup))
                // Every variable they bring starts with a prefix: none can become a broker setting (KAFKA_...).
                .withEnvFrom(perBrokerConfigMaps())
                .withVolumeMounts(spec.secured() ? List.of(
                        StatefulWorkload.secretMount(secrets.brokerTls(), ClusterSecrets.TLS_DIRECTORY),
                        StatefulWorkload.secretMount(secrets.brokerJaas(), ClusterSecrets.JAAS_DIRECTORY)) : List.of())
                .withArgs(StatefulWorkload.IMAGE_ENTRYPOINT)
                .addNewPort()
                    .withName(CLIENT_PORT_NAME)
                    .withContainerPort(CLIENT_PORT)
                .endPort()
                .addNewPort()
                    .withName(OPERATOR_PORT_NAME)
                    .withContainerPort(OPERATOR_PORT)
                .endPort()
                .addAllToPorts(spec.externalAccess().map(external -> List.of(new ContainerPortBuilder()
                        .withName(EXTERNAL_PORT_NAME).withContainerPort(EXTERNAL_PORT).build())).orElse(List.of()))
                .withEnv(brokerEnvironment(brokers))
                .withNewResources()
                    .addToRequests("cpu", new Quantity("250m"))
                    .addToRequests("memory", new Quantity("1Gi"))
                    .addToLimits("memory", new Quantity("1Gi"))
                .endResources()
                // Waiting for ZooKeeper (up to five minutes), then recovering logs after an unclean stop, which can
                // take minutes: allow up to fifteen before
                // liveness takes over.
                .withStartupProbe(listenerProbe(90))
                .withReadinessProbe(listenerProbe(3))
                .withLivenessProbe(listenerProbe(6))
                .build();
    }

    private List<EnvVar> brokerEnvironment(int brokers) {
        int internalReplication = Math.min(3, brokers);
        List<EnvVar> env = new ArrayList<>(StatefulWorkload.podIdentity());
        env.add(StatefulWorkload.value(SERVICE_ENV, serviceName()));
        env.add(StatefulWorkload.value(OPERATOR_PORT_BASE_ENV, Integer.toString(spec.operatorPortBase())));
        if (!spec.metadata().kraft()) {
            env.add(StatefulWorkload.value(ZOOKEEPER_CONNECT_ENV, spec.zookeeper().toString()));
        }
        String listener = clientListener(spec.security());
        String listeners = listener + "://0.0.0.0:" + CLIENT_PORT + "," + OPERATOR_LISTENER + "://0.0.0.0:" + OPERATOR_PORT;
        String protocols = listener + ":" + listener + "," + OPERATOR_LISTENER + ":" + listener;
        if (spec.externalAccess().isPresent()) {
            ExternalAccess external = spec.externalAccess().get();
            // The same protection as inside: TLS and SCRAM when secured.
            listeners += "," + EXTERNAL_LISTENER + "://0.0.0.0:" + EXTERNAL_PORT;
            protocols += "," + EXTERNAL_LISTENER + ":" + listener;
            if (!external.loadBalancers()) {
                env.add(StatefulWorkload.value(EXTERNAL_HOST_ENV, external.host()));
                env.add(StatefulWorkload.value(EXTERNAL_PORT_BASE_ENV, Integer.toString(external.portBase())));
            }
        }
        if (spec.metadata().migrating()) {
            // Migration mode (KIP-866): still ZooKeeper's, and registered with the KRaft controllers too.
            protocols += "," + KraftControllers.protocolEntry(spec.security());
            env.addAll(KraftControllers.clientSettings(spec.security()));
            env.add(StatefulWorkload.value(KraftControllers.MIGRATION_ENV, "true"));
            env.add(StatefulWorkload.value("KAFKA_CONTROLLER_QUORUM_VOTERS", controllers(spec.metadata().controllers()).voters()));
            env.add(StatefulWorkload.value("KAFKA_CONTROLLER_LISTENER_NAMES", KraftControllers.LISTENER));
        } else if (spec.metadata().kraft()) {
            // KRaft mode: registered with the controllers alone; no ZooKeeper, no inter.broker.protocol.version
            // (metadata.version, the controllers', takes its place).
            protocols += "," + KraftControllers.protocolEntry(spec.security());
            env.addAll(KraftControllers.clientSettings(spec.security()));
            env.add(StatefulWorkload.value(KraftControllers.PROCESS_ROLES_ENV, "broker"));
            env.add(controllers(spec.metadata().controllers()).clusterIdVariable());
            env.add(StatefulWorkload.value("KAFKA_CONTROLLER_QUORUM_VOTERS", controllers(spec.metadata().controllers()).voters()));
            env.add(StatefulWorkload.value("KAFKA_CONTROLLER_LISTENER_NAMES", KraftControllers.LISTENER));
        }
        env.add(StatefulWorkload.value("KAFKA_LISTENERS", listeners));
        env.add(StatefulWorkload.value("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", protocols));
        env.add(StatefulWorkload.value("KAFKA_INTER_BROKER_LISTENER_NAME", listener));
        if (spec.secured()) {
            env.addAll(securedBrokerEnvironment());
        }
        env.add(StatefulWorkload.value(LOG_DIRECTORY_ENV, LOG_DIRECTORY));
        // Kafka's default of 3 leaves consumer groups and transactions unusable below 3 brokers.
        env.add(StatefulWorkload.value("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", Integer.toString(internalReplication)));
        env.add(StatefulWorkload.value("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR",
                Integer.toString(internalReplication)));
        // One replica may be down: with 3 or more, 2 must stay in sync; below that, 1.
        env.add(StatefulWorkload.value("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR",
                Integer.toString(internalReplication >= 3 ? 2 : 1)));
        env.add(StatefulWorkload.value("KAFKA_HEAP_OPTS", "-Xms512m -Xmx512m"));
        // The image waits 40 s for ZooKeeper, then exits, and each exit doubles the back-off before the
        // next try (up to 5 min): after a whole cluster restarts, an ensemble still pulling its image
        // or electing a leader would leave the brokers down for minutes more. Wait up to 5 min.
        if (!spec.metadata().kraft()) {
            env.add(StatefulWorkload.value(ZOOKEEPER_WAIT_ENV, Long.toString(ZOOKEEPER_WAIT.toSeconds())));
        }
        if (spec.interBrokerProtocolVersion() != null && !spec.metadata().kraft()) {
            env.add(StatefulWorkload.value(PROTOCOL_VERSION_ENV, spec.interBrokerProtocolVersion()));
        }
        // The operator's settings the brokers read at start (--config); dynamic ones are set at run time.
        spec.settings().startup().forEach((key, value) -> env.add(StatefulWorkload.value(BrokerSettings.variable(key), value)));
        return env;
    }

    /** The protocol of both listeners, which is also the in-cluster one's name. */
    static String clientListener(Security security) {
        return security == Security.SECURED ? SECURED_LISTENER : PLAINTEXT_LISTENER;
    }

    /**
     * TLS as the Confluent image takes it (its SSL block reads the keystore and its password files
     * from /etc/kafka/secrets), SCRAM on both listeners and between brokers, ACLs, and, in ZooKeeper
     * mode, ZooKeeper: a SASL login (JAAS Client section) and ACLs on every znode Kafka makes.
     * KRaft-mode brokers keep ACLs in the metadata log, with the KRaft authorizer.
     */
    private List<EnvVar> securedBrokerEnvironment() {
        List<EnvVar> env = new ArrayList<>(List.of(
                StatefulWorkload.value("KAFKA_SSL_KEYSTORE_TYPE", "PKCS12"),
                StatefulWorkload.value("KAFKA_SSL_KEYSTORE_CREDENTIALS", ClusterSecrets.KEYSTORE_PASSWORD),
                StatefulWorkload.value("KAFKA_SSL_KEY_CREDENTIALS", ClusterSecrets.KEYSTORE_PASSWORD)));
        env.addAll(trust());
        env.add(StatefulWorkload.value("KAFKA_SSL_CLIENT_AUTH", "none"));
        env.addAll(scram());
        if (!spec.metadata().kraft()) {
            env.add(StatefulWorkload.value("KAFKA_ZOOKEEPER_SET_ACL", "true"));
        }
        env.addAll(authorization(spec.metadata().kraft() ? KraftControllers.AUTHORIZER : ZOOKEEPER_AUTHORIZER));
        return env;
    }

    /** Secured brokers and KRaft controllers trust the cluster's CA certificate, as PEM (which needs no password). */
    static List<EnvVar> trust() {
        return List.of(
                StatefulWorkload.value("KAFKA_SSL_TRUSTSTORE_TYPE", "PEM"),
                StatefulWorkload.value("KAFKA_SSL_TRUSTSTORE_LOCATION",
                        ClusterSecrets.TLS_DIRECTORY + "/" + ClusterSecrets.CA_CERTIFICATE));
    }

    /** SCRAM on the brokers' listeners and between them, and the JAAS file's logins: brokers and KRaft controllers alike. */
    static List<EnvVar> scram() {
        return List.of(
                StatefulWorkload.value("KAFKA_SASL_ENABLED_MECHANISMS", ClusterSecrets.SASL_MECHANISM),
                StatefulWorkload.value("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", ClusterSecrets.SASL_MECHANISM),
                StatefulWorkload.value("KAFKA_OPTS", BROKER_JAAS_OPTION));
    }

    /** Kafka's {@code authorizer}, nothing allowed unless granted, the brokers and the toolkit as super users. */
    static List<EnvVar> authorization(String authorizer) {
        return List.of(
                StatefulWorkload.value("KAFKA_AUTHORIZER_CLASS_NAME", authorizer),
                StatefulWorkload.value("KAFKA_SUPER_USERS",
                        "User:" + ClusterSecrets.BROKER_USER + ";User:" + ClusterSecrets.ADMIN_USER),
                StatefulWorkload.value("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false"));
    }

    /**
     * A TCP connect to the client port, which means registered and serving: Kafka (3.5 on, Confluent
     * Platform 7.5 on) opens a listener with a fixed port only after it has registered in ZooKeeper
     * and enabled request processing (KAFKA-14658). Chosen over an exec probe asking the broker for
     * its API versions, which would start a JVM (seconds of CPU) every 10 s in every broker for the
     * same answer. Older images open the port before they register: there check-zookeeper and the
     * roll's own wait prove registration.
     */
    private static Probe listenerProbe(int failureThreshold) {
        return new ProbeBuilder()
                .withNewTcpSocket()
                    .withPort(new IntOrString(CLIENT_PORT_NAME))
                .endTcpSocket()
                .withPeriodSeconds(10)
                .withFailureThreshold(failureThreshold)
                .build();
    }

    /**
     * Secured: the client port open to the other brokers and to the clients (every pod of the
     * namespace, or those {@code --clients-from} labels), the operator port to none (operators come
     * through kubectl port-forward, which does not pass through it).
     */
    public Optional<NetworkPolicy> generateNetworkPolicy() {
        if (!spec.secured()) {
            return Optional.empty();
        }
        // The KRaft controllers of a migration send the ZooKeeper-mode brokers their metadata on the client port too.
        List<NetworkPolicyIngressRule> rules = new ArrayList<>(List.of(StatefulWorkload.ingress(labels.selector(), CLIENT_PORT),
                StatefulWorkload.ingress(KraftControllers.labels(spec.name()).selector(), CLIENT_PORT),
                StatefulWorkload.ingress(spec.clientSelector(), CLIENT_PORT)));
        // Outside clients come from anywhere; TLS and SCRAM keep them out unless they log in.
        spec.externalAccess().ifPresent(external -> rules.add(new NetworkPolicyIngressRuleBuilder()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(EXTERNAL_PORT)).endPort()
                .build()));
        return Optional.of(workload.ingressPolicy(serviceName(), rules));
    }

    public PodDisruptionBudget generatePodDisruptionBudget() {
        return workload.podDisruptionBudget();
    }

    /**
     * The startup lines that set {@code shellVariable} to the variable {@code prefix}{@code <ordinal>}
     * the broker's ConfigMap {@code configMap} gives it, or stop the broker, saying which {@code what}
     * is missing: the steps write it before the broker starts.
     */
    private static String fromConfigMap(String shellVariable, String prefix, String configMap, String what) {
        return """
                %1$s_variable="%2$s${ordinal}"
                if [ -z "${!%1$s_variable:-}" ]; then
                  echo "%3$s: no %5$s for broker $ordinal in configmap %4$s: deploy-petset or scale writes it" >&2
                  exit 1
                fi
                %1$s="${!%1$s_variable}"
                """.formatted(shellVariable, prefix, STARTUP_PROGRAM, configMap, what);
    }

    /** The ConfigMaps whose values differ by broker (racks, load balancer addresses), each under its prefix. */
    private List<EnvFromSource> perBrokerConfigMaps() {
        List<EnvFromSource> sources = new ArrayList<>();
        if (spec.externalAccess().filter(ExternalAccess::loadBalancers).isPresent()) {
            sources.add(new EnvFromSourceBuilder().withPrefix(EXTERNAL_ADDRESS_VARIABLE_PREFIX)
                    .withNewConfigMapRef().withName(externalAddressesName()).endConfigMapRef().build());
        }
        if (spec.rackKey().isPresent()) {
            sources.add(new EnvFromSourceBuilder().withPrefix(RACK_VARIABLE_PREFIX)
                    .withNewConfigMapRef().withName(racksName()).endConfigMapRef().build());
        }
        return sources;
    }

    /**
     * Load-balanced clusters: each broker's load balancer address by its ordinal, which the brokers
     * read as the variable {@value #EXTERNAL_ADDRESS_VARIABLE_PREFIX}{@code <ordinal>}.
     */
    public ConfigMap generateExternalAddresses(Map<Integer, String> addressByOrdinal) {
        return byOrdinal(externalAddressesName(), addressByOrdinal);
    }

    private ConfigMap byOrdinal(String name, Map<Integer, String> valueByOrdinal) {
        Map<String, String> data = new TreeMap<>();
        valueByOrdinal.forEach((ordinal, value) -> data.put(Integer.toString(ordinal), value));
        return new ConfigMapBuilder().withMetadata(workload.metadata(name)).withData(data).build();
    }

    /**
     * Rack-aware clusters: each broker's rack by its ordinal, which the brokers read as the variable
     * {@value #RACK_VARIABLE_PREFIX}{@code <ordinal>}.
     */
    public ConfigMap generateRacks(Map<Integer, String> rackByOrdinal) {
        return byOrdinal(racksName(), rackByOrdinal);
    }

    /**
     * Every object of the cluster with {@code brokers} brokers in the order the bring-up applies
     * them: volumes, the ensemble's services and workload, then the brokers'.
     */
    public List<HasMetadata> allObjects(int brokers, VolumeNodes.OfOrdinal nodes) {
        List<HasMetadata> all = new ArrayList<>(allVolumes(brokers, nodes));
        ensemble().ifPresent(ensemble -> all.addAll(ensemble.generateWorkload()));
        all.add(generateService());
        generateNetworkPolicy().ifPresent(all::add);
        all.add(generateStatefulSet(brokers));
        all.add(generatePodDisruptionBudget());
        return all;
    }

    /** The tag of an image reference ("7.9.11"), or "" when it has none. */
    static String tagOf(String image) {
        String reference = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = reference.lastIndexOf(':');
        return colon > reference.lastIndexOf('/') ? reference.substring(colon + 1) : "";
    }
}
