package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import dev.kafkapetset.testkit.servers.TcpForwarder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Service networking: the API server's ClusterIP allocation, and the cluster DNS with kube-proxy,
 * which turn a name a pod would look up ({@code kafka-0.kafka-headless}, {@code zookeeper.default.svc})
 * and a port into the local address where a running pod serves it.
 */
final class ServiceNetwork {
    private static final String HEADLESS = "None";
    private static final String CLUSTER_DOMAIN = ".svc.cluster.local";

    private final KubernetesClient client;
    private final Caches caches;
    private final Kubelet kubelet;
    /** Addresses handed out here, ahead of the cache. */
    private final Set<String> allocated = new HashSet<>();
    /**
     * kube-proxy's node ports: each NodePort Service's node port listens on this machine's loopback
     * address (the nodes' one address here) and leads to the Service's Ready pod at each connection.
     */
    private final Map<Integer, TcpForwarder> nodePorts = new HashMap<>();
    /**
     * A cloud's load-balancer controller: each LoadBalancer Service gets an address of its own from
     * 127.0.1.0/24 and up (this machine's, as all of 127.0.0.0/8 is), listening on the Service's
     * ports and leading to its Ready pod; its status shows the address, as a cloud's does.
     */
    private final Map<String, LoadBalancer> loadBalancers = new HashMap<>();
    /** Handed out once in this JVM: stand-in clusters side by side never share one. */
    private static final AtomicInteger LOAD_BALANCER_ADDRESSES = new AtomicInteger(256);
    private volatile boolean loadBalancing = true;

    /** A load balancer: its address, and a listener on it for each port of its Service. */
    private record LoadBalancer(String address, List<TcpForwarder> listeners) {}

    private final NetworkPolicies policies;

    ServiceNetwork(KubernetesClient client, Caches caches, Kubelet kubelet) {
        this.client = client;
        this.caches = caches;
        this.kubelet = kubelet;
        this.policies = new NetworkPolicies(caches);
    }

    /** Gives every Service that asks for one a ClusterIP, from 10.96.0.0/16 as kubeadm clusters do. */
    void sync() {
        caches.services().stream()
                .map(service -> service.getSpec().getClusterIP())
                .filter(Objects::nonNull)
                .forEach(allocated::add);
        for (Service service : caches.services()) {
            String clusterIp = service.getSpec().getClusterIP();
            if ((clusterIp == null || clusterIp.isEmpty()) && !"ExternalName".equals(service.getSpec().getType())) {
                String address = Stream.iterate(allocated.size() + 1, n -> n + 1)
                        .map(n -> "10.96." + (n / 250) + "." + (n % 250 + 1))
                        .filter(candidate -> !allocated.contains(candidate))
                        .findFirst().orElseThrow();
                allocated.add(address);
                client.services().resource(new ServiceBuilder(Caches.writable(service))
                        .editSpec().withClusterIP(address).withClusterIPs(address).endSpec()
                        .build()).update();
            }
        }
        syncNodePorts();
        syncLoadBalancers();
    }

    /** Whether LoadBalancer Services get load balancers: a cluster without a load-balancer controller gives none. */
    void loadBalancing(boolean on) {
        loadBalancing = on;
    }

    private void syncLoadBalancers() {
        Set<String> wanted = new HashSet<>();
        for (Service service : caches.services()) {
            if (!loadBalancing || !"LoadBalancer".equals(service.getSpec().getType())) {
                continue;
            }
            // By uid: a Service made again gets a new load balancer, and a new address, as a cloud gives it.
            String key = service.getMetadata().getUid();
            wanted.add(key);
            LoadBalancer balancer = loadBalancers.computeIfAbsent(key, made -> open(service));
            boolean shown = service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                    && service.getStatus().getLoadBalancer().getIngress() != null
                    && service.getStatus().getLoadBalancer().getIngress().stream()
                            .anyMatch(ingress -> balancer.address().equals(ingress.getIp()));
            if (!shown) {
                client.services().resource(new ServiceBuilder(Caches.writable(service)).withNewStatus().withNewLoadBalancer()
                        .addNewIngress().withIp(balancer.address()).endIngress().endLoadBalancer().endStatus().build())
                        .updateStatus();
            }
        }
        loadBalancers.entrySet().removeIf(open -> {
            if (wanted.contains(open.getKey())) {
                return false;
            }
            open.getValue().listeners().forEach(TcpForwarder::close);
            return true;
        });
    }

    private LoadBalancer open(Service service) {
        int next = LOAD_BALANCER_ADDRESSES.getAndIncrement();
        String address = "127.0." + (next / 250) + "." + (next % 250 + 1);
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        List<TcpForwarder> listeners = new ArrayList<>();
        try {
            for (ServicePort port : service.getSpec().getPorts()) {
                listeners.add(TcpForwarder.forward(InetAddress.getByName(address), port.getPort(),
                        () -> Optional.ofNullable(caches.service(namespace, name)).flatMap(current -> throughService(current,
                                port.getPort()))));
            }
        } catch (UnknownHostException | RuntimeException e) {
            listeners.forEach(TcpForwarder::close);
            throw new IllegalStateException("no load balancer at " + address + " for service " + namespace + "/" + name, e);
        }
        return new LoadBalancer(address, listeners);
    }

    private void syncNodePorts() {
        Map<Integer, ServicePort> wanted = new HashMap<>();
        Map<Integer, String[]> owners = new HashMap<>();
        for (Service service : caches.services()) {
            if ("NodePort".equals(service.getSpec().getType()) || "LoadBalancer".equals(service.getSpec().getType())) {
                for (ServicePort port : service.getSpec().getPorts()) {
                    if (port.getNodePort() != null) {
                        wanted.put(port.getNodePort(), port);
                        owners.put(port.getNodePort(), new String[] {service.getMetadata().getNamespace(),
                                service.getMetadata().getName()});
                    }
                }
            }
        }
        nodePorts.entrySet().removeIf(open -> {
            if (wanted.containsKey(open.getKey())) {
                return false;
            }
            open.getValue().close();
            return true;
        });
        wanted.forEach((nodePort, port) -> nodePorts.computeIfAbsent(nodePort, free -> {
            String[] owner = owners.get(nodePort);
            return TcpForwarder.forward(nodePort, () -> Optional.ofNullable(caches.service(owner[0], owner[1]))
                    .flatMap(service -> throughService(service, port.getPort())));
        }));
    }

    /** Stops listening on the node ports and the load balancers. */
    void close() {
        nodePorts.values().forEach(TcpForwarder::close);
        nodePorts.clear();
        loadBalancers.values().forEach(balancer -> balancer.listeners().forEach(TcpForwarder::close));
        loadBalancers.clear();
    }

    /**
     * Where {@code host:port} leads for a pod in {@code namespace}: a pod's own name under its
     * headless service ({@code <hostname>.<subdomain>[.<namespace>[.svc[.cluster.local]]]}), or a
     * service's name ({@code <service>[.<namespace>...]}), served by its first Ready pod. A connection
     * {@code from} a pod (null: not from a pod) goes only where the NetworkPolicies let it: nowhere
     * else, as the network plugin drops it.
     */
    Optional<InetSocketAddress> resolve(String namespace, NetworkPolicies.Source from, String host, int port) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        for (String suffix : new String[] {CLUSTER_DOMAIN, ".svc"}) {
            if (name.endsWith(suffix)) {
                name = name.substring(0, name.length() - suffix.length());
                break;
            }
        }
        String[] labels = name.split("\\.");
        if (labels.length == 3 || labels.length == 2) {
            String podNamespace = labels.length == 3 ? labels[2] : namespace;
            Optional<Pod> pod = caches.pods().stream()
                    .filter(candidate -> podNamespace.equals(candidate.getMetadata().getNamespace())
                            && labels[0].equals(candidate.getSpec().getHostname())
                            && labels[1].equals(candidate.getSpec().getSubdomain()))
                    .findFirst();
            if (pod.isPresent()) {
                return from == null || policies.admits(from, pod.get(), port)
                        ? kubelet.address(podNamespace, pod.get().getMetadata().getName(), port) : Optional.empty();
            }
        }
        if (labels.length > 2) {
            return Optional.empty();
        }
        Service service = caches.service(labels.length == 2 ? labels[1] : namespace, labels[0]);
        return service == null ? Optional.empty() : throughService(service, port, from);
    }

    private Optional<InetSocketAddress> throughService(Service service, int port) {
        return throughService(service, port, null);
    }

    /** The address of the first Ready pod of {@code service} a connection {@code from} a pod (null: not) may reach. */
    private Optional<InetSocketAddress> throughService(Service service, int port, NetworkPolicies.Source from) {
        boolean headless = HEADLESS.equals(service.getSpec().getClusterIP());
        Optional<ServicePort> servicePort = service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst();
        if (!headless && servicePort.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> selector = Objects.requireNonNullElse(service.getSpec().getSelector(), Map.of());
        Predicate<Pod> serving = Boolean.TRUE.equals(service.getSpec().getPublishNotReadyAddresses())
                ? pod -> true : kubelet::isReady;
        return caches.pods().stream()
                .filter(pod -> pod.getMetadata().getNamespace().equals(service.getMetadata().getNamespace()))
                .filter(pod -> !selector.isEmpty() && pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .filter(serving)
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .flatMap(pod -> {
                    int target = headless ? port : targetPort(servicePort.get(), pod);
                    return from == null || policies.admits(from, pod, target)
                            ? kubelet.address(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), target).stream()
                            : java.util.stream.Stream.empty();
                })
                .findFirst();
    }

    /** The container port a service port leads to: its targetPort, by number or by the container port's name. */
    static int targetPort(ServicePort servicePort, Pod pod) {
        IntOrString target = servicePort.getTargetPort();
        if (target == null) {
            return servicePort.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .filter(port -> target.getStrVal().equals(port.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElse(-1);
    }
}
