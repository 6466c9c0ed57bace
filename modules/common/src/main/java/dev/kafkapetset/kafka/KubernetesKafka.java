package dev.kafkapetset.kafka;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.PortForwards;
import dev.kafkapetset.model.Dns1123;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.Security;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The deployed Kafka cluster, reached from the operator's machine with only kubeconfig access.
 * Brokers advertise in-cluster names to each other, which nothing outside resolves; so every broker
 * pod {@code <name>-<n>} also has an operator listener (container port {@value KafkaCluster#OPERATOR_PORT_NAME})
 * advertised as {@code 127.0.0.1:<base + n>}. Forwarding exactly that local port to that pod makes
 * every address the brokers hand out reachable here, as it is for {@code kubectl port-forward}.
 */
public final class KubernetesKafka implements KafkaTarget {
    private final PortForwards forwards;
    private final Map<String, String> brokers;
    private final String bootstrapServers;
    private final int expectedBrokers;
    private final List<String> notes;
    private final Map<String, String> clientSettings;

    private KubernetesKafka(PortForwards forwards, Map<String, String> brokers, int expectedBrokers, List<String> notes,
            Map<String, String> clientSettings) {
        this.forwards = forwards;
        this.brokers = brokers;
        this.bootstrapServers = String.join(",", brokers.values());
        this.expectedBrokers = expectedBrokers;
        this.notes = notes;
        this.clientSettings = clientSettings;
    }

    /** Forwards {@code 127.0.0.1:<base + n>} to the operator port of every ready broker pod of StatefulSet {@code name}. */
    public static KubernetesKafka open(KubeOptions kube, String name) {
        Dns1123.requireLabel("--name", name);
        return PortForwards.open(kube, forwards -> forward(forwards, name));
    }

    /** As {@link #open(KubeOptions, String)}, through {@code client}, which stays open. */
    public static KubernetesKafka open(KubernetesClient client, String name) {
        Dns1123.requireLabel("--name", name);
        return PortForwards.over(client, forwards -> forward(forwards, name));
    }

    private static KubernetesKafka forward(PortForwards forwards, String name) {
        KubernetesClient client = forwards.client();
        String namespace = forwards.namespace();
        DeployedKafka kafka = DeployedKafka.read(client, namespace, name);
        if (kafka.operatorPortBase() == null) {
            throw ToolException.failed("StatefulSet " + namespace + "/" + name + " sets no "
                    + KafkaCluster.OPERATOR_PORT_BASE_ENV + ", so its brokers have no operator listener to forward"
                    + " to: redeploy it with deploy-petset, or give --bootstrap-servers");
        }
        Map<String, String> bootstrap = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (int ordinal = 0; ordinal < kafka.replicas(); ordinal++) {
            String podName = kafka.podName(ordinal);
            Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
            if (pod == null || !Readiness.isPodReady(pod)) {
                notes.add("pod " + podName + (pod == null ? " does not exist" : " is not ready")
                        + ", so broker " + ordinal + " can't be reached");
                continue;
            }
            int port = PortForwards.containerPort(pod, KafkaCluster.OPERATOR_PORT_NAME).orElseThrow(() -> ToolException.failed(
                    "pod " + podName + " has no container port named '" + KafkaCluster.OPERATOR_PORT_NAME + "' (the"
                            + " operator listener): redeploy it with deploy-petset"));
            int local = kafka.operatorPortBase() + ordinal;
            forwards.forward(namespace, podName, port, local, "broker " + ordinal + "'s operator listener");
            bootstrap.put(podName, "127.0.0.1:" + local);
        }
        if (bootstrap.isEmpty()) {
            throw ToolException.unreachable("no broker pod of StatefulSet " + namespace + "/"
                    + name + " is ready: " + String.join("; ", notes), null);
        }
        Map<String, String> settings = kafka.security() == Security.SECURED
                ? ClientSecurity.admin(client, namespace, name) : Map.of();
        return new KubernetesKafka(forwards, bootstrap, kafka.replicas(), notes, settings);
    }

    /** The brokers reached, by pod name: the local address forwarded to each one's operator listener. */
    public Map<String, String> brokers() {
        return brokers;
    }

    /**
     * Forwards a free local port to the listener of KRaft controller {@code pod}; its address, or
     * none while the pod is not ready. A client there speaks TLS only: the listener is the quorum's.
     */
    public Optional<String> forwardController(String podName) {
        Pod pod = forwards.client().pods().inNamespace(forwards.namespace()).withName(podName).get();
        Optional<Integer> port = pod == null || !Readiness.isPodReady(pod) ? Optional.empty()
                : PortForwards.containerPort(pod, KraftControllers.PORT_NAME);
        return port.map(podPort -> {
            InetSocketAddress local = forwards.forward(forwards.namespace(), podName, podPort, 0,
                    podName + "'s controller listener");
            return local.getHostString() + ":" + local.getPort();
        });
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
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
    public Map<String, String> clientSettings() {
        return clientSettings;
    }

    @Override
    public void close() {
        forwards.close();
    }
}
