package dev.kafkapetset.cli;

/**
 * ZooKeeper, Kafka and fabric8 log through SLF4J. Their logs mean little to an operator, who reads
 * the command's own output, so they are off unless {@code -v} asks for them. A {@code -D} on the
 * command line still wins.
 */
final class Logging {
    private static final String PROVIDER = "slf4j.provider";
    private static final String LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    /**
     * ZooKeeper's POM brings logback along, which JBang can't exclude: name slf4j-simple as the
     * provider, before any logger exists, so SLF4J neither warns nor picks logback.
     */
    static void chooseProvider() {
        if (System.getProperty(PROVIDER) == null) {
            System.setProperty(PROVIDER, "org.slf4j.simple.SimpleServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
    }

    /** Must run before the first logger is created, which is before a command's work starts. */
    static void configure(boolean verbose) {
        if (System.getProperty(LEVEL) == null) {
            System.setProperty(LEVEL, verbose ? "info" : "off");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }

    private Logging() {}
}
