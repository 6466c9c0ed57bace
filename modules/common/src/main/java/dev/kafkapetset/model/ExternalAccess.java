package dev.kafkapetset.model;

import java.util.Objects;

/**
 * How clients outside the cluster reach the brokers, through a Service per broker:
 * <ul>
 *   <li>{@link Kind#NODE_PORT}: broker {@code n} on node port {@code portBase + n} of every node,
 *       advertised as {@code host:<portBase + n>} (an address of a node, or a name or load balancer in
 *       front of the nodes, that outside clients reach);</li>
 *   <li>{@link Kind#LOAD_BALANCER}: a load balancer per broker, each with an address of its own that
 *       the cluster gives it once it is made (no host, no port base), advertised on
 *       {@link KafkaCluster#EXTERNAL_PORT}.</li>
 * </ul>
 */
public record ExternalAccess(Kind kind, String host, int portBase) {

    public enum Kind {
        NODE_PORT("nodeport"), LOAD_BALANCER("loadbalancer");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        /** As --external takes it. */
        public String word() {
            return word;
        }
    }

    public static ExternalAccess nodePort(String host, int portBase) {
        return new ExternalAccess(Kind.NODE_PORT, Objects.requireNonNull(host), portBase);
    }

    public static ExternalAccess loadBalancer() {
        return new ExternalAccess(Kind.LOAD_BALANCER, null, 0);
    }

    public boolean loadBalancers() {
        return kind == Kind.LOAD_BALANCER;
    }

    /** The port broker {@code ordinal}'s external listener is advertised on: its node port, or its load balancer's. */
    public int port(int ordinal) {
        return loadBalancers() ? KafkaCluster.EXTERNAL_PORT : portBase + ordinal;
    }

    /** Whether {@code host} (a node port's host, a load balancer's address) is an IP address (a certificate names it as one) rather than a DNS name. */
    public static boolean isAddress(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
