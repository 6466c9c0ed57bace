package dev.kafkapetset.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Judges the servers' reports together. An ensemble is healthy only with exactly one leader and a
 * quorum (a majority of the servers listed) serving; {@code imok} proves nothing, since a server
 * that lost its quorum still says it.
 *
 * @param problems what makes the ensemble unhealthy; empty when healthy
 * @param notes what an operator should know although the ensemble is healthy
 */
public record EnsembleHealth(String summary, List<String> problems, List<String> notes) {

    public static EnsembleHealth assess(List<ServerReport> servers) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int size = servers.size();
        int quorum = size / 2 + 1;
        List<String> leaders = names(servers, server -> server.mode() == Mode.LEADER);
        List<String> followers = names(servers, server -> server.mode() == Mode.FOLLOWER);
        List<String> standalone = names(servers, server -> server.mode() == Mode.STANDALONE);
        List<String> roleUnknown = names(servers, server -> server.mode() == Mode.UNKNOWN && server.serving());
        List<String> notServing = names(servers, server -> !server.serving());
        long serving = size - notServing.size();
        String summary;

        if (size == 1) {
            ServerReport only = servers.get(0);
            summary = "1 server, " + only.mode();
            if (!only.serving()) {
                problems.add(only.server() + " does not serve clients (" + state(only) + ")");
            } else if (only.mode() == Mode.LEADER || only.mode() == Mode.FOLLOWER) {
                notes.add(only.server() + " is the " + only.mode() + " of a larger ensemble;"
                        + " list all its servers to check the quorum");
            }
        } else {
            summary = size + " servers: " + leaders.size() + " leader, " + followers.size() + " following"
                    + (roleUnknown.isEmpty() ? "" : ", " + roleUnknown.size() + " serving in an unknown role")
                    + (notServing.isEmpty() ? "" : ", " + notServing.size() + " not serving")
                    + "; quorum needs " + quorum;
            if (!standalone.isEmpty()) {
                problems.add(String.join(", ", standalone) + (standalone.size() == 1 ? " runs" : " run")
                        + " standalone, outside the ensemble");
            }
            if (leaders.size() > 1) {
                problems.add(leaders.size() + " servers claim to lead: " + String.join(", ", leaders));
            }
            long voting = leaders.size() + followers.size() + roleUnknown.size();
            if (voting < quorum) {
                problems.add("no quorum: " + voting + " of " + size + " servers serve, " + quorum + " needed ("
                        + describeAll(servers) + ")");
            } else if (leaders.isEmpty() && roleUnknown.isEmpty()) {
                problems.add("no leader among the serving servers");
            }
            if (!roleUnknown.isEmpty()) {
                notes.add("leader not verified: " + String.join(", ", roleUnknown)
                        + " would not tell their role (srvr refused) but served a client session");
            }
            if (problems.isEmpty() && !notServing.isEmpty()) {
                notes.add(describeAll(servers) + "; still a quorum (" + serving + " of " + size + ")");
            }
        }
        List<String> refusals = new ArrayList<>();
        for (ServerReport server : servers) {
            if (!server.refused().isEmpty()) {
                refusals.add(server.server() + " refused " + String.join(", ", server.refused()));
            }
        }
        if (!refusals.isEmpty()) {
            notes.add(String.join("; ", refusals) + " (not in 4lw.commands.whitelist)");
        }
        return new EnsembleHealth(summary, List.copyOf(problems), List.copyOf(notes));
    }

    public boolean healthy() {
        return problems.isEmpty();
    }

    private static String describeAll(List<ServerReport> servers) {
        List<String> parts = new ArrayList<>();
        for (ServerReport server : servers) {
            if (!server.serving()) {
                parts.add(server.server() + " is " + state(server));
            }
        }
        return String.join(", ", parts);
    }

    private static String state(ServerReport server) {
        return switch (server.mode()) {
            case DOWN -> "down: " + server.error();
            case NOT_SERVING -> "up but not serving";
            case UNKNOWN -> "refusing srvr and client sessions";
            default -> server.mode().toString();
        };
    }

    private static List<String> names(List<ServerReport> servers, Predicate<ServerReport> which) {
        return servers.stream().filter(which).map(ServerReport::server).toList();
    }
}
