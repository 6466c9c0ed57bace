package dev.kafkapetset.scripts;

import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.testkit.confluent.ConfluentPodRuntime;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.FreePorts;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

/**
 * For bench/roll-vs-rolling-update.sh: a producer with acks=all and idempotence writes at a steady
 * pace through a restart of all three brokers, once rolled by the toolkit's {@code roll} (run in
 * this JVM) and once by a plain StatefulSet RollingUpdate, which waits for each new pod to be ready
 * (its broker registered) and no more. Each way gets a fresh stand-in cluster, brought up untimed.
 *
 * <pre>java -cp ... dev.kafkapetset.scripts.RollVsRollingUpdate RUNS PACE_MS CATCH_UP_KB_S</pre>
 *
 * With CATCH_UP_KB_S above 0, a restarted broker copies what it missed at that many KB/s (Kafka's
 * follower replication quota on the topic's replicas out of sync, as operators set it during a
 * reassignment), so that it takes the seconds a real cluster's catch-up takes: in this JVM it copies
 * over loopback in a tenth of a second. In-sync followers are never throttled.
 *
 * After one untimed warm-up of each way, rounds alternate which way goes first. For each way it
 * prints the failed sends, the acknowledged records missing when read back, the longest time
 * without an acknowledgement and the roll's wall time, and the toolkit's stalls (median and worst)
 * as a ratio of the plain one's.
 */
public final class RollVsRollingUpdate {
    private static final String NAMESPACE = StandInCluster.NAMESPACE;
    private static final String BROKERS = "kafka";
    private static final String TOPIC = "steady";
    /** The producer writes this long before the roll, and after it, so that its stalls are seen whole. */
    private static final Duration STEADY = Duration.ofSeconds(3);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    /** The annotation the plain rolling update changes, as any edit of the pod template would. */
    private static final String CHANGED = "bench.kafka-petset.dev/changedAt";

    /** How the brokers are restarted. */
    enum Way {
        ROLL("toolkit roll"),
        ROLLING_UPDATE("RollingUpdate");

        final String label;

        Way(String label) {
            this.label = label;
        }
    }

    /**
     * What one restart of the three brokers cost the producer: {@code lost} acknowledged records
     * missing when read back, {@code altered} true when one read back differs from what was written.
     */
    record Run(int acknowledged, int failed, int lost, int duplicates, boolean altered, double stallSeconds,
            double rollSeconds, List<String> errors) {}

    public static void main(String... args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        Duration pace = Duration.ofMillis(Long.parseLong(args[1]));
        long catchUpBytes = Long.parseLong(args[2]) * 1000;
        Map<Way, List<Run>> measured = new EnumMap<>(Way.class);
        for (Way way : Way.values()) {
            System.err.println("warm-up: " + way.label + ", not counted");
            restartAll(way, pace, catchUpBytes);
        }
        for (int round = 1; round <= runs; round++) {
            List<Way> order = round % 2 == 1 ? List.of(Way.ROLL, Way.ROLLING_UPDATE) : List.of(Way.ROLLING_UPDATE, Way.ROLL);
            for (Way way : order) {
                Run run = restartAll(way, pace, catchUpBytes);
                System.err.printf(Locale.ROOT, "round %d: %s: %d acknowledged, %d failed, %d lost, %d duplicated,%s"
                        + " longest stall %.2f s, roll %.1f s%s%n", round, way.label, run.acknowledged(), run.failed(),
                        run.lost(), run.duplicates(), run.altered() ? " VALUES ALTERED," : "", run.stallSeconds(),
                        run.rollSeconds(),
                        run.errors().isEmpty() ? "" : "; first error: " + run.errors().get(0));
                measured.computeIfAbsent(way, key -> new ArrayList<>()).add(run);
            }
        }

        System.out.printf(Locale.ROOT, "a restart of 3 brokers under a steady producer (one 100-byte record every %d ms,"
                + " acks=all, idempotent, delivery.timeout.ms 120000) to a topic of 3 partitions, replication factor 3,"
                + " min.insync.replicas 2; %s; %d runs per way, fresh stand-in cluster each%n", pace.toMillis(),
                catchUpBytes == 0 ? "catch-up unthrottled" : "catch-up throttled to " + catchUpBytes / 1000 + " KB/s", runs);
        System.out.printf(Locale.ROOT, "%-14s %12s %8s %6s %6s %14s %14s %12s%n", "way", "acknowledged", "failed", "lost",
                "dups", "stall median", "stall worst", "roll median");
        for (Way way : Way.values()) {
            List<Run> all = measured.get(way);
            System.out.printf(Locale.ROOT, "%-14s %12d %8d %6d %6d %12.2f s %12.2f s %10.1f s%n", way.label,
                    all.stream().mapToInt(Run::acknowledged).sum(), all.stream().mapToInt(Run::failed).sum(),
                    all.stream().mapToInt(Run::lost).sum(), all.stream().mapToInt(Run::duplicates).sum(),
                    median(all, Run::stallSeconds), worst(all),
                    median(all, Run::rollSeconds));
        }
        List<Run> ours = measured.get(Way.ROLL);
        List<Run> plain = measured.get(Way.ROLLING_UPDATE);
        double medianRatio = median(ours, Run::stallSeconds) / median(plain, Run::stallSeconds);
        double worstRatio = worst(ours) / worst(plain);
        System.out.printf(Locale.ROOT, "toolkit roll / RollingUpdate: longest stall %.2fx (median), %.2fx (worst);"
                + " wall time %.2fx (median)%n", medianRatio, worstRatio,
                median(ours, Run::rollSeconds) / median(plain, Run::rollSeconds));
        if (measured.values().stream().flatMap(List::stream).anyMatch(Run::altered)) {
            System.out.println("note: some records read back differ from what was written (see the rounds above)");
        }
        boolean safe = ours.stream().allMatch(run -> run.failed() == 0 && run.lost() == 0 && run.duplicates() == 0
                && !run.altered());
        System.out.printf(Locale.ROOT, "goal: the toolkit's roll loses nothing, fails no send, and its worst stall is"
                + " shorter than the RollingUpdate's: %s (%s, worst stall %.2f s against %.2f s)%n",
                safe && worstRatio < 1 ? "met" : "missed", safe ? "nothing lost or failed" : "records lost or sends failed",
                worst(ours), worst(plain));
        System.exit(0);
    }

    /** One restart of all brokers on a fresh cluster, a producer writing throughout. */
    private static Run restartAll(Way way, Duration pace, long catchUpBytes) throws Exception {
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
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(cluster)))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                        .all().get(1, TimeUnit.MINUTES);
                if (catchUpBytes > 0) {
                    throttleCatchUp(admin, catchUpBytes);
                }
            }
            AcknowledgedRecords records = AcknowledgedRecords.start(bootstrap(cluster), TOPIC, pace);
            double seconds;
            try {
                Thread.sleep(STEADY.toMillis());
                long start = System.nanoTime();
                if (way == Way.ROLL) {
                    Script.Result rolled = Script.run("roll", "--kubeconfig", cluster.kubeconfig().toString(),
                            "--operator-port-base", operatorPortBase, "--timeout", "5m");
                    if (rolled.exitCode() != 0) {
                        throw new IllegalStateException("roll failed: " + rolled);
                    }
                } else {
                    rollingUpdate(cluster.client());
                }
                seconds = (System.nanoTime() - start) / 1e9;
                Thread.sleep(STEADY.toMillis());
            } finally {
                records.close();
            }
            AcknowledgedRecords.Verdict verdict = records.readBack(bootstrap(cluster), Duration.ofMinutes(1));
            return new Run(verdict.acknowledged(), records.failed(), verdict.missing(), verdict.duplicates(),
                    verdict.missing() == 0 && verdict.writtenChecksum() != verdict.readChecksum(),
                    records.longestStall().toNanos() / 1e9, seconds, records.errors());
        } finally {
            try {
                runtime.close();
            } finally {
                cluster.close();
            }
        }
    }

    /** Every broker copies the topic's replicas that are out of sync at {@code bytesPerSecond}, the others at full speed. */
    private static void throttleCatchUp(Admin admin, long bytesPerSecond) throws Exception {
        Map<ConfigResource, Collection<AlterConfigOp>> throttles = new HashMap<>();
        for (int broker = 0; broker < 3; broker++) {
            throttles.put(new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(broker)), List.of(new AlterConfigOp(
                    new ConfigEntry("follower.replication.throttled.rate", Long.toString(bytesPerSecond)),
                    AlterConfigOp.OpType.SET)));
        }
        throttles.put(new ConfigResource(ConfigResource.Type.TOPIC, TOPIC), List.of(new AlterConfigOp(
                new ConfigEntry("follower.replication.throttled.replicas", "*"), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(throttles).all().get(1, TimeUnit.MINUTES);
    }

    /**
     * What a plain StatefulSet does with a changed pod template: its controller replaces the pods one
     * by one, highest ordinal first, each once the others are ready. Returns when every pod runs the
     * new template and is ready.
     */
    private static void rollingUpdate(KubernetesClient client) throws Exception {
        var brokers = client.apps().statefulSets().inNamespace(NAMESPACE).withName(BROKERS);
        StatefulSet before = brokers.get();
        String oldRevision = before.getStatus().getUpdateRevision();
        Map<String, String> selector = before.getSpec().getSelector().getMatchLabels();
        int replicas = before.getSpec().getReplicas();
        brokers.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"updateStrategy\":{\"type\":\"RollingUpdate\"},"
                + "\"template\":{\"metadata\":{\"annotations\":{\"" + CHANGED + "\":\"" + Instant.now() + "\"}}}}}");
        String revision = brokers.waitUntilCondition(set -> set.getStatus() != null
                && !oldRevision.equals(set.getStatus().getUpdateRevision()), TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .getStatus().getUpdateRevision();
        client.pods().inNamespace(NAMESPACE).withLabels(selector).informOnCondition(pods -> pods.size() == replicas
                && pods.stream().allMatch(pod -> revision.equals(revisionOf(pod)) && Readiness.isPodReady(pod)))
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String revisionOf(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get("controller-revision-hash");
    }

    /** The brokers' client listeners where they are now: a restarted broker listens on a new local port. */
    private static String bootstrap(StandInCluster cluster) {
        return IntStream.range(0, 3)
                .mapToObj(ordinal -> cluster.controller().address(NAMESPACE, BROKERS + "-" + ordinal, KafkaCluster.CLIENT_PORT))
                .flatMap(Optional::stream)
                .map(address -> "127.0.0.1:" + address.getPort())
                .collect(Collectors.joining(","));
    }

    private static double worst(List<Run> runs) {
        return runs.stream().mapToDouble(Run::stallSeconds).max().orElseThrow();
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        double[] values = runs.stream().mapToDouble(value).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }

    private RollVsRollingUpdate() {}
}
