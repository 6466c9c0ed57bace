package dev.kafkapetset.scripts;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.testkit.confluent.ConfluentPodRuntime;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.tools.TopicCommand;

/**
 * For bench/status-vs-kafka-topics.sh: on one stand-in cluster of three brokers, with topics
 * totalling each given number of partition replicas in turn, the wall time of the toolkit's
 * {@code status} and of its scale-down guard ({@code scale --replicas 2 --dry-run}), both run in
 * this JVM and reaching the brokers through the stand-in's port-forwards, against Kafka's own
 * {@code kafka-topics --describe --under-replicated-partitions}, run in this JVM too and connecting
 * to the brokers' local addresses directly; then the same three as an operator runs them, each a JVM
 * of its own: the toolkit's steps through the catalog with real JBang, kafka-topics as its script
 * starts it.
 *
 * <pre>java -cp ... dev.kafkapetset.scripts.StatusVsKafkaTopics RUNS REPLICAS...</pre>
 *
 * At each size, one untimed run of each (three at the first, so that the launcher has archived the
 * steps' classes), then RUNS rounds, each in another order; medians compared. The commands are
 * timed with the launcher's class data archive, as operators run them from the third run on, and
 * without it, as the first two runs (or KAFKA_PETSET_NO_CDS=1) go.
 */
public final class StatusVsKafkaTopics {
    private static final String NAMESPACE = StandInCluster.NAMESPACE;
    private static final String BROKERS = "kafka";
    /** Topics are made with this many partitions of 3 replicas each, and this many topics per request. */
    private static final int PARTITIONS_PER_TOPIC = 100;
    private static final int TOPICS_PER_REQUEST = 10;
    /** The goal: each toolkit operation within this factor of kafka-topics' time, at the largest size. */
    private static final double GOAL = 2.0;
    /**
     * Files the JVM needs besides the brokers' logs (jars, sockets, ZooKeeper's files, the brokers'
     * checkpoints), kept free: with 1,500, 18,000 replicas under ulimit -n 20000 ended the JVM twice
     * at the in-sync wait, with exit 1 and nothing printed (a broker halting on a failed log
     * directory, most likely); 16,000 ran.
     */
    private static final int SPARE_FILES = 3000;

    enum Operation {
        KAFKA_TOPICS("kafka-topics"),
        STATUS("status"),
        SCALE_GUARD("scale guard"),
        KAFKA_TOPICS_COMMAND("kafka-topics command"),
        STATUS_COMMAND("status command"),
        SCALE_GUARD_COMMAND("scale guard command"),
        STATUS_COMMAND_UNSHARED("status command, no class archive"),
        SCALE_GUARD_COMMAND_UNSHARED("scale guard command, no class archive");

        final String label;

        Operation(String label) {
            this.label = label;
        }
    }

    public static void main(String... args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        List<Integer> wantedSizes = Arrays.stream(args, 1, args.length).map(Integer::valueOf).toList();
        List<Integer> sizes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<Integer, Map<Operation, List<Double>>> measured = new LinkedHashMap<>();
        ConfluentPodRuntime runtime = ConfluentPodRuntime.create();
        StandInCluster cluster = StandInCluster.start(runtime);
        try {
            String operatorPortBase = Integer.toString(FreePorts.consecutive(3));
            Script.Result up = Script.run("bring-up", "--kubeconfig", cluster.kubeconfig().toString(), "--replicas", "3",
                    "--operator-port-base", operatorPortBase, "--smoke-count", "100", "--timeout", "5m",
                    "--security", "plaintext");
            if (up.exitCode() != 0) {
                throw new IllegalStateException("bring-up failed: " + up);
            }
            String bootstrap = bootstrap(cluster);
            for (int wanted : wantedSizes) {
                int size;
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "300000",
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "600000"))) {
                    long start = System.nanoTime();
                    size = topUp(admin, wanted);
                    System.err.printf(Locale.ROOT, "%d replicas, all in sync, after %.0f s; %s%n", size,
                            (System.nanoTime() - start) / 1e9, openFiles());
                }
                if (size != wanted) {
                    notes.add(String.format(Locale.ROOT, "note: %d replicas would keep more files open in this JVM (one"
                            + " per replica log) than its limit allows (ulimit -n %d): measured at %d instead", wanted,
                            maxOpenFiles(), size));
                }
                sizes.add(size);
                Map<Operation, Runnable> operations = new LinkedHashMap<>();
                operations.put(Operation.KAFKA_TOPICS, () -> kafkaTopics(bootstrap));
                operations.put(Operation.STATUS, () -> status(cluster));
                operations.put(Operation.SCALE_GUARD, () -> scaleGuard(cluster, operatorPortBase));
                operations.put(Operation.KAFKA_TOPICS_COMMAND, () -> kafkaTopicsCommand(bootstrap));
                operations.put(Operation.STATUS_COMMAND, () -> statusCommand(cluster, Jbang.launcher().classSharing()));
                operations.put(Operation.SCALE_GUARD_COMMAND, () -> scaleGuardCommand(cluster, operatorPortBase,
                        Jbang.launcher().classSharing()));
                operations.put(Operation.STATUS_COMMAND_UNSHARED, () -> statusCommand(cluster, Jbang.launcher()));
                operations.put(Operation.SCALE_GUARD_COMMAND_UNSHARED, () -> scaleGuardCommand(cluster, operatorPortBase,
                        Jbang.launcher()));
                // Untimed: the launcher starts archiving a step's classes at its third run (once for all sizes).
                for (int warmUp = 0; warmUp < (sizes.size() == 1 ? 3 : 1); warmUp++) {
                    operations.values().forEach(Runnable::run);
                }
                Jbang.awaitClassArchive(Jbang.cache(), "status");
                Jbang.awaitClassArchive(Jbang.cache(), "scale");
                Map<Operation, List<Double>> times = new LinkedHashMap<>();
                List<Operation> order = new ArrayList<>(operations.keySet());
                for (int round = 1; round <= runs; round++) {
                    StringBuilder line = new StringBuilder();
                    for (Operation operation : order) {
                        long start = System.nanoTime();
                        operations.get(operation).run();
                        double seconds = (System.nanoTime() - start) / 1e9;
                        times.computeIfAbsent(operation, key -> new ArrayList<>()).add(seconds);
                        line.append(String.format(Locale.ROOT, ", %s %.2f s", operation.label, seconds));
                    }
                    System.err.printf(Locale.ROOT, "%d replicas, round %d%s%n", size, round, line);
                    order.add(order.remove(0));
                }
                measured.put(size, times);
            }
        } finally {
            try {
                runtime.close();
            } finally {
                cluster.close();
            }
        }

        System.out.printf(Locale.ROOT, "three brokers on the stand-in cluster, topics of replication factor 3, median of %d"
                + " runs; status and the scale-down guard (scale --replicas 2 --dry-run) reach the brokers and ZooKeeper"
                + " through the stand-in's port-forwards, kafka-topics --describe --under-replicated-partitions connects to"
                + " the brokers' local addresses directly%n", runs);
        notes.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%nin this JVM, started and warm: the work each does%n");
        table(sizes, measured, Operation.KAFKA_TOPICS, Operation.STATUS, Operation.SCALE_GUARD);
        System.out.printf(Locale.ROOT, "%nas an operator runs them, each a JVM of its own: bin/jbang status@catalog and"
                + " scale@catalog (the catalog's kept command line), kafka-topics as its script starts"
                + " org.apache.kafka.tools.TopicCommand (-Xmx256M and the G1 settings of kafka-run-class)%n");
        table(sizes, measured, Operation.KAFKA_TOPICS_COMMAND, Operation.STATUS_COMMAND, Operation.SCALE_GUARD_COMMAND);
        System.out.printf(Locale.ROOT, "%nthe same without the launcher's class data archive (a step's first two runs, or"
                + " KAFKA_PETSET_NO_CDS=1; the third run starts making it in the background)%n");
        table(sizes, measured, Operation.KAFKA_TOPICS_COMMAND, Operation.STATUS_COMMAND_UNSHARED,
                Operation.SCALE_GUARD_COMMAND_UNSHARED);
        System.exit(0);
    }

    /** The medians of {@code status} and {@code guard} against {@code reference} at each size, their growth, and the goal. */
    private static void table(List<Integer> sizes, Map<Integer, Map<Operation, List<Double>>> measured, Operation reference,
            Operation status, Operation guard) {
        System.out.printf(Locale.ROOT, "%-9s %14s %10s %7s %13s %7s%n", "replicas", "kafka-topics", "status", "ratio",
                "scale guard", "ratio");
        for (int size : sizes) {
            Map<Operation, List<Double>> times = measured.get(size);
            double base = median(times.get(reference));
            System.out.printf(Locale.ROOT, "%-9d %12.2f s %8.2f s %6.2fx %11.2f s %6.2fx%n", size, base,
                    median(times.get(status)), median(times.get(status)) / base,
                    median(times.get(guard)), median(times.get(guard)) / base);
        }
        int smallest = sizes.get(0);
        int largest = sizes.get(sizes.size() - 1);
        if (sizes.size() > 1) {
            System.out.printf(Locale.ROOT, "growth %d -> %d replicas: %s%n", smallest, largest, List.of(reference, status, guard)
                    .stream().map(operation -> String.format(Locale.ROOT, "%s %.2fx", operation.label,
                            median(measured.get(largest).get(operation)) / median(measured.get(smallest).get(operation))))
                    .collect(Collectors.joining(", ")));
        }
        double base = median(measured.get(largest).get(reference));
        double statusRatio = median(measured.get(largest).get(status)) / base;
        double guardRatio = median(measured.get(largest).get(guard)) / base;
        System.out.printf(Locale.ROOT, "goal: status and the scale-down guard within %.1fx the time of kafka-topics at %d"
                + " replicas: %s (status %.2fx, scale guard %.2fx)%n", GOAL, largest,
                statusRatio <= GOAL && guardRatio <= GOAL ? "met" : "missed", statusRatio, guardRatio);
    }

    /**
     * Kafka's {@code kafka-topics --describe --under-replicated-partitions}, as its main runs it minus
     * the exit; what it prints (nothing, when every partition is in sync) is kept from stdout.
     */
    private static void kafkaTopics(String bootstrap) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            TopicCommand.TopicCommandOptions options = new TopicCommand.TopicCommandOptions(new String[] {
                "--bootstrap-server", bootstrap, "--describe", "--under-replicated-partitions"});
            try (TopicCommand.TopicService topics = new TopicCommand.TopicService(options.commandConfig(),
                    options.bootstrapServer())) {
                topics.describeTopic(options);
            }
        } catch (Exception e) {
            throw new IllegalStateException("kafka-topics failed", e);
        } finally {
            System.setOut(stdout);
        }
        if (printed.size() > 0) {
            throw new IllegalStateException("kafka-topics found under-replicated partitions:\n"
                    + printed.toString(StandardCharsets.UTF_8));
        }
    }

    /**
     * {@code kafka-topics --describe --under-replicated-partitions} as its script runs it: a JVM of its
     * own with kafka-run-class's heap and G1 settings (this JVM's class path holds Kafka's tools).
     */
    private static void kafkaTopicsCommand(String bootstrap) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256M", "-server", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:+ExplicitGCInvokesConcurrent", "-XX:MaxInlineLevel=15", "-Djava.awt.headless=true",
                "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.TopicCommand",
                "--bootstrap-server", bootstrap, "--describe", "--under-replicated-partitions"));
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0 || !printed.isEmpty()) {
                throw new IllegalStateException("kafka-topics failed or found under-replicated partitions:\n" + printed);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void statusCommand(StandInCluster cluster, Jbang launcher) {
        Jbang.Result status = launcher.run("status@catalog", "--kubeconfig", cluster.kubeconfig().toString());
        requireHealthy(status.exitCode(), status.out(), status);
    }

    private static void scaleGuardCommand(StandInCluster cluster, String operatorPortBase, Jbang launcher) {
        Jbang.Result plan = launcher.run("scale@catalog", "--kubeconfig", cluster.kubeconfig().toString(),
                "--operator-port-base", operatorPortBase, "--replicas", "2", "--dry-run");
        requireRefused(plan.exitCode(), plan.err(), plan);
    }

    private static void status(StandInCluster cluster) {
        Script.Result status = Script.run("status", "--kubeconfig", cluster.kubeconfig().toString());
        requireHealthy(status.exitCode(), status.out(), status);
    }

    /** That status ({@code run}, however launched) found the cluster healthy. */
    private static void requireHealthy(int exitCode, String out, Object run) {
        if (exitCode != 0 || !out.contains("under-replicated partitions: none\n")) {
            throw new IllegalStateException("status did not find the cluster healthy: " + run);
        }
    }

    /** That the scale-down guard ({@code run}, however launched) refused: broker 2 holds a replica of every partition. */
    private static void requireRefused(int exitCode, String err, Object run) {
        if (exitCode != 1 || !err.contains("scale-down refused: broker 2 still holds replicas of")) {
            throw new IllegalStateException("the scale-down guard did not refuse: " + run);
        }
    }

    /** The scale-down to 2 brokers, planned only: it finds every partition on broker 2 and refuses. */
    private static void scaleGuard(StandInCluster cluster, String operatorPortBase) {
        Script.Result plan = Script.run("scale", "--kubeconfig", cluster.kubeconfig().toString(), "--operator-port-base",
                operatorPortBase, "--replicas", "2", "--dry-run");
        requireRefused(plan.exitCode(), plan.err(), plan);
    }

    /**
     * Creates topics of replication factor 3 until the cluster holds {@code wanted} partition replicas
     * (internal topics counted; a last small topic makes up a remainder not divisible by 3), or as
     * many thousands as the limit on open files leaves room for; then waits until every partition has
     * a leader and all its replicas in sync. Returns the number of replicas it holds.
     */
    private static int topUp(Admin admin, int wanted) throws Exception {
        List<String> names = new ArrayList<>(admin.listTopics(new ListTopicsOptions().listInternal(true)).names()
                .get(1, TimeUnit.MINUTES));
        int held = replicas(admin.describeTopics(names).allTopicNames().get(5, TimeUnit.MINUTES).values());
        // Each replica keeps its log's file open in this JVM.
        long room = maxOpenFiles() - openFileCount() - SPARE_FILES;
        int total = wanted - held <= room ? wanted : (int) ((held + room) / 1000 * 1000);
        if (total <= held) {
            throw new IllegalStateException("the cluster holds " + held + " replicas already, and " + wanted
                    + " can't be made (" + openFiles() + ")");
        }
        int missing = total - held;
        List<NewTopic> topics = new ArrayList<>();
        int next = names.size();
        int partitions = missing / 3;
        while (partitions > 0) {
            int these = Math.min(PARTITIONS_PER_TOPIC, partitions);
            topics.add(new NewTopic(String.format(Locale.ROOT, "load-%05d", next++), these, (short) 3));
            partitions -= these;
        }
        if (missing % 3 != 0) {
            topics.add(new NewTopic(String.format(Locale.ROOT, "load-%05d", next), 1, (short) (missing % 3)));
        }
        for (int from = 0; from < topics.size(); from += TOPICS_PER_REQUEST) {
            List<NewTopic> batch = topics.subList(from, Math.min(topics.size(), from + TOPICS_PER_REQUEST));
            admin.createTopics(batch, new CreateTopicsOptions().timeoutMs(300_000)).all().get(10, TimeUnit.MINUTES);
            System.err.printf(Locale.ROOT, "created %d of %d topics%n", from + batch.size(), topics.size());
        }
        names = new ArrayList<>(admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(1, TimeUnit.MINUTES));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            var described = admin.describeTopics(names).allTopicNames().get(5, TimeUnit.MINUTES).values();
            long behind = described.stream().flatMap(topic -> topic.partitions().stream())
                    .filter(partition -> partition.leader() == null || partition.isr().size() < partition.replicas().size())
                    .count();
            if (replicas(described) == total && behind == 0) {
                return total;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(replicas(described) + " replicas of " + total + ", " + behind
                        + " partitions without a leader or not in sync after 10 minutes");
            }
            // Kafka has no way to wait for partitions to be in sync: ask again.
            Thread.sleep(Duration.ofSeconds(2).toMillis());
        }
    }

    private static int replicas(java.util.Collection<TopicDescription> topics) {
        return topics.stream().flatMap(topic -> topic.partitions().stream()).map(TopicPartitionInfo::replicas)
                .mapToInt(List::size).sum();
    }

    private static String openFiles() {
        return "open files " + openFileCount() + " of " + maxOpenFiles();
    }

    private static long openFileCount() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    private static long maxOpenFiles() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getMaxFileDescriptorCount();
    }

    private static String bootstrap(StandInCluster cluster) {
        return IntStream.range(0, 3)
                .mapToObj(ordinal -> "127.0.0.1:" + cluster.controller().address(NAMESPACE, BROKERS + "-" + ordinal,
                        KafkaCluster.CLIENT_PORT).orElseThrow().getPort())
                .collect(Collectors.joining(","));
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private StatusVsKafkaTopics() {}
}
