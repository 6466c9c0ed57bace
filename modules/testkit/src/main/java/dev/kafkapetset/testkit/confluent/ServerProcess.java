package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ContainerExit;
import dev.kafkapetset.testkit.kube.ProbeResult;
import dev.kafkapetset.testkit.kube.RunningPod;
import dev.kafkapetset.testkit.kube.ScheduledPod;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A pod's server in a JVM of its own, as the image's launch script starts it ({@link JavaLauncher}),
 * for what can't be honoured per server in this JVM: system properties, a JAAS configuration. Its
 * output goes to the container's log; a start that fails, or a server that exits later, ends the
 * container with its exit code and the end of that log. Stopping it is the kubelet's: SIGTERM, then
 * SIGKILL once the pod's {@code terminationGracePeriodSeconds} (30 s by default) have passed.
 */
final class ServerProcess implements RunningPod {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long DEFAULT_GRACE_SECONDS = 30;
    /** Lines worth seeing first in a failure: the errors, whatever followed them. */
    private static final java.util.regex.Pattern ERROR_LINE = java.util.regex.Pattern.compile(" ERROR |Exception: |Error: ");

    private final Process process;
    private final ContainerLog log;
    /** Where this run's output starts in the container's log. */
    private final long logStart;
    private final Map<Integer, Integer> localPorts;
    private final Supplier<ProbeResult> readiness;
    private final Duration grace;
    private final PodFiles files;
    private volatile boolean stopping;

    private ServerProcess(Process process, ContainerLog log, long logStart, Map<Integer, Integer> localPorts,
            Supplier<ProbeResult> readiness, Duration grace, PodFiles files) {
        this.process = process;
        this.log = log;
        this.logStart = logStart;
        this.localPorts = localPorts;
        this.readiness = readiness;
        this.grace = grace;
        this.files = files;
    }

    /**
     * Starts {@code command} as the container's process and waits until {@code started} says the
     * server is up, given what the process printed so far; {@code localPorts} says where it serves
     * each container port, {@code readiness} is its readiness probe once started.
     */
    static ServerProcess start(ScheduledPod pod, Container container, PodFiles files, Map<String, String> env, ContainerLog log,
            java.util.List<String> command, Map<Integer, Integer> localPorts, Predicate<String> started,
            Supplier<ProbeResult> readiness) throws IOException, InterruptedException, ContainerExit {
        long logStart = log.length();
        Process process = ContainerProcess.of(pod, files, container, command, ContainerProcess.MACHINE_PATH, env)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
                .start();
        process.getOutputStream().close();
        long graceSeconds = Objects.requireNonNullElse(pod.pod().getSpec().getTerminationGracePeriodSeconds(), DEFAULT_GRACE_SECONDS);
        ServerProcess server = new ServerProcess(process, log, logStart, localPorts, readiness, Duration.ofSeconds(graceSeconds), files);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!started.test(log.since(logStart))) {
            if (!process.isAlive()) {
                throw server.exit().orElseThrow();
            }
            if (System.nanoTime() > deadline) {
                server.close();
                throw new ContainerExit(137, "not started within " + START_TIMEOUT.toSeconds() + " s\n" + server.failureOutput());
            }
            Thread.sleep(POLL.toMillis());
        }
        return server;
    }

    @Override
    public ProbeResult readiness() {
        return process.isAlive() ? readiness.get() : ProbeResult.failing("exited with code " + process.exitValue());
    }

    @Override
    public Optional<InetSocketAddress> address(int containerPort) {
        return Optional.ofNullable(localPorts.get(containerPort))
                .map(port -> new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    @Override
    public Optional<ContainerExit> exited() {
        return stopping ? Optional.empty() : exit();
    }

    private Optional<ContainerExit> exit() {
        if (process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(new ContainerExit(process.exitValue(), failureOutput()));
    }

    /** The error lines of its output, then its end, as the message of a failed start or exit. */
    private String failureOutput() {
        String output = log.since(logStart);
        String errors = output.lines().filter(line -> ERROR_LINE.matcher(line).find()).limit(20)
                .collect(Collectors.joining("\n"));
        return (errors.isEmpty() ? "" : errors + "\n...\n") + ContainerLog.tail(output);
    }

    /** Stops it as the kubelet stops a container: SIGTERM, SIGKILL after the grace period. */
    @Override
    public void close() {
        stopping = true;
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        files.discardContainerFilesystem();
    }
}
