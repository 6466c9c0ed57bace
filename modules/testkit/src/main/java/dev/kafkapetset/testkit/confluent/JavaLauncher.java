package dev.kafkapetset.testkit.confluent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code java} command lines the images' scripts run, here with this JVM's Java and class path
 * (Kafka 3.9 and ZooKeeper 3.8, as in the 7.9 images). {@code kafka-run-class} runs
 * {@code java $KAFKA_HEAP_OPTS $KAFKA_JVM_PERFORMANCE_OPTS ... -cp $CLASSPATH $KAFKA_OPTS <class> <args>},
 * each variable split into words as the shell does, with its defaults: a heap the calling script
 * picks ({@code kafka-server-start} 1 GiB, {@code zookeeper-server-start} 512 MiB, a tool 256 MiB)
 * and G1 settings. Left out: the GC log and JMX options (a JMX port is machine-wide), and log4j's,
 * in whose place the JVM logs through this class path's slf4j-simple: at INFO for a server, at WARN
 * on stderr for a tool, as the images' log4j files do.
 *
 * <p>The values of {@code -Dname=value} options that name a file on one of the container's volumes
 * (a JAAS file in a Secret) are that file's local path. Every JVM reads the runtime's
 * {@link ClusterHosts} as its hosts file.
 */
final class JavaLauncher {
    static final String BROKER_HEAP = "-Xmx1G -Xms1G";
    static final String ZOOKEEPER_HEAP = "-Xmx512M -Xms512M";
    static final String TOOL_HEAP = "-Xmx256M";
    private static final String PERFORMANCE = "-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35"
            + " -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true";

    /** How a JVM logs: a server's INFO lines, a tool's warnings. */
    enum Logging {
        SERVER("info"), TOOL("warn");

        private final String level;

        Logging(String level) {
            this.level = level;
        }
    }

    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classPath = System.getProperty("java.class.path");
    private final ClusterHosts hosts;

    JavaLauncher(ClusterHosts hosts) {
        this.hosts = hosts;
    }

    ClusterHosts hosts() {
        return hosts;
    }

    /**
     * {@code kafka-run-class <mainClass> <args>} as the image's script runs it: {@code env} is the
     * calling script's environment ({@code KAFKA_HEAP_OPTS}, {@code KAFKA_JVM_PERFORMANCE_OPTS},
     * {@code KAFKA_OPTS}), {@code defaultHeap} the heap it picks when {@code KAFKA_HEAP_OPTS} is empty.
     */
    List<String> kafkaRunClass(Map<String, String> env, String defaultHeap, Logging logging, PodFiles files, String mainClass,
            List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(words(nonEmpty(env.get(KafkaImage.HEAP_OPTIONS), defaultHeap)));
        command.addAll(words(nonEmpty(env.get("KAFKA_JVM_PERFORMANCE_OPTS"), PERFORMANCE)));
        command.addAll(ownOptions(logging));
        command.add("-cp");
        command.add(classPath);
        command.addAll(jvmOptions(env.getOrDefault(KafkaImage.JVM_OPTIONS, ""), files));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** {@code java <jvmOptions> -cp <class path> <mainClass> <args>}, as {@code cub} runs its checks: no heap or G1 settings. */
    List<String> plain(String jvmOptions, Logging logging, PodFiles files, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(ownOptions(logging));
        command.addAll(jvmOptions(jvmOptions, files));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /**
     * Logging, the hosts file, and the JIT's first tier only; before the pod's own options, which may
     * override them. Every server and tool of a test shares this machine's two cores, and the
     * optimizing compiler's threads would take much of them for code that runs a few minutes at
     * most; which compiler runs changes nothing of what a JVM does.
     */
    private List<String> ownOptions(Logging logging) {
        return List.of(
                "-XX:TieredStopAtLevel=1",
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
                "-Dslf4j.internal.verbosity=WARN",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=" + logging.level,
                "-Dorg.slf4j.simpleLogger.logFile=" + (logging == Logging.SERVER ? "System.out" : "System.err"),
                "-Djdk.net.hosts.file=" + hosts.file());
    }

    /** {@code $KAFKA_OPTS} as the shell splits it (at blanks, quotes kept as they are), container paths made local. */
    static List<String> jvmOptions(String options, PodFiles files) {
        return words(options).stream().map(option -> localOption(option, files)).toList();
    }

    private static String localOption(String option, PodFiles files) {
        int equals = option.indexOf('=');
        if (!option.startsWith("-D") || equals < 0) {
            return option;
        }
        return option.substring(0, equals + 1) + files.translated(option.substring(equals + 1));
    }

    /** An unquoted shell variable's words. */
    static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.asList(value.strip().split("[ \t\n]+"));
    }

    private static String nonEmpty(String value, String otherwise) {
        return value == null || value.isEmpty() ? otherwise : value;
    }
}
