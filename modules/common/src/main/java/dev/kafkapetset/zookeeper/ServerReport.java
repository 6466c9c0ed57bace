package dev.kafkapetset.zookeeper;

import java.util.List;

/**
 * What one ZooKeeper server told us.
 *
 * @param roundTripMillis time for {@code srvr} to answer (connection included), or null when down
 * @param syncedFollowers followers in sync with this server, as its {@code mntr} says when it leads
 * @param imok true when {@code ruok} answered {@code imok}; null when refused or not asked
 * @param refused the four-letter words this server refused to answer
 * @param session whether a client session opened; asked only when {@code srvr} told us no mode
 * @param error why the server is down, or null
 */
public record ServerReport(
        String server,
        Mode mode,
        Double roundTripMillis,
        String version,
        Integer syncedFollowers,
        Boolean imok,
        List<String> refused,
        Boolean session,
        String error) {

    public ServerReport {
        refused = List.copyOf(refused);
    }

    static ServerReport down(String server, String error) {
        return new ServerReport(server, Mode.DOWN, null, null, null, null, List.of(), null, error);
    }

    public boolean reachable() {
        return mode != Mode.DOWN;
    }

    /** True when it serves clients: by its mode, or, when it won't say, because it opened a session. */
    public boolean serving() {
        return mode.serving() || (mode == Mode.UNKNOWN && Boolean.TRUE.equals(session));
    }
}
