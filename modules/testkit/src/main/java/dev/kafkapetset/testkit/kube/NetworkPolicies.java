package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The network plugin's side of NetworkPolicy (networking.k8s.io/v1 ingress), for connections from
 * one pod to another: a pod no policy selects takes every connection; one that policies select takes
 * only what a rule of one of them allows, by the source pod's labels and namespace and the port.
 * Peers given as IP blocks match nothing here (pods have no reachable IPs on the stand-in).
 */
final class NetworkPolicies {
    private final Caches caches;

    NetworkPolicies(Caches caches) {
        this.caches = caches;
    }

    /** Where a connection comes from: a pod's labels, in its namespace. */
    record Source(String namespace, Map<String, String> labels) {}

    /** Whether a connection from {@code source} to container port {@code port} of {@code target} gets through. */
    boolean admits(Source source, Pod target, int port) {
        String namespace = target.getMetadata().getNamespace();
        Map<String, String> labels = Objects.requireNonNullElse(target.getMetadata().getLabels(), Map.of());
        List<NetworkPolicy> selecting = caches.networkPolicies(namespace).stream()
                .filter(NetworkPolicies::governsIngress)
                .filter(policy -> LabelSelectors.matches(policy.getSpec().getPodSelector(), labels))
                .toList();
        return selecting.isEmpty() || selecting.stream().anyMatch(policy -> policy.getSpec().getIngress() != null
                && policy.getSpec().getIngress().stream().anyMatch(rule -> fromAllowed(rule, namespace, source)
                        && portAllowed(rule, target, port)));
    }

    /** A policy without policyTypes governs ingress (and egress only when it has egress rules). */
    private static boolean governsIngress(NetworkPolicy policy) {
        List<String> types = policy.getSpec().getPolicyTypes();
        return types == null || types.isEmpty() || types.contains("Ingress");
    }

    private boolean fromAllowed(NetworkPolicyIngressRule rule, String policyNamespace, Source source) {
        return rule.getFrom() == null || rule.getFrom().isEmpty()
                || rule.getFrom().stream().anyMatch(peer -> peerMatches(peer, policyNamespace, source));
    }

    private boolean peerMatches(NetworkPolicyPeer peer, String policyNamespace, Source source) {
        if (peer.getIpBlock() != null || peer.getPodSelector() == null && peer.getNamespaceSelector() == null) {
            return false;
        }
        boolean namespaceMatches = peer.getNamespaceSelector() == null ? policyNamespace.equals(source.namespace())
                : LabelSelectors.matches(peer.getNamespaceSelector(), namespaceLabels(source.namespace()));
        return namespaceMatches && (peer.getPodSelector() == null || LabelSelectors.matches(peer.getPodSelector(), source.labels()));
    }

    /** A namespace's labels, with the name label the API server sets on every namespace. */
    private Map<String, String> namespaceLabels(String name) {
        Namespace namespace = caches.namespace(name);
        Map<String, String> labels = new HashMap<>(namespace == null || namespace.getMetadata().getLabels() == null ? Map.of()
                : namespace.getMetadata().getLabels());
        labels.put("kubernetes.io/metadata.name", name);
        return labels;
    }

    private static boolean portAllowed(NetworkPolicyIngressRule rule, Pod target, int port) {
        return rule.getPorts() == null || rule.getPorts().isEmpty()
                || rule.getPorts().stream().anyMatch(allowed -> portMatches(allowed, target, port));
    }

    private static boolean portMatches(NetworkPolicyPort allowed, Pod target, int port) {
        if (allowed.getProtocol() != null && !allowed.getProtocol().equals("TCP")) {
            return false;
        }
        if (allowed.getPort() == null) {
            return true;
        }
        if (allowed.getPort().getIntVal() != null) {
            int first = allowed.getPort().getIntVal();
            int last = allowed.getEndPort() == null ? first : allowed.getEndPort();
            return port >= first && port <= last;
        }
        String name = allowed.getPort().getStrVal();
        return target.getSpec().getContainers().stream().flatMap(container -> container.getPorts().stream())
                .anyMatch(containerPort -> name.equals(containerPort.getName()) && containerPort.getContainerPort() == port);
    }
}
