package dev.kafkapetset.zookeeper;

import java.util.Optional;

/** Reading the answers to {@code srvr}, {@code mntr} and {@code ruok}. */
final class FourLetterReplies {

    /** Refused: not in {@code 4lw.commands.whitelist}, or the connection closed with no answer. */
    static boolean refused(String reply) {
        return reply.isBlank() || reply.contains("is not executed because it is not in the whitelist");
    }

    /** A server without a quorum says so to everything but {@code ruok}. */
    static boolean notServing(String reply) {
        return reply.contains("not currently serving requests");
    }

    /** A {@code Name: value} line of {@code srvr}, or a {@code name<TAB>value} line of {@code mntr}. */
    static Optional<String> field(String reply, String name) {
        for (String line : reply.split("\n")) {
            if (line.startsWith(name + ": ") || line.startsWith(name + "\t")) {
                return Optional.of(line.substring(name.length() + 1).strip());
            }
        }
        return Optional.empty();
    }

    /** "3.8.6" out of "3.8.6-6df2608..., built on 2026-01-28 20:28 UTC". */
    static String shortVersion(String reported) {
        int end = reported.length();
        for (char separator : new char[] {'-', ','}) {
            int at = reported.indexOf(separator);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        return reported.substring(0, end);
    }

    private FourLetterReplies() {}
}
