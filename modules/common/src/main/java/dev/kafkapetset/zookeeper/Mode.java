package dev.kafkapetset.zookeeper;

import java.util.Locale;

/** A server's part in the ensemble, as {@code srvr} reports it. */
public enum Mode {
    LEADER, FOLLOWER, OBSERVER, STANDALONE, READ_ONLY,
    /** Up, but out of the quorum: it answers {@code ruok}, yet serves no client. */
    NOT_SERVING,
    /** It didn't say ({@code srvr} refused or unreadable). */
    UNKNOWN,
    /** No answer at all. */
    DOWN;

    /** Parses the {@code Mode:} line of {@code srvr} (or {@code zk_server_state} of {@code mntr}). */
    static Mode parse(String reported) {
        return switch (reported.strip()) {
            case "leader" -> LEADER;
            case "follower" -> FOLLOWER;
            case "observer" -> OBSERVER;
            case "standalone" -> STANDALONE;
            case "read-only" -> READ_ONLY;
            default -> UNKNOWN;
        };
    }

    /** True when the server answers clients: read-only servers don't take writes, so they don't count. */
    boolean serving() {
        return this == LEADER || this == FOLLOWER || this == OBSERVER || this == STANDALONE;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
