package dev.kafkapetset.zookeeper;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.kube.PortForwards;
import dev.kafkapetset.kube.SecretValues;
import dev.kafkapetset.model.ClusterSecrets;
import dev.kafkapetset.model.Dns1123;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Metadata;
import dev.kafkapetset.model.Security;
import dev.kafkapetset.model.ZookeeperConnect;
import dev.kafkapetset.model.ZookeeperEnsemble;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The ZooKeeper a deployed Kafka cluster is configured with, reached from the operator's machine
 * with only kubeconfig access: every host of the brokers' {@code KAFKA_ZOOKEEPER_CONNECT} is looked
 * up as a Service (or a pod of one), and each pod behind it gets its own port-forward, so each
 * server is checked on its own (a Service would hide which one answers).
 */
public final class KubernetesZooKeeper implements ZooKeeperTarget {
    private final PortForwards forwards;
    private final List<ServerEndpoint> servers;
    private final String chroot;
    private final Integer expectedBrokers;
    private final List<String> notes;
    private final Optional<ZooKeeperLogin> login;

    private KubernetesZooKeeper(PortForwards forwards, List<ServerEndpoint> servers, String chroot,
            Integer expectedBrokers, List<String> notes, Optional<ZooKeeperLogin> login) {
        this.forwards = forwards;
        this.servers = servers;
        this.chroot = chroot;
        this.expectedBrokers = expectedBrokers;
        this.notes = notes;
        this.login = login;
    }

    /**
     * Reads StatefulSet {@code kafkaName} and forwards a local port to every ZooKeeper pod it uses.
     * Before the brokers are deployed, the cluster's own ensemble is checked instead, if it is there,
     * as the runbook does between deploy-zookeeper and deploy-petset.
     */
    public static KubernetesZooKeeper open(KubeOptions kube, String kafkaName) {
        Dns1123.requireLabel("--name", kafkaName);
        return PortForwards.open(kube, forwards -> forward(forwards, kafkaName));
    }

    /** As {@link #open(KubeOptions, String)}, through {@code client}, which stays open. */
    public static KubernetesZooKeeper open(KubernetesClient client, String kafkaName) {
        Dns1123.requireLabel("--name", kafkaName);
        return PortForwards.over(client, forwards -> forward(forwards, kafkaName));
    }

    private static KubernetesZooKeeper forward(PortForwards forwards, String kafkaName) {
        String namespace = forwards.namespace();
        KubernetesClient client = forwards.client();
        if (client.apps().statefulSets().inNamespace(namespace).withName(kafkaName).get() == null
                && client.services().inNamespace(namespace).withName(kafkaName + ZookeeperEnsemble.SUFFIX).get() != null) {
            ZookeeperConnect own = ZookeeperEnsemble.connect(kafkaName);
            return open(forwards, own, "ZooKeeper " + own, null, List.of("no StatefulSet '" + kafkaName
                    + "' yet: checked the cluster's own ZooKeeper ensemble (" + own + "), no brokers expected"),
                    kafkaName);
        }
        DeployedKafka kafka = DeployedKafka.read(client, namespace, kafkaName);
        if (kafka.zookeeperConnect() == null) {
            throw ToolException.usage("cluster " + kafkaName + " was made in KRaft mode: it has no ZooKeeper to check"
                    + " (status and smoke-produce check its controllers and brokers)");
        }
        boolean kraft = kafka.metadata().kraft();
        String source = (kraft ? "annotation " + Metadata.ZOOKEEPER_ANNOTATION : KafkaCluster.ZOOKEEPER_CONNECT_ENV)
                + " of StatefulSet " + namespace + "/" + kafkaName;
        ZookeeperConnect connect;
        try {
            connect = ZookeeperConnect.parse(kafka.zookeeperConnect());
        } catch (ToolException malformed) {
            throw ToolException.failed(source + ": " + malformed.getMessage());
        }
        if (kraft) {
            return open(forwards, connect, source, null, List.of("the brokers run in KRaft mode: they register with the"
                    + " KRaft controllers, not in ZooKeeper"), kafkaName);
        }
        return open(forwards, connect, source, kafka.replicas(), List.of(), kafkaName);
    }

    /**
     * Forwards a local port to every ZooKeeper pod behind {@code connect}'s hosts (Services or pods of
     * the cluster), before any broker uses them: no broker count is expected. Sessions log in as
     * cluster {@code cluster}'s brokers do, if it is secured.
     */
    public static KubernetesZooKeeper open(KubeOptions kube, ZookeeperConnect connect, String cluster) {
        return PortForwards.open(kube, forwards -> open(forwards, connect, "ZooKeeper " + connect, null, List.of(),
                cluster));
    }

    /**
     * Whether every server of {@code connect} names a pod, or a Service that selects pods, that
     * {@code state} holds (read as {@link #open(KubeOptions, ZookeeperConnect, String)} reads them):
     * only such a ZooKeeper can be reached through port-forwards. A Service with no selector (in front
     * of servers outside the cluster) is not; nor is a name the operator may not look up (an outside
     * host name read as a Service in a namespace of that name).
     */
    public static boolean inCluster(ClusterState state, String kafkaNamespace, ZookeeperConnect connect) {
        return connect.servers().stream().allMatch(server -> find(state, kafkaNamespace, server.host())
                .filter(found -> found.pod() != null || selects(found.service())).isPresent());
    }

    /** A server's host as found in the cluster: a pod, or else a Service, in a namespace. */
    private record Found(String namespace, Pod pod, Service service) {}

    /**
     * The first reading of {@code host} (see {@link ClusterHost}) that names a pod or a Service
     * {@code state} holds: the one both the plan's check and the port-forwards go by.
     */
    private static Optional<Found> find(ClusterState state, String kafkaNamespace, String host) {
        for (ClusterHost reading : ClusterHost.interpretations(host)) {
            String namespace = reading.namespaceOr(kafkaNamespace);
            if (reading.pod() != null) {
                Pod pod = lookUp(() -> state.get(Pod.class, namespace, reading.pod()));
                if (pod != null) {
                    return Optional.of(new Found(namespace, pod, null));
                }
                continue;
            }
            Service service = lookUp(() -> state.get(Service.class, namespace, reading.service()));
            if (service != null) {
                return Optional.of(new Found(namespace, null, service));
            }
        }
        return Optional.empty();
    }

    /** Whether {@code service} selects pods (one without a selector stands in front of servers outside the cluster). */
    private static boolean selects(Service service) {
        return service.getSpec() != null && service.getSpec().getSelector() != null
                && !service.getSpec().getSelector().isEmpty();
    }

    /**
     * What {@code get} finds; null when there is none, or when the API refuses the look-up (403): a
     * host name read as a pod or Service in a namespace the operator may not read is not one of theirs.
     */
    private static <T> T lookUp(Supplier<T> get) {
        try {
            return get.get();
        } catch (KubernetesClientException refused) {
            if (refused.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                return null;
            }
            throw refused;
        }
    }

    private static KubernetesZooKeeper open(PortForwards forwards, ZookeeperConnect connect, String source,
            Integer expectedBrokers, List<String> notes, String cluster) {
        KubernetesClient client = forwards.client();
        String namespace = forwards.namespace();
        Map<String, PodPort> pods = new LinkedHashMap<>();
        for (ZookeeperConnect.Server server : connect.servers()) {
            for (PodPort pod : podsBehind(client, namespace, server, source)) {
                pods.putIfAbsent(pod.namespace() + "/" + pod.pod().getMetadata().getName(), pod);
            }
        }
        List<ServerEndpoint> servers = new ArrayList<>();
        for (PodPort pod : pods.values()) {
            servers.add(endpoint(forwards, pod));
        }
        return new KubernetesZooKeeper(forwards, servers, connect.chroot(), expectedBrokers, notes,
                login(client, namespace, cluster));
    }

    /** A secured cluster's ZooKeeper takes sessions logged in as its brokers: with their password, from its Secret. */
    private static Optional<ZooKeeperLogin> login(KubernetesClient client, String namespace, String cluster) {
        if (DeployedKafka.securityOf(client, namespace, cluster).orElse(Security.PLAINTEXT) != Security.SECURED) {
            return Optional.empty();
        }
        ClusterSecrets secrets = new ClusterSecrets(cluster, namespace);
        return Optional.of(new ZooKeeperLogin(ClusterSecrets.ZOOKEEPER_USER, SecretValues.read(client, namespace,
                secrets.credentials(), ClusterSecrets.ZOOKEEPER_PASSWORD)));
    }

    private record PodPort(String namespace, Pod pod, int port) {}

    private static ServerEndpoint endpoint(PortForwards forwards, PodPort target) {
        String name = target.pod().getMetadata().getName();
        String phase = target.pod().getStatus() == null ? null : target.pod().getStatus().getPhase();
        if (!"Running".equals(phase)) {
            return new ServerEndpoint(name, null, 0, "pod is " + (phase == null ? "not running" : phase));
        }
        InetSocketAddress local = forwards.forward(target.namespace(), name, target.port(), 0, "ZooKeeper server " + name);
        return new ServerEndpoint(name, local.getHostString(), local.getPort(), null);
    }

    private static List<PodPort> podsBehind(KubernetesClient client, String kafkaNamespace,
            ZookeeperConnect.Server server, String source) {
        Found found = find(new LiveState(client), kafkaNamespace, server.host()).orElseThrow(() -> ToolException.failed(
                source + ": '" + server.host() + "' is neither a Service nor a pod of the cluster (looked in namespace "
                        + kafkaNamespace + "); check ZooKeeper by address with --zookeeper"));
        return found.pod() != null ? List.of(new PodPort(found.namespace(), found.pod(), server.port()))
                : podsOf(client, found.namespace(), found.service(), server.port());
    }

    private static List<PodPort> podsOf(KubernetesClient client, String namespace, Service service, int port) {
        String name = namespace + "/" + service.getMetadata().getName();
        if (!selects(service)) {
            throw ToolException.failed("Service " + name + " has no selector, so its ZooKeeper pods can't be"
                    + " found; check ZooKeeper by address with --zookeeper");
        }
        ServicePort servicePort = service.getSpec().getPorts().stream()
                .filter(candidate -> candidate.getPort() != null && candidate.getPort() == port)
                .findFirst()
                .orElseThrow(() -> ToolException.failed("Service " + name + " has no port " + port));
        List<Pod> pods = client.pods().inNamespace(namespace).withLabels(service.getSpec().getSelector()).list().getItems();
        if (pods.isEmpty()) {
            throw ToolException.failed("Service " + name + " selects no pod: is ZooKeeper deployed?");
        }
        List<PodPort> targets = new ArrayList<>();
        for (Pod pod : pods) {
            targets.add(new PodPort(namespace, pod, targetPort(pod, servicePort)));
        }
        return targets;
    }

    /** The container port a Service port leads to in {@code pod}: a number, or a name among its containers' ports. */
    static int targetPort(Pod pod, ServicePort servicePort) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
            return servicePort.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        return PortForwards.containerPort(pod, target.getStrVal()).orElseThrow(() -> ToolException.failed("pod " + pod.getMetadata().getName()
                        + " has no container port named '" + target.getStrVal() + "'"));
    }

    @Override
    public List<ServerEndpoint> servers() {
        return servers;
    }

    @Override
    public String chroot() {
        return chroot;
    }

    @Override
    public Integer expectedBrokers() {
        return expectedBrokers;
    }

    @Override
    public List<String> notes() {
        return notes;
    }

    @Override
    public Optional<ZooKeeperLogin> login() {
        return login;
    }

    @Override
    public void close() {
        forwards.close();
    }
}
