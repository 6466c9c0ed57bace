package dev.kafkapetset.testkit.confluent;

import static dev.kafkapetset.testkit.confluent.ConfluentImage.isSet;

import dev.kafkapetset.testkit.kube.ScheduledPod;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The ZooKeeper part of the cp-kafka image's ensure step: {@code cub zk-ready
 * "$KAFKA_ZOOKEEPER_CONNECT" "${KAFKA_CUB_ZK_TIMEOUT:-40}"}, skipped when
 * {@code KAFKA_ZOOKEEPER_SSL_CLIENT_ENABLE=true} (the check has no TLS). The check runs with
 * {@code $KAFKA_OPTS} as its JVM options unless {@code ZOOKEEPER_SASL_ENABLED=false}; with none it
 * runs in this JVM, else in a JVM of its own ({@link ZooKeeperReadyCheck}). A failed check ends the
 * container with the check's error.
 *
 * <p>The connect string's hosts are looked up in the cluster first (the client would retry a name
 * that does not resolve yet); the broker is given the local connect string found.
 */
final class ZooKeeperReady {
    private static final Duration POLL = Duration.ofMillis(100);

    /** Runs the image's check for the container; the connect string the broker uses on this machine. */
    static String await(ScheduledPod pod, Container container, Map<String, String> env, PodFiles files, JavaLauncher java,
            ContainerLog log) throws IOException, InterruptedException {
        String connect = env.get(KafkaImage.ZOOKEEPER_CONNECT);
        Duration timeout = Duration.ofSeconds(isSet(env, KafkaImage.ZOOKEEPER_TIMEOUT)
                ? Long.parseLong(env.get(KafkaImage.ZOOKEEPER_TIMEOUT)) : KafkaImage.DEFAULT_ZOOKEEPER_TIMEOUT_SECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean skipped = "true".equals(env.get("KAFKA_ZOOKEEPER_SSL_CLIENT_ENABLE"));
        log.accept(skipped ? "===> Skipping Zookeeper health check for SSL connections..." : "===> Check if Zookeeper is healthy ...");
        String local = resolved(pod, connect, deadline);
        if (skipped) {
            return local;
        }
        String jvmOptions = "FALSE".equalsIgnoreCase(env.getOrDefault("ZOOKEEPER_SASL_ENABLED", ""))
                ? "" : env.getOrDefault(KafkaImage.JVM_OPTIONS, "");
        int remaining = (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        Optional<String> failure = JavaLauncher.words(jvmOptions).isEmpty()
                ? ZooKeeperReadyCheck.failure(local, connect, remaining, false)
                : inOwnJvm(pod, container, env, files, java, log, jvmOptions, List.of(local, connect, Integer.toString(remaining)));
        if (failure.isPresent()) {
            log.accept(failure.get());
            throw new IllegalStateException(failure.get());
        }
        return local;
    }

    private static Optional<String> inOwnJvm(ScheduledPod pod, Container container, Map<String, String> env, PodFiles files,
            JavaLauncher java, ContainerLog log, String jvmOptions, List<String> args) throws IOException, InterruptedException {
        List<String> command = java.plain(jvmOptions, JavaLauncher.Logging.TOOL, files, ZooKeeperReadyCheck.class.getName(), args);
        Process check = ContainerProcess.of(pod, files, container, command, ContainerProcess.MACHINE_PATH, env)
                .redirectErrorStream(true).start();
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check.waitFor();
        output.lines().filter(line -> !line.startsWith(ZooKeeperReadyCheck.VERDICT)).forEach(log);
        if (check.exitValue() == 0) {
            return Optional.empty();
        }
        return Optional.of(output.lines().filter(line -> line.startsWith(ZooKeeperReadyCheck.VERDICT))
                .map(line -> line.substring(ZooKeeperReadyCheck.VERDICT.length())).findFirst()
                .orElse("zk-ready exited with code " + check.exitValue() + ": " + ContainerLog.tail(output)));
    }

    /** The connect string made local once one of its hosts serves; the check's time-out if none does by {@code deadline}. */
    static String resolved(ScheduledPod pod, String connect, long deadline) throws InterruptedException {
        while (true) {
            Optional<String> local = ClusterAddresses.zooKeeper(pod, connect);
            if (local.isPresent()) {
                return local.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Timed out waiting for connection to Zookeeper server [" + connect + "].");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private ZooKeeperReady() {}
}
