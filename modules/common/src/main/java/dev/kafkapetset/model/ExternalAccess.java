package dev.kafkapetset.model;

/**
 * How clients outside the cluster reach the brokers: a NodePort Service per broker, broker {@code n}
 * on node port {@code portBase + n} of every node, advertised as {@code host:<portBase + n>} (an
 * address of a node, or a name or load balancer in front of the nodes, that outside clients reach).
 */
public record ExternalAccess(String host, int portBase) {

    /** Broker {@code ordinal}'s node port, which its external listener advertises. */
    public int port(int ordinal) {
        return portBase + ordinal;
    }

    /** Whether the host is an IP address (a certificate names it as one) rather than a DNS name. */
    public boolean hostIsAddress() {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}
