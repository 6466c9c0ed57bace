package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A KRaft quorum's {@code controller.quorum.voters} ({@code id@host:port,...}) on this machine: each
 * voter's address is the local port standing for it ({@link LocalPorts#of}), given out before the
 * voter starts and the same for every pod that names it, as a ZooKeeper server list's peers are. A
 * controller listens on its own entry's port; brokers in migration mode and the other voters reach
 * it there.
 */
final class QuorumVoters {
    static final String PROPERTY = "controller.quorum.voters";

    record Voter(int id, String host, int port) {
        static Voter parse(String entry) {
            String trimmed = entry.trim();
            int at = trimmed.indexOf('@');
            int colon = trimmed.lastIndexOf(':');
            if (at < 0 || colon < at) {
                throw new IllegalStateException(PROPERTY + " entry '" + trimmed + "' is not id@host:port");
            }
            return new Voter(Integer.parseInt(trimmed.substring(0, at)), trimmed.substring(at + 1, colon),
                    Integer.parseInt(trimmed.substring(colon + 1)));
        }
    }

    private QuorumVoters() {}

    static List<Voter> of(Properties config) {
        String voters = config.getProperty(PROPERTY, "");
        return voters.isBlank() ? List.of() : Arrays.stream(voters.split(",")).map(Voter::parse).toList();
    }

    /** The voter entry of node {@code nodeId}, if it votes. */
    static Optional<Voter> own(Properties config, String nodeId) {
        return of(config).stream().filter(voter -> Integer.toString(voter.id()).equals(nodeId)).findFirst();
    }

    /** The local port standing for a voter's address, as pods in {@code pod}'s namespace name it. */
    static int localPort(ScheduledPod pod, LocalPorts ports, Voter voter) {
        return ports.of(pod.namespace(), voter.host(), voter.port());
    }

    /** Rewrites the voters, if set, to their local addresses. */
    static void localize(Properties config, ScheduledPod pod, LocalPorts ports) {
        List<Voter> voters = of(config);
        if (!voters.isEmpty()) {
            config.setProperty(PROPERTY, voters.stream()
                    .map(voter -> voter.id() + "@" + ClusterAddresses.LOOPBACK + ":" + localPort(pod, ports, voter))
                    .collect(Collectors.joining(",")));
        }
    }
}
