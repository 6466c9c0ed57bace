package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * A pod the stand-in kubelet is starting, with what its containers would see of themselves and of
 * the cluster: name, ordinal, hostname, environment, ports, and the cluster's DNS.
 */
public final class ScheduledPod {
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private final Pod pod;
    private final String podIp;
    private final Node node;
    private final StandInController cluster;
    private final KubernetesClient client;
    private final ContainerEnvironment environment;

    ScheduledPod(Pod pod, String podIp, Node node, StandInController cluster, KubernetesClient client) {
        this.pod = pod;
        this.podIp = podIp;
        this.node = node;
        this.cluster = cluster;
        this.client = client;
        this.environment = new ContainerEnvironment(cluster, pod, podIp, node);
    }

    /** The pod as the API server holds it. */
    public Pod pod() {
        return pod;
    }

    public String namespace() {
        return pod.getMetadata().getNamespace();
    }

    public String name() {
        return pod.getMetadata().getName();
    }

    /** The StatefulSet ordinal (from the pod-index label), empty for a pod no StatefulSet made. */
    public OptionalInt ordinal() {
        String index = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(POD_INDEX_LABEL);
        return index == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(index));
    }

    /** The pod's hostname: {@code spec.hostname}, else its name, as Kubernetes sets it. */
    public String hostname() {
        String hostname = pod.getSpec().getHostname();
        return hostname == null || hostname.isEmpty() ? name() : hostname;
    }

    /** {@code <hostname>.<subdomain>.<namespace>.svc.cluster.local}, or the hostname when there is no subdomain. */
    public String fqdn() {
        String subdomain = pod.getSpec().getSubdomain();
        return subdomain == null || subdomain.isEmpty() ? hostname()
                : hostname() + "." + subdomain + "." + namespace() + ".svc.cluster.local";
    }

    /** The node the pod runs on. */
    public String nodeName() {
        return node.getMetadata().getName();
    }

    /** The IP address the cluster gave the pod (not reachable: {@link #resolve} finds real addresses). */
    public String podIp() {
        return podIp;
    }

    /** The first container's environment, as the kubelet sets it. */
    public Map<String, String> env() {
        return environment.of(pod.getSpec().getContainers().get(0), cluster.services());
    }

    /** A container's (or init container's) environment: service links, {@code envFrom}, {@code env} with references resolved. */
    public Map<String, String> env(String container) {
        return environment.of(container(container), cluster.services());
    }

    /**
     * The first container's {@code command} then its {@code args}, with {@code $(VAR)} references to
     * its environment expanded as the kubelet does. Without a {@code command}, the image's entrypoint
     * runs in its place (the image knows which).
     */
    public List<String> commandLine() {
        return commandLine(pod.getSpec().getContainers().get(0).getName());
    }

    /** The same for the container (or init container) of that name. */
    public List<String> commandLine(String name) {
        Container container = container(name);
        Map<String, String> env = env(name);
        return Stream.concat(container.getCommand().stream(), container.getArgs().stream())
                .map(word -> ContainerEnvironment.expand(word, env))
                .toList();
    }

    /** The number of the container port of that name, in any of the pod's containers. */
    public int port(String name) {
        return pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .filter(port -> name.equals(port.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("pod " + name() + " has no port named " + name));
    }

    /**
     * Where a connection from this pod to {@code host:port} would land, on this machine: the host as
     * the pod would look it up in the cluster DNS (a pod under its headless service, or a service,
     * short or qualified); empty when nothing running serves it yet, or the NetworkPolicies drop
     * connections from this pod there.
     */
    public Optional<InetSocketAddress> resolve(String host, int port) {
        return cluster.resolveFrom(namespace(), Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.of()), host, port);
    }

    /**
     * The PersistentVolume bound to the pod's claim {@code claim}, which its volume plugin mounts (a
     * pod is scheduled once its claims are bound).
     */
    public PersistentVolume boundVolume(String claim) {
        PersistentVolumeClaim bound = client.persistentVolumeClaims().inNamespace(namespace()).withName(claim).get();
        String volume = bound == null ? null : bound.getSpec().getVolumeName();
        PersistentVolume mounted = volume == null ? null : client.persistentVolumes().withName(volume).get();
        if (mounted == null) {
            throw new IllegalStateException("claim " + claim + " of pod " + name() + " is not bound to a volume");
        }
        return mounted;
    }

    /**
     * The files the kubelet writes into the pod's volume {@code name} when it is a Secret or
     * ConfigMap volume, as they are now; empty for a volume of another kind. The kubelet starts no
     * container of the pod before they can be written.
     */
    public Optional<List<VolumeFile>> volumeFiles(String name) {
        Volume volume = pod.getSpec().getVolumes().stream().filter(candidate -> name.equals(candidate.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("pod " + name() + " has no volume " + name));
        try {
            return VolumePayload.of(volume, namespace(), cluster);
        } catch (VolumePayload.SetUpFailure e) {
            throw new IllegalStateException(Kubelet.mountFailure(name, e.getMessage()), e);
        }
    }

    private Container container(String name) {
        return Stream.concat(pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
                .filter(container -> name.equals(container.getName())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("pod " + name() + " has no container " + name));
    }
}
