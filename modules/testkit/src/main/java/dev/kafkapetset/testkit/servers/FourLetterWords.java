package dev.kafkapetset.testkit.servers;

import org.apache.zookeeper.server.command.FourLetterCommands;

/**
 * Which four-letter words the in-process ZooKeeper servers answer. ZooKeeper reads its whitelist
 * once per JVM, so this is JVM-wide: servers with different whitelists can't run at the same time.
 * Curator's test servers write {@code *} into it as they start, so it is applied after a start.
 */
public enum FourLetterWords {
    /** Every command, as an ensemble configured for monitoring answers. */
    ALL("*"),
    /** ZooKeeper's default: only {@code srvr}, which it always answers; {@code ruok}, {@code mntr}... are refused. */
    SRVR_ONLY("");

    private static final String WHITELIST = "zookeeper.4lw.commands.whitelist";
    private final String whitelist;

    FourLetterWords(String whitelist) {
        this.whitelist = whitelist;
    }

    void apply() {
        System.setProperty(WHITELIST, whitelist);
        FourLetterCommands.resetWhiteList();
    }
}
