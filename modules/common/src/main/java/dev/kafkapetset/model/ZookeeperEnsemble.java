package dev.kafkapetset.model;

import static dev.kafkapetset.model.StatefulWorkload.namedPort;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A cluster's own ZooKeeper ensemble, for clusters that don't point {@code --zookeeper} at one of
 * their own: a client Service named as the brokers expect, a headless Service for the servers to
 * find each other, and a StatefulSet whose pods take their server id from their ordinal. Each
 * cluster has its own, named after it ({@code <cluster>-zookeeper}), as Strimzi does: two clusters
 * in one namespace never share a ZooKeeper root, and tearing one down leaves the other's alone.
 */
public final class ZookeeperEnsemble {
    /** Confluent Platform 7.9 is the last line that ships ZooKeeper. */
    public static final String DEFAULT_IMAGE = "confluentinc/cp-zookeeper:7.9.11";
    /** Appended to the cluster's name: {@code kafka-zookeeper}. */
    public static final String SUFFIX = "-zookeeper";

    public static final String CLIENT_PORT_NAME = "client";
    public static final int CLIENT_PORT = 2181;
    static final String PEER_PORT_NAME = "peer";
    static final int PEER_PORT = 2888;
    static final String ELECTION_PORT_NAME = "leader-election";
    static final int ELECTION_PORT = 3888;
    /** What the probes and check-zookeeper ask; ZooKeeper refuses four-letter words not listed. */
    public static final String FOUR_LETTER_WORDS = "ruok,srvr,mntr";

    static final String STARTUP_PROGRAM = "kafka-petset-zookeeper-start";
    private static final StatefulWorkload.Claim DATA = new StatefulWorkload.Claim("data", "/var/lib/zookeeper/data");
    /** The transaction log on a volume of its own, as ZooKeeper's administrators advise. */
    private static final StatefulWorkload.Claim LOG = new StatefulWorkload.Claim("datalog", "/var/lib/zookeeper/log");

    private final EnsembleSpec spec;
    private final String name;
    private final String namespace;
    private final Security security;
    private final ClusterSecrets secrets;
    private final String cluster;
    private final Labels brokers;
    private final Labels labels;
    private final StatefulWorkload workload;

    /** The ensemble of Kafka cluster {@code cluster}, whose brokers carry {@code brokers}, protected as the cluster is. */
    public ZookeeperEnsemble(EnsembleSpec spec, String cluster, String namespace, Security security, Labels brokers) {
        this.spec = spec;
        this.name = cluster + SUFFIX;
        this.namespace = namespace;
        this.security = security;
        this.secrets = new ClusterSecrets(cluster, namespace);
        this.cluster = cluster;
        this.brokers = brokers;
        this.labels = new Labels("zookeeper", cluster, "server");
        this.workload = new StatefulWorkload(name, namespace, labels, spec.storage(), List.of(DATA, LOG));
    }

    public EnsembleSpec spec() {
        return spec;
    }

    public Labels labels() {
        return labels;
    }

    public String statefulSetName() {
        return name;
    }

    /** The Service the brokers connect to. */
    public String clientServiceName() {
        return name;
    }

    public String headlessServiceName() {
        return name + "-headless";
    }

    public String podName(int ordinal) {
        return workload.podName(ordinal);
    }

    /** Selects the PersistentVolumes made for these servers. */
    public Map<String, String> volumeSelector() {
        return workload.volumeSelector();
    }

    /** What the brokers of cluster {@code cluster} put in zookeeper.connect: its ensemble's client Service. */
    public static ZookeeperConnect connect(String cluster) {
        return new ZookeeperConnect(List.of(new ZookeeperConnect.Server(cluster + SUFFIX, CLIENT_PORT)), "");
    }

    /** A server's stable DNS name through the headless Service. */
    public String serverHost(int ordinal) {
        return podName(ordinal) + "." + headlessServiceName() + "." + namespace + ".svc";
    }

    /** The ensemble's StatefulSet, as {@link KafkaCluster#components()} lists it. */
    public KafkaCluster.Component component() {
        return new KafkaCluster.Component(statefulSetName(), labels, volumeSelector(), workload::volumeNames);
    }

    /** The servers' hostPath volumes, not pinned to nodes: their names, and whether there are any. */
    public List<PersistentVolume> generateVolumes() {
        return generateVolumes(VolumeNodes.UNPINNED);
    }

    public List<PersistentVolume> generateVolumes(VolumeNodes.OfOrdinal nodes) {
        return workload.volumes(0, spec.replicas(), nodes);
    }

    public List<Service> generateServices() {
        Service headless = workload.headlessService(headlessServiceName(), namedPort(CLIENT_PORT_NAME, CLIENT_PORT),
                namedPort(PEER_PORT_NAME, PEER_PORT), namedPort(ELECTION_PORT_NAME, ELECTION_PORT));
        Service client = new ServiceBuilder()
                .withMetadata(workload.metadata(clientServiceName()))
                .withNewSpec()
                    .withSelector(labels.selector())
                    .withPorts(namedPort(CLIENT_PORT_NAME, CLIENT_PORT))
                .endSpec()
                .build();
        return List.of(headless, client);
    }

    public StatefulSet generateStatefulSet() {
        List<Volume> volumes = security == Security.SECURED
                ? List.of(StatefulWorkload.secretVolume(secrets.zookeeperJaas())) : List.of();
        return workload.statefulSet(headlessServiceName(), spec.replicas(), spec.image(), server(), List.of(), security,
                volumes);
    }

    public PodDisruptionBudget generatePodDisruptionBudget() {
        return workload.podDisruptionBudget();
    }

    /**
     * Secured: the client port open to the cluster's brokers and its KRaft controllers only (in a
     * migration they read and write the metadata in ZooKeeper until it is finalized), the quorum
     * ports to the ensemble's own servers only. (kubectl port-forward, which the checks use, does not
     * pass through it.)
     */
    public Optional<NetworkPolicy> generateNetworkPolicy() {
        if (security != Security.SECURED) {
            return Optional.empty();
        }
        return Optional.of(workload.ingressPolicy(name, List.of(StatefulWorkload.ingress(brokers.selector(), CLIENT_PORT),
                StatefulWorkload.ingress(KraftControllers.labels(cluster).selector(), CLIENT_PORT),
                StatefulWorkload.ingress(labels.selector(), PEER_PORT, ELECTION_PORT))));
    }

    /** Services, StatefulSet, budget and, secured, NetworkPolicy: what deploy-zookeeper applies (the volumes are create-volumes'). */
    public List<HasMetadata> generateWorkload() {
        List<HasMetadata> all = new ArrayList<>(generateServices());
        all.add(generateStatefulSet());
        all.add(generatePodDisruptionBudget());
        generateNetworkPolicy().ifPresent(all::add);
        return all;
    }

    private Container server() {
        return new ContainerBuilder()
                .withName("zookeeper")
                .withImage(spec.image())
                // myid must be 1-255, and each server's place in ZOOKEEPER_SERVERS is its id.
                .withCommand(StatefulWorkload.startupCommand(STARTUP_PROGRAM,
                        "export ZOOKEEPER_SERVER_ID=\"$((ordinal + 1))\""))
                .withArgs(StatefulWorkload.IMAGE_ENTRYPOINT)
                .addNewPort()
                    .withName(CLIENT_PORT_NAME)
                    .withContainerPort(CLIENT_PORT)
                .endPort()
                .addNewPort()
                    .withName(PEER_PORT_NAME)
                    .withContainerPort(PEER_PORT)
                .endPort()
                .addNewPort()
                    .withName(ELECTION_PORT_NAME)
                    .withContainerPort(ELECTION_PORT)
                .endPort()
                .withEnv(environment())
                .withVolumeMounts(security == Security.SECURED
                        ? List.of(StatefulWorkload.secretMount(secrets.zookeeperJaas(), ClusterSecrets.JAAS_DIRECTORY))
                        : List.of())
                .withNewResources()
                    .addToRequests("cpu", new Quantity("100m"))
                    .addToRequests("memory", new Quantity("512Mi"))
                    .addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                // Ready means serving: in a quorum (srvr reports a mode), which "imok" alone doesn't say.
                .withReadinessProbe(fourLetterWordProbe("srvr", "^Mode: ", 3))
                .withLivenessProbe(fourLetterWordProbe("ruok", "^imok", 6))
                .build();
    }

    private List<EnvVar> environment() {
        List<EnvVar> env = new ArrayList<>(StatefulWorkload.podIdentity());
        env.add(StatefulWorkload.value("ZOOKEEPER_CLIENT_PORT", Integer.toString(CLIENT_PORT)));
        env.add(StatefulWorkload.value("ZOOKEEPER_TICK_TIME", "2000"));
        env.add(StatefulWorkload.value("ZOOKEEPER_INIT_LIMIT", "10"));
        env.add(StatefulWorkload.value("ZOOKEEPER_SYNC_LIMIT", "5"));
        if (spec.replicas() > 1) {
            env.add(StatefulWorkload.value("ZOOKEEPER_SERVERS", serverList()));
            // A server's own name may not resolve yet while it starts: listen on every address.
            env.add(StatefulWorkload.value("ZOOKEEPER_QUORUM_LISTEN_ON_ALL_IPS", "true"));
        }
        // Without purging, snapshots and transaction logs fill the volumes.
        env.add(StatefulWorkload.value("ZOOKEEPER_AUTOPURGE_SNAP_RETAIN_COUNT", "3"));
        env.add(StatefulWorkload.value("ZOOKEEPER_AUTOPURGE_PURGE_INTERVAL", "24"));
        env.add(StatefulWorkload.value("KAFKA_OPTS", jvmOptions()));
        env.add(StatefulWorkload.value("KAFKA_HEAP_OPTS", "-Xms256m -Xmx256m"));
        return env;
    }

    /**
     * The four-letter words the probes and checks ask; secured, a SASL login (DIGEST-MD5, the one
     * user being Kafka's) required of every client session. Four-letter words need no session.
     */
    private String jvmOptions() {
        String options = "-Dzookeeper.4lw.commands.whitelist=" + FOUR_LETTER_WORDS;
        if (security == Security.SECURED) {
            options += " -Djava.security.auth.login.config=" + ClusterSecrets.JAAS_DIRECTORY + "/" + ClusterSecrets.ZOOKEEPER_JAAS
                    + " -Dzookeeper.authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider"
                    + " -Dzookeeper.sessionRequireClientSASLAuth=true";
        }
        return options;
    }

    /** {@code host:2888:3888;...} in server id order (ordinal + 1). */
    String serverList() {
        return IntStream.range(0, spec.replicas())
                .mapToObj(ordinal -> serverHost(ordinal) + ":" + PEER_PORT + ":" + ELECTION_PORT)
                .collect(Collectors.joining(";"));
    }

    /** Asks the local server a four-letter word through bash's /dev/tcp: nothing else needed in the image. */
    private static Probe fourLetterWordProbe(String word, String expected, int failureThreshold) {
        return new ProbeBuilder()
                .withNewExec()
                    .withCommand("bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + CLIENT_PORT + " && echo " + word
                            + " >&3 && grep -q '" + expected + "' <&3")
                .endExec()
                .withPeriodSeconds(10)
                .withTimeoutSeconds(5)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
