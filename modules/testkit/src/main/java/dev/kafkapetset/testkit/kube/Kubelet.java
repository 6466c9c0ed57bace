package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler and the kubelets of the stand-in's nodes: schedules a pod once its claims are bound,
 * onto a node the {@link Scheduler} finds for it,
 * runs its init containers one after the other through the {@link PodRuntime}, then starts it,
 * probes its readiness, and keeps its status true (phase, conditions, init and main container
 * statuses, restarts). An init container that fails is retried after a back-off and holds the pod
 * in its Init phase, as a real kubelet does; once they all succeeded they don't run again for that
 * pod, however often its main container restarts.
 */
final class Kubelet implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    private static final String TRUE = "True";
    private static final String FALSE = "False";
    /** A pod that sets no terminationGracePeriodSeconds gets 30 s, as in Kubernetes. */
    private static final long DEFAULT_GRACE_SECONDS = 30;

    private final KubernetesClient client;
    private final Caches caches;
    private final VolumeBinder volumes;
    private final EventRecorder events;
    private final PodRuntime runtime;
    private final StandInController controller;
    private final ExecutorService workers;
    private final ScheduledExecutorService probes;
    private final Duration probePeriod;
    private final Duration restartBackOff;
    /** The pods this kubelet knows, by uid; touched on the loop thread only. */
    private final Map<String, PodRun> runs = new HashMap<>();
    /** Running pods by namespace/name, and readiness as last written by uid: read from other threads. */
    private final Map<String, RunningPod> running = new ConcurrentHashMap<>();
    private final Map<String, Boolean> readyByUid = new ConcurrentHashMap<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, String> crashLoops = new ConcurrentHashMap<>();
    /**
     * Processes still stopping, by namespace/name. The mock API server deletes a pod at once, so its
     * successor of the same name can exist before the old containers are gone; as a real node only
     * frees the name once they are, the successor's containers wait for them (ports, files).
     */
    private final Map<String, CompletableFuture<Void>> terminating = new ConcurrentHashMap<>();
    private int assignedAddresses;

    record Hold(String reason, String message) {}

    Kubelet(KubernetesClient client, Caches caches, VolumeBinder volumes, EventRecorder events, PodRuntime runtime,
            StandInController controller, ExecutorService workers, ScheduledExecutorService probes,
            Duration probePeriod, Duration restartBackOff) {
        this.client = client;
        this.caches = caches;
        this.volumes = volumes;
        this.events = events;
        this.runtime = runtime;
        this.controller = controller;
        this.workers = workers;
        this.probes = probes;
        this.probePeriod = probePeriod;
        this.restartBackOff = restartBackOff;
    }

    void hold(String pod, Hold hold) {
        holds.put(pod, hold);
    }

    void crashLoop(String pod, String message) {
        crashLoops.put(pod, message);
    }

    void release(String pod) {
        holds.remove(pod);
        crashLoops.remove(pod);
    }

    Optional<InetSocketAddress> address(String namespace, String pod, int containerPort) {
        RunningPod process = running.get(namespace + "/" + pod);
        return process == null ? Optional.empty() : process.address(containerPort);
    }

    boolean isRunning(String namespace, String pod) {
        return running.containsKey(namespace + "/" + pod);
    }

    /** Whether the pod is Ready, by the status this kubelet last wrote (the cache may lag behind it). */
    boolean isReady(Pod pod) {
        Boolean published = readyByUid.get(pod.getMetadata().getUid());
        return published != null ? published : isReady(pod.getStatus());
    }

    private static boolean isReady(PodStatus status) {
        return status != null && status.getConditions().stream()
                .anyMatch(condition -> "Ready".equals(condition.getType()) && TRUE.equals(condition.getStatus()));
    }

    void sync() {
        Set<String> present = new HashSet<>();
        for (Pod pod : caches.pods()) {
            if (pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            present.add(pod.getMetadata().getUid());
            PodRun run = runs.computeIfAbsent(pod.getMetadata().getUid(), uid -> new PodRun(pod));
            run.pod = pod;
            step(run);
        }
        runs.entrySet().removeIf(entry -> {
            if (present.contains(entry.getKey())) {
                return false;
            }
            stop(entry.getValue(), false);
            events.forget(entry.getKey());
            readyByUid.remove(entry.getKey());
            return true;
        });
    }

    private void step(PodRun run) {
        if (run.startTime == null && !schedule(run)) {
            return;
        }
        String crash = crashLoops.get(run.name());
        Instant now = Instant.now();
        if (run.exiting != null && !run.exiting.isDone() && now.isBefore(run.main.crashing.plus(gracePeriod(run.pod)))) {
            // A crashed container is seen to have exited once its process has (a broker still shutting
            // down is still registered), or once the grace period is over, when a kubelet kills it:
            // until then its pod keeps the status it had, and its ports answer.
            return;
        }
        if (run.process == null && terminating.containsKey(run.key())) {
            publish(run, status(run));
            return;
        }
        if (!run.mounted && !mount(run)) {
            publish(run, status(run));
            return;
        }
        if (!run.isInitialized()) {
            Container init = run.pod.getSpec().getInitContainers().get(run.initialized);
            if (!run.starting && run.nextInit().mayStart(now, restartBackOff)
                    && isConfigured(run, init, run.nextInit(), "spec.initContainers{" + init.getName() + "}")) {
                runInit(run);
            }
        } else if (crash != null) {
            if (run.process != null) {
                run.main.crashed(now, 1, crash);
                run.exiting = stop(run, true);
                controller.requestSyncAfter(gracePeriod(run.pod));
                return;
            }
            if (run.main.mayStart(now, restartBackOff)) {
                run.main.crashed(now, 1, crash);
            }
            controller.requestSyncAfter(restartBackOff);
        } else if (run.process == null && !run.starting && run.main.mayStart(now, restartBackOff)
                && isConfigured(run, run.pod.getSpec().getContainers().get(0), run.main, containerPath(run.pod))) {
            start(run);
        }
        publish(run, status(run));
        Hold hold = holds.get(run.name());
        if (run.process != null && hold != null) {
            events.record(run.pod, containerPath(run.pod), EventRecorder.WARNING, hold.reason(), hold.message(), "kubelet");
        } else if (run.process != null && run.readiness.failure() != null) {
            events.record(run.pod, containerPath(run.pod), EventRecorder.WARNING, "Unhealthy",
                    "Readiness probe failed: " + run.readiness.failure(), "kubelet");
        }
    }

    /**
     * The scheduler's part: once every claim the pod mounts is bound, the pod goes to a node the
     * {@link Scheduler} finds for it; until then it stays Pending with the reason.
     */
    private boolean schedule(PodRun run) {
        Pod pod = run.pod;
        List<Node> nodes = caches.nodes();
        List<PersistentVolume> bound = new ArrayList<>();
        for (Volume volume : pod.getSpec().getVolumes()) {
            if (volume.getPersistentVolumeClaim() == null) {
                continue;
            }
            String claim = volume.getPersistentVolumeClaim().getClaimName();
            Optional<PersistentVolume> boundVolume = volumes.boundVolume(pod.getMetadata().getNamespace(), claim);
            if (boundVolume.isEmpty()) {
                String reason = caches.claim(pod.getMetadata().getNamespace(), claim) == null
                        ? "persistentvolumeclaim \"" + claim + "\" not found"
                        : "pod has unbound immediate PersistentVolumeClaims";
                unschedulable(run, "0/" + nodes.size() + " nodes are available: " + reason + ". preemption: 0/"
                        + nodes.size() + " nodes are available: " + nodes.size() + " Preemption is not helpful for scheduling.");
                return false;
            }
            bound.add(boundVolume.get());
        }
        List<Scheduler.Bound> scheduled = runs.values().stream()
                .filter(other -> other.node != null)
                .map(other -> new Scheduler.Bound(other.pod, other.node.getMetadata().getName()))
                .toList();
        Scheduler.Decision decision = Scheduler.place(pod, bound, nodes, scheduled);
        if (decision instanceof Scheduler.Unschedulable unschedulable) {
            unschedulable(run, unschedulable.message());
            return false;
        }
        run.node = ((Scheduler.Placed) decision).node();
        String node = run.node.getMetadata().getName();
        run.startTime = Instant.now();
        int address = ++assignedAddresses;
        run.podIp = "10.244." + (address / 250) + "." + (address % 250 + 2);
        client.pods().resource(pod).patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"nodeName\":\"" + node + "\"}}");
        events.record(pod, null, EventRecorder.NORMAL, "Scheduled", "Successfully assigned "
                + pod.getMetadata().getNamespace() + "/" + run.name() + " to " + node, "default-scheduler");
        return true;
    }

    private void unschedulable(PodRun run, String message) {
        publish(run, new PodStatusBuilder()
                .withPhase("Pending")
                .withConditions(condition("PodScheduled", false, "Unschedulable", message))
                .withQosClass("BestEffort")
                .build());
        events.record(run.pod, null, EventRecorder.WARNING, "FailedScheduling", message, "default-scheduler");
    }

    /**
     * Sets up the pod's volumes, as the kubelet does before the pod's first container: a Secret or
     * ConfigMap volume needs its object (and the keys its items name) unless it is optional. Until
     * then the pod waits, with a {@code FailedMount} Warning Event; the cache's change brings it on.
     */
    private boolean mount(PodRun run) {
        for (Volume volume : run.pod.getSpec().getVolumes()) {
            try {
                VolumePayload.of(volume, run.pod.getMetadata().getNamespace(), controller);
            } catch (VolumePayload.SetUpFailure failure) {
                events.record(run.pod, null, EventRecorder.WARNING, "FailedMount", mountFailure(volume.getName(), failure.getMessage()),
                        "kubelet");
                return false;
            }
        }
        run.mounted = true;
        return true;
    }

    static String mountFailure(String volume, String error) {
        return "MountVolume.SetUp failed for volume \"" + volume + "\" : " + error;
    }

    /**
     * Whether the container's configuration can be made: its environment's references resolve.
     * If not it waits in {@code CreateContainerConfigError}, reported with a {@code Failed} Warning
     * Event, and is tried again on the next pass (a Secret created, say); no restart is counted.
     */
    private boolean isConfigured(PodRun run, Container container, ContainerRun record, String fieldPath) {
        try {
            scheduled(run).env(container.getName());
            record.configError = null;
            return true;
        } catch (ContainerConfigError error) {
            record.configError = error.getMessage();
            events.record(run.pod, fieldPath, EventRecorder.WARNING, "Failed", "Error: " + error.getMessage(), "kubelet");
            return false;
        }
    }

    /** Runs the next init container on a worker; the loop learns how it ended. */
    private void runInit(PodRun run) {
        run.starting = true;
        ContainerRun init = run.nextInit();
        Container container = run.pod.getSpec().getInitContainers().get(run.initialized);
        ScheduledPod scheduled = scheduled(run);
        init.runningSince = Instant.now();
        events.record(run.pod, "spec.initContainers{" + container.getName() + "}", EventRecorder.NORMAL, "Started",
                "Started container " + container.getName(), "kubelet");
        workers.execute(() -> {
            Exception failure = null;
            try {
                runtime.runInitContainer(scheduled, container);
            } catch (Exception e) {
                failure = e;
            }
            Exception failed = failure;
            controller.onLoop(() -> onInitEnded(run, init, failed));
        });
    }

    private void onInitEnded(PodRun run, ContainerRun init, Exception failure) {
        run.starting = false;
        init.runningSince = null;
        if (runs.get(run.pod.getMetadata().getUid()) != run) {
            return;
        }
        Instant now = Instant.now();
        if (failure != null) {
            LOG.debug("init container {} of pod {} failed", run.pod.getSpec().getInitContainers().get(run.initialized).getName(),
                    run.key(), failure);
            init.crashed(now, failure);
            controller.requestSyncAfter(restartBackOff);
        } else {
            init.crashing = null;
            init.completedAt = now;
            run.initialized++;
        }
        controller.requestSync();
    }

    private ScheduledPod scheduled(PodRun run) {
        return new ScheduledPod(run.pod, run.podIp, run.node, controller, client);
    }

    private void start(PodRun run) {
        run.starting = true;
        ScheduledPod scheduled = scheduled(run);
        workers.execute(() -> {
            RunningPod process = null;
            Exception failure = null;
            try {
                process = runtime.start(scheduled);
            } catch (Exception e) {
                failure = e;
            }
            RunningPod started = process;
            Exception failed = failure;
            if (!controller.onLoop(() -> onStarted(run, started, failed)) && started != null) {
                started.close();
            }
        });
    }

    private void onStarted(PodRun run, RunningPod process, Exception failure) {
        run.starting = false;
        if (runs.get(run.pod.getMetadata().getUid()) != run || crashLoops.containsKey(run.name())) {
            if (process != null) {
                terminate(run.key(), process);
            }
        } else if (failure instanceof ContainerConfigError error) {
            run.main.configError = error.getMessage();
            controller.requestSyncAfter(restartBackOff);
        } else if (failure != null) {
            LOG.debug("pod {} failed to start", run.key(), failure);
            run.main.crashed(Instant.now(), failure);
            controller.requestSyncAfter(restartBackOff);
        } else {
            run.process = process;
            run.main.crashing = null;
            run.main.runningSince = Instant.now();
            run.readiness = ProbeResult.STARTING;
            running.put(run.key(), process);
            run.probe = probes.scheduleWithFixedDelay(() -> probe(run, process), 0, probePeriod.toMillis(), TimeUnit.MILLISECONDS);
            events.record(run.pod, containerPath(run.pod), EventRecorder.NORMAL, "Started",
                    "Started container " + run.pod.getSpec().getContainers().get(0).getName(), "kubelet");
        }
        controller.requestSync();
    }

    private void probe(PodRun run, RunningPod process) {
        Optional<ContainerExit> exited = process.exited();
        if (exited.isPresent()) {
            controller.onLoop(() -> onExited(run, process, exited.get()));
            return;
        }
        ProbeResult readiness;
        try {
            readiness = process.readiness();
        } catch (RuntimeException e) {
            readiness = ProbeResult.failing(e.toString());
        }
        if (!readiness.equals(run.readiness)) {
            run.readiness = readiness;
            controller.requestSync();
        }
    }

    /** The main container's process ended by itself: it is restarted after a back-off. */
    private void onExited(PodRun run, RunningPod process, ContainerExit exit) {
        if (run.process != process) {
            return;
        }
        LOG.debug("main container of pod {} exited with code {}", run.key(), exit.exitCode());
        stop(run, false);
        run.main.crashed(Instant.now(), exit);
        controller.requestSyncAfter(restartBackOff);
        controller.requestSync();
    }

    /**
     * Stops the pod's main process, if it runs: what it served is no longer reached at once, or, when
     * {@code reachableUntilStopped}, only once it has stopped. Returns the process's stopping (done
     * when there was none).
     */
    private CompletableFuture<Void> stop(PodRun run, boolean reachableUntilStopped) {
        if (run.probe != null) {
            run.probe.cancel(false);
            run.probe = null;
        }
        if (run.process == null) {
            return CompletableFuture.completedFuture(null);
        }
        RunningPod process = run.process;
        run.process = null;
        if (!reachableUntilStopped) {
            running.remove(run.key(), process);
        }
        return terminate(run.key(), process);
    }

    private CompletableFuture<Void> terminate(String key, RunningPod process) {
        CompletableFuture<Void> closed = CompletableFuture.runAsync(process::close, workers);
        terminating.put(key, closed);
        closed.whenComplete((done, failure) -> {
            running.remove(key, process);
            terminating.remove(key, closed);
            controller.requestSync();
        });
        return closed;
    }

    /** How long a kubelet lets a stopping container's process end before it kills it: the pod's grace period. */
    private static Duration gracePeriod(Pod pod) {
        Long seconds = pod.getSpec().getTerminationGracePeriodSeconds();
        return Duration.ofSeconds(seconds == null ? DEFAULT_GRACE_SECONDS : seconds);
    }

    private PodStatus status(PodRun run) {
        Pod pod = run.pod;
        boolean started = run.process != null;
        boolean ready = started && run.readiness.ready() && !holds.containsKey(run.name());
        List<ContainerStatus> inits = new ArrayList<>();
        for (int i = 0; i < run.inits.size(); i++) {
            Container container = pod.getSpec().getInitContainers().get(i);
            inits.add(containerStatus(run, container, run.inits.get(i), initState(run, i, container), i < run.initialized, false));
        }
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            containers.add(containerStatus(run, container, run.main, containerState(run, container), ready, started));
        }
        String unready = ready ? null : "containers with unready status: ["
                + pod.getSpec().getContainers().stream().map(Container::getName).collect(Collectors.joining(" ")) + "]";
        String uninitialized = run.isInitialized() ? null : "containers with incomplete status: ["
                + pod.getSpec().getInitContainers().stream().skip(run.initialized).map(Container::getName)
                        .collect(Collectors.joining(" ")) + "]";
        return new PodStatusBuilder()
                .withPhase(run.isInitialized() && (started || run.main.crashing != null) ? "Running" : "Pending")
                .withConditions(
                        condition("PodReadyToStartContainers", run.mounted, null, null),
                        condition("Initialized", run.isInitialized(), uninitialized == null ? null : "ContainersNotInitialized",
                                uninitialized),
                        condition("Ready", ready, ready ? null : "ContainersNotReady", unready),
                        condition("ContainersReady", ready, ready ? null : "ContainersNotReady", unready),
                        condition("PodScheduled", true, null, null))
                .withHostIP(StandInNodes.internalIp(run.node))
                .withPodIP(run.podIp)
                .addNewPodIP(run.podIp)
                .withStartTime(EventRecorder.timestamp(run.startTime))
                .withInitContainerStatuses(inits)
                .withContainerStatuses(containers)
                .withQosClass("BestEffort")
                .build();
    }

    private static ContainerStatus containerStatus(PodRun run, Container container, ContainerRun record, ContainerState state,
            boolean ready, boolean started) {
        boolean ran = state.getRunning() != null || state.getTerminated() != null;
        return new ContainerStatusBuilder()
                .withName(container.getName())
                .withImage(container.getImage())
                .withImageID("")
                .withContainerID(ran ? "stand-in://" + run.pod.getMetadata().getUid() + "/" + container.getName() : null)
                .withStarted(started)
                .withReady(ready)
                .withRestartCount(record.restarts)
                .withState(state)
                .withLastState(record.lastExit == null ? new ContainerState() : record.lastExit)
                .build();
    }

    /** Init container {@code index}: done, running, backing off after a failure, or not yet run. */
    private ContainerState initState(PodRun run, int index, Container container) {
        ContainerRun init = run.inits.get(index);
        if (index < run.initialized) {
            return new ContainerStateBuilder().withNewTerminated()
                    .withExitCode(0)
                    .withReason("Completed")
                    .withFinishedAt(EventRecorder.timestamp(init.completedAt))
                    .endTerminated().build();
        }
        if (init.runningSince != null) {
            return running(init);
        }
        if (init.configError != null) {
            return configError(init);
        }
        if (init.crashing != null) {
            return backOff(run, container);
        }
        return new ContainerStateBuilder().withNewWaiting().withReason("PodInitializing").endWaiting().build();
    }

    private ContainerState containerState(PodRun run, Container container) {
        if (!run.isInitialized()) {
            return new ContainerStateBuilder().withNewWaiting().withReason("PodInitializing").endWaiting().build();
        }
        if (run.process != null) {
            return running(run.main);
        }
        if (run.main.configError != null) {
            return configError(run.main);
        }
        if (run.main.crashing != null) {
            return backOff(run, container);
        }
        return new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build();
    }

    private static ContainerState running(ContainerRun container) {
        return new ContainerStateBuilder().withNewRunning().withStartedAt(EventRecorder.timestamp(container.runningSince)).endRunning().build();
    }

    private static ContainerState configError(ContainerRun container) {
        return new ContainerStateBuilder().withNewWaiting().withReason("CreateContainerConfigError").withMessage(container.configError)
                .endWaiting().build();
    }

    private ContainerState backOff(PodRun run, Container container) {
        return new ContainerStateBuilder().withNewWaiting()
                .withReason("CrashLoopBackOff")
                .withMessage("back-off " + restartBackOff.toMillis() + "ms restarting failed container=" + container.getName()
                        + " pod=" + run.name() + "_" + run.pod.getMetadata().getNamespace() + "(" + run.pod.getMetadata().getUid() + ")")
                .endWaiting().build();
    }

    /** Writes the status when it changed, keeping the transition time of conditions that did not. */
    private void publish(PodRun run, PodStatus status) {
        List<PodCondition> before = run.published == null ? List.of() : run.published.getConditions();
        for (PodCondition condition : status.getConditions()) {
            condition.setLastTransitionTime(before.stream()
                    .filter(old -> old.getType().equals(condition.getType()) && old.getStatus().equals(condition.getStatus()))
                    .map(PodCondition::getLastTransitionTime)
                    .findFirst()
                    .orElse(EventRecorder.timestamp(Instant.now())));
        }
        if (status.equals(run.published)) {
            return;
        }
        client.pods().resource(new PodBuilder(Caches.writable(run.pod)).withStatus(status).build()).updateStatus();
        run.published = status;
        readyByUid.put(run.pod.getMetadata().getUid(), isReady(status));
    }

    private static PodCondition condition(String type, boolean status, String reason, String message) {
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status ? TRUE : FALSE)
                .withReason(reason)
                .withMessage(message)
                .build();
    }

    private static String containerPath(Pod pod) {
        return "spec.containers{" + pod.getSpec().getContainers().get(0).getName() + "}";
    }

    @Override
    public void close() {
        runs.values().forEach(run -> stop(run, false));
    }

    /** What the kubelet knows of one pod. */
    private static final class PodRun {
        Pod pod;
        Instant startTime;
        String podIp;
        /** The node the scheduler put it on; null while it is Pending. */
        Node node;
        /** Its volumes are set up: the kubelet does it once, before the first container. */
        boolean mounted;
        /** A container of the pod is being started (or an init container run) on a worker. */
        boolean starting;
        final List<ContainerRun> inits = new ArrayList<>();
        /** How many init containers completed, in order. */
        int initialized;
        final ContainerRun main = new ContainerRun();
        RunningPod process;
        /** The stopping of the process a crash the test ordered ended (when: {@code main.crashing}). */
        CompletableFuture<Void> exiting;
        volatile ProbeResult readiness = ProbeResult.STARTING;
        ScheduledFuture<?> probe;
        PodStatus published;

        PodRun(Pod pod) {
            this.pod = pod;
            pod.getSpec().getInitContainers().forEach(init -> inits.add(new ContainerRun()));
        }

        boolean isInitialized() {
            return initialized == inits.size();
        }

        ContainerRun nextInit() {
            return inits.get(initialized);
        }

        String name() {
            return pod.getMetadata().getName();
        }

        String key() {
            return pod.getMetadata().getNamespace() + "/" + name();
        }
    }

    /** One container's runs: restarts, the last exit, and while it backs off, when it crashed. */
    private static final class ContainerRun {
        int restarts;
        Instant runningSince;
        Instant completedAt;
        /** When the last crash happened, while the container is backing off; null when it is not crashing. */
        Instant crashing;
        ContainerState lastExit;
        /** Why the container can't be created (its environment refers to something missing); null when it can. */
        String configError;

        /** Not crashed, or its back-off is over. */
        boolean mayStart(Instant now, Duration backOff) {
            return crashing == null || !now.isBefore(crashing.plus(backOff));
        }

        /** A failed start: a {@link ContainerExit} says how the container ended, anything else is exit code 1 with its message. */
        void crashed(Instant now, Exception failure) {
            if (failure instanceof ContainerExit exit) {
                crashed(now, exit.exitCode(), exit.terminationMessage());
            } else {
                crashed(now, 1, String.valueOf(failure.getMessage()));
            }
        }

        void crashed(Instant now, int exitCode, String message) {
            restarts++;
            crashing = now;
            lastExit = new ContainerStateBuilder().withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason("Error")
                    .withMessage(message)
                    .withFinishedAt(EventRecorder.timestamp(now))
                    .endTerminated().build();
        }
    }
}
