package dev.kafkapetset.scripts;

import dev.kafkapetset.testkit.confluent.ConfluentPodRuntime;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.FreePorts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * For bench/bring-up-scaling.sh: the wall time of {@code bring-up} (run in this JVM) for each
 * number of brokers, on a fresh stand-in cluster each time whose pods are real servers that first
 * wait a fixed start delay, as pulling an image and starting a JVM take time on a real node.
 *
 * <pre>java -cp ... dev.kafkapetset.scripts.BringUpScaling DELAY_SECONDS RUNS BROKERS...</pre>
 *
 * Runs are interleaved (1, 3, 5, 1, 3, 5...) after one untimed warm-up; prints the median of each
 * and its ratio to the first.
 */
public final class BringUpScaling {
    private static final Pattern STAGE = Pattern.compile("\\[\\d/\\d] ([a-z-]+): .*?\ndone in (\\S+)\n", Pattern.DOTALL);

    /** The goal: the largest cluster within this factor of the smallest one's time. */
    private static final double GOAL = 1.3;

    /** A bring-up's wall time, and each of its stages' time as it printed them. */
    record Run(double seconds, Map<String, String> stages) {
        String deployPetset() {
            return stages.getOrDefault("deploy-petset", "?");
        }
    }

    public static void main(String... args) {
        Duration delay = Duration.ofMillis(Math.round(Double.parseDouble(args[0]) * 1000));
        int runs = Integer.parseInt(args[1]);
        List<Integer> sizes = Arrays.stream(args, 2, args.length).map(Integer::valueOf).toList();

        System.err.println("warm-up: bring-up of " + sizes.get(0) + " broker(s), untimed");
        bringUp(sizes.get(0), delay);
        Map<Integer, List<Run>> measured = new LinkedHashMap<>();
        for (int round = 1; round <= runs; round++) {
            for (int size : sizes) {
                Run run = bringUp(size, delay);
                System.err.printf(Locale.ROOT, "round %d: %d broker(s) %.1f s (%s)%n", round, size, run.seconds(),
                        run.stages().entrySet().stream().map(stage -> stage.getKey() + " " + stage.getValue())
                                .collect(Collectors.joining(", ")));
                measured.computeIfAbsent(size, key -> new ArrayList<>()).add(run);
            }
        }

        System.out.printf(Locale.ROOT, "bring-up on the stand-in cluster, %s start delay per pod, 3 ZooKeeper servers,"
                + " median of %d runs%n", delay.toMillis() / 1000.0 + " s", runs);
        System.out.printf(Locale.ROOT, "%-8s %10s %16s %10s%n", "brokers", "seconds", "deploy-petset", "ratio");
        double reference = median(measured.get(sizes.get(0)));
        for (int size : sizes) {
            List<Run> all = measured.get(size);
            double median = median(all);
            String petset = all.stream().sorted((a, b) -> Double.compare(a.seconds(), b.seconds()))
                    .toList().get(all.size() / 2).deployPetset();
            System.out.printf(Locale.ROOT, "%-8d %10.1f %16s %10.2f%n", size, median, petset, median / reference);
        }
        int largest = sizes.get(sizes.size() - 1);
        double ratio = median(measured.get(largest)) / reference;
        System.out.printf(Locale.ROOT, "goal: %d brokers within %.1fx the time of %d: %s (%.2fx)%n", largest, GOAL,
                sizes.get(0), ratio <= GOAL ? "met" : "missed", ratio);
        System.exit(0);
    }

    /** One bring-up of {@code brokers} brokers on a fresh cluster; the cluster's own start is not timed. */
    private static Run bringUp(int brokers, Duration delay) {
        ConfluentPodRuntime runtime = ConfluentPodRuntime.withStartDelay(delay);
        StandInCluster cluster = StandInCluster.start(runtime);
        try {
            long start = System.nanoTime();
            Script.Result result = Script.run("bring-up", "--kubeconfig", cluster.kubeconfig().toString(),
                    "--replicas", Integer.toString(brokers), "--operator-port-base", Integer.toString(FreePorts.consecutive(brokers)),
                    "--smoke-count", "100", "--timeout", "5m");
            double seconds = (System.nanoTime() - start) / 1e9;
            if (result.exitCode() != 0) {
                throw new IllegalStateException("bring-up of " + brokers + " broker(s) failed: " + result);
            }
            // check-zookeeper runs twice: both times, joined with +
            Map<String, String> stages = new LinkedHashMap<>();
            Matcher stage = STAGE.matcher(result.out());
            while (stage.find()) {
                stages.merge(stage.group(1), stage.group(2), (first, second) -> first + "+" + second);
            }
            return new Run(seconds, stages);
        } finally {
            try {
                runtime.close();
            } finally {
                cluster.close();
            }
        }
    }

    private static double median(List<Run> runs) {
        double[] seconds = runs.stream().mapToDouble(Run::seconds).sorted().toArray();
        return seconds.length % 2 == 1 ? seconds[seconds.length / 2]
                : (seconds[seconds.length / 2 - 1] + seconds[seconds.length / 2]) / 2;
    }

    private BringUpScaling() {}
}
