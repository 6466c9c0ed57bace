package dev.kafkapetset.kube;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Waits until a StatefulSet has the wanted number of ready, up-to-date pods, telling the operator
 * as each pod comes up or gets stuck, and, on time-out, which pod is missing what and why.
 */
public final class Rollout {
    /** Waiting reasons worth telling at once: the pod won't get better by itself. */
    private static final Set<String> STUCK_REASONS = Set.of(
            "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError",
            "CreateContainerError", "InvalidImageName");

    /** How often the wait looks at the pods and the API server. */
    private static final Duration POLL = Duration.ofSeconds(2);
    /** Reads the API server fails in a row before the wait counts it as lost. */
    private static final int LOST_AFTER = 3;
    /** The label a StatefulSet's controller gives each pod: the revision of the template it was made from. */
    private static final String REVISION_LABEL = "controller-revision-hash";
    /** Waiting reasons no retry cures: the image name itself is wrong. */
    private static final Set<String> FINAL_REASONS = Set.of("InvalidImageName", "ErrImageNeverPull");

    private final KubernetesClient client;
    private final Report report;

    public Rollout(KubernetesClient client, Report report) {
        this.client = client;
        this.report = report;
    }

    /**
     * Waits up to {@code timeout} for {@code replicas} ready, up-to-date pods. Gives up at once when a
     * pod can't get better by itself: a container of {@code finalContainers} failed (its termination
     * message is the reason), or its image name is invalid; and within seconds when the API server is
     * lost (unreachable, exit 3), instead of waiting out the time-out.
     */
    public void awaitReady(String namespace, String statefulSet, Map<String, String> podSelector,
            int replicas, Duration timeout, Set<String> finalContainers) {
        report.line("waiting for " + replicas + " ready pod" + (replicas == 1 ? "" : "s") + " of statefulset/"
                + statefulSet + " (timeout " + Durations.format(timeout) + ")...");
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Progress progress = new Progress(statefulSet, replicas, start, finalContainers);
        try (SharedIndexInformer<Pod> ignored =
                client.pods().inNamespace(namespace).withLabels(podSelector).inform(progress)) {
            CompletableFuture<List<StatefulSet>> rolledOut = client.apps().statefulSets().inNamespace(namespace)
                    .withName(statefulSet).informOnCondition(sets -> !sets.isEmpty() && rolledOut(sets.get(0), replicas));
            await(rolledOut, namespace, statefulSet, deadline, () -> progress.unrecoverable()
                    .map(stuck -> "statefulset/" + statefulSet + " can't become ready: " + stuck),
                    () -> progress.readyCount() + "/" + replicas + " pods ready", () -> {
                        List<String> missing = diagnose(namespace, statefulSet, podSelector, replicas);
                        missing.forEach(reason -> report.line("  " + reason));
                        return "timed out after " + Durations.format(timeout) + " waiting for statefulset/" + statefulSet
                                + ": " + progress.readyCount() + "/" + replicas + " pods ready; "
                                + (missing.isEmpty() ? "the controller has not caught up" : missing.get(0));
                    });
        }
        report.line("statefulset/" + statefulSet + " ready: " + replicas + "/" + replicas + " pods after "
                + Durations.elapsed(Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * Waits up to {@code timeout} until each of the LoadBalancer Services {@code services}, among
     * those {@code selector} selects, has an address (the cluster's load-balancer controller gives it),
     * telling each as it comes; their addresses by Service. Gives up within seconds when the API
     * server is lost.
     */
    public Map<String, String> awaitLoadBalancers(String namespace, String statefulSet, Map<String, String> selector,
            List<String> services, Duration timeout) {
        report.line("waiting for the load balancers of " + services.size() + " service" + (services.size() == 1 ? "" : "s")
                + " to get addresses (timeout " + Durations.format(timeout) + ")...");
        long start = System.nanoTime();
        Map<String, String> addresses = new ConcurrentSkipListMap<>();
        CompletableFuture<List<Service>> all = client.services().inNamespace(namespace).withLabels(selector)
                .informOnCondition(found -> {
                    for (Service service : found) {
                        String name = service.getMetadata().getName();
                        loadBalancerAddress(service).filter(given -> services.contains(name)
                                && addresses.putIfAbsent(name, given) == null).ifPresent(given -> report.line("  service/"
                                        + name + ": " + given + " (" + addresses.size() + "/" + services.size() + ", "
                                        + Durations.elapsed(Duration.ofNanos(System.nanoTime() - start)) + ")"));
                    }
                    return addresses.keySet().containsAll(services);
                });
        try {
            await(all, namespace, statefulSet, start + timeout.toNanos(), Optional::empty,
                    () -> addresses.size() + "/" + services.size() + " addresses",
                    () -> "timed out after " + Durations.format(timeout) + " waiting for load balancer addresses: "
                            + services.stream().filter(name -> !addresses.containsKey(name)).map(name -> "service/" + name)
                                    .collect(Collectors.joining(", "))
                            + " still without one. Does the cluster run a load-balancer controller (a cloud's, MetalLB; on"
                            + " Minikube, 'minikube tunnel')? Or use --external nodeport");
        } finally {
            // The watch stops, met or not.
            all.cancel(true);
        }
        return Map.copyOf(addresses);
    }

    /** The address a LoadBalancer Service's load balancer has: its first ingress's IP, else its host name. */
    public static Optional<String> loadBalancerAddress(Service service) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return Optional.empty();
        }
        return service.getStatus().getLoadBalancer().getIngress().stream()
                .map(ingress -> ingress.getIp() != null && !ingress.getIp().isEmpty() ? ingress.getIp() : ingress.getHostname())
                .filter(address -> address != null && !address.isEmpty())
                .findFirst();
    }

    /**
     * Deletes pod {@code pod} of StatefulSet {@code statefulSet} and waits, up to {@code timeout}, for
     * the controller's new one to be ready; ends at once as {@link #awaitReady} does when it can't be.
     */
    public void restart(String namespace, String statefulSet, String pod, Duration timeout, Set<String> finalContainers) {
        long start = System.nanoTime();
        awaitTemplateSeen(namespace, statefulSet, timeout);
        Pod old = client.pods().inNamespace(namespace).withName(pod).get();
        String oldUid = old == null ? null : old.getMetadata().getUid();
        client.pods().inNamespace(namespace).withName(pod).delete();
        AtomicReference<Pod> latest = new AtomicReference<>();
        CompletableFuture<List<Pod>> replaced = client.pods().inNamespace(namespace).withName(pod).informOnCondition(pods -> {
            Pod current = pods.isEmpty() ? null : pods.get(0);
            if (current != null && !current.getMetadata().getUid().equals(oldUid)) {
                latest.set(current);
                return Readiness.isPodReady(current);
            }
            return false;
        });
        await(replaced, namespace, statefulSet, start + timeout.toNanos(),
                () -> Optional.ofNullable(latest.get()).flatMap(current -> finalFailure(current, finalContainers))
                        .map(stuck -> pod + " can't start: " + stuck),
                () -> pod + " " + (latest.get() == null ? "not made again yet" : "not ready yet"),
                () -> "timed out after " + Durations.format(timeout) + " waiting for " + pod + " to be ready again: "
                        + (latest.get() == null ? "no new pod yet" : notReadyReason(latest.get())));
        requireCurrentRevision(namespace, statefulSet, latest.get());
        report.line("  " + pod + " ready again after " + Durations.elapsed(Duration.ofNanos(System.nanoTime() - start)));
    }

    /**
     * Waits, up to {@code timeout}, until the StatefulSet controller has seen the StatefulSet's pod
     * template as it is now (its status.observedGeneration): a pod deleted before that is made again
     * from the template the controller still holds, the old one.
     */
    public void awaitTemplateSeen(String namespace, String statefulSet, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        StatefulSet live = client.apps().statefulSets().inNamespace(namespace).withName(statefulSet).get();
        Long generation = live == null ? null : live.getMetadata().getGeneration();
        if (live == null || seen(live, generation)) {
            requireStatefulSet(live, statefulSet);
            return;
        }
        CompletableFuture<List<StatefulSet>> seen = client.apps().statefulSets().inNamespace(namespace).withName(statefulSet)
                .informOnCondition(sets -> sets.isEmpty() || seen(sets.get(0), generation));
        await(seen, namespace, statefulSet, deadline, Optional::empty,
                () -> "the StatefulSet controller has not seen statefulset.apps/" + statefulSet + "'s new pod template yet",
                () -> "timed out after " + Durations.format(timeout) + " waiting for the StatefulSet controller to see"
                        + " statefulset.apps/" + statefulSet + "'s new pod template (its status.observedGeneration stays"
                        + " below " + generation + "): is the controller manager running?");
        requireStatefulSet(client.apps().statefulSets().inNamespace(namespace).withName(statefulSet).get(), statefulSet);
    }

    private static void requireStatefulSet(StatefulSet live, String name) {
        if (live == null) {
            throw ToolException.failed("statefulset.apps/" + name + " is gone: nothing would make its pods again, so none"
                    + " is restarted");
        }
    }

    /** Whether the StatefulSet controller has seen {@code statefulSet}'s spec of {@code generation} (or a later one). */
    private static boolean seen(StatefulSet statefulSet, Long generation) {
        StatefulSetStatus status = statefulSet.getStatus();
        return generation == null || status != null && status.getObservedGeneration() != null
                && status.getObservedGeneration() >= generation;
    }

    /**
     * Refuses to go on when {@code pod} came back on another template revision than the
     * StatefulSet's current one (the template changed again meanwhile): a roll must not count it
     * as rolled.
     */
    private void requireCurrentRevision(String namespace, String statefulSet, Pod pod) {
        StatefulSet live = client.apps().statefulSets().inNamespace(namespace).withName(statefulSet).get();
        String current = live == null || live.getStatus() == null ? null : live.getStatus().getUpdateRevision();
        String revision = revision(pod);
        if (current != null && revision != null && !current.equals(revision)) {
            throw ToolException.failed(pod.getMetadata().getName() + " came back on template revision " + revision
                    + ", not statefulset.apps/" + statefulSet + "'s current " + current + " (its template changed"
                    + " meanwhile): run the step again, which restarts it on the current one");
        }
    }

    /** The template revision {@code pod} was made from, as its StatefulSet labels it; null when unlabelled. */
    public static String revision(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(REVISION_LABEL);
    }

    /**
     * Waits for {@code condition}, until the deadline; at every look, gives up when {@code stuck}
     * says why it never can be met, or when the API server is lost.
     */
    private void await(CompletableFuture<?> condition, String namespace, String statefulSet, long deadline,
            Supplier<Optional<String>> stuck, Supplier<String> progress,
            Supplier<String> timedOut) {
        try {
            int unanswered = 0;
            while (!isDone(condition)) {
                Optional<String> reason = stuck.get();
                if (reason.isPresent()) {
                    throw ToolException.failed(reason.get());
                }
                unanswered = apiAnswers(namespace, statefulSet) ? 0 : unanswered + 1;
                if (unanswered >= LOST_AFTER) {
                    throw ToolException.unreachable("lost the Kubernetes API while waiting for statefulset/" + statefulSet
                            + " (" + progress.get() + "): it did not answer " + LOST_AFTER + " times in a row; run the"
                            + " step again once it is back", null);
                }
                if (System.nanoTime() > deadline) {
                    throw ToolException.failed(timedOut.get());
                }
            }
        } finally {
            condition.cancel(true);
        }
    }

    /** Whether the wait is over, looking for up to {@link #POLL}. */
    private static boolean isDone(CompletableFuture<?> condition) {
        try {
            condition.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException notYet) {
            return false;
        } catch (ExecutionException e) {
            throw KubernetesClientException.launderThrowable(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted while waiting");
        }
    }

    /** Whether the API server answers a read now; a refusal or an error status both say it is there. */
    private boolean apiAnswers(String namespace, String statefulSet) {
        try {
            client.apps().statefulSets().inNamespace(namespace).withName(statefulSet).get();
            return true;
        } catch (KubernetesClientException e) {
            return e.getStatus() != null;
        }
    }

    /**
     * {@code replicas} pods, all ready; and all on the current template, unless the StatefulSet waits
     * for its pods to be deleted to update them (OnDelete: the toolkit's roll does that, pod by pod).
     */
    static boolean rolledOut(StatefulSet statefulSet, int replicas) {
        StatefulSetStatus status = statefulSet.getStatus();
        if (status == null) {
            return false;
        }
        if (!seen(statefulSet, statefulSet.getMetadata().getGeneration())) {
            return false;
        }
        boolean onDelete = statefulSet.getSpec().getUpdateStrategy() != null
                && "OnDelete".equals(statefulSet.getSpec().getUpdateStrategy().getType());
        return count(status.getReplicas()) == replicas
                && count(status.getReadyReplicas()) == replicas
                && (onDelete || count(status.getUpdatedReplicas()) == replicas);
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    /** One line per wanted pod that isn't ready: what it lacks and its last event. */
    List<String> diagnose(String namespace, String statefulSet, Map<String, String> podSelector, int replicas) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabels(podSelector).list().getItems();
        List<Event> events = client.v1().events().inNamespace(namespace).list().getItems();
        List<String> lines = new ArrayList<>();
        for (int ordinal = 0; ordinal < replicas; ordinal++) {
            String name = statefulSet + "-" + ordinal;
            Optional<Pod> pod = pods.stream().filter(p -> name.equals(p.getMetadata().getName())).findFirst();
            if (pod.isEmpty()) {
                lines.add(name + ": no pod yet" + lastEvent(events, "StatefulSet", statefulSet));
            } else if (!Readiness.isPodReady(pod.get())) {
                List<Event> current = isScheduled(pod.get())
                        ? events.stream().filter(e -> !"FailedScheduling".equals(e.getReason())).toList()
                        : events;
                lines.add(name + ": " + notReadyReason(pod.get()) + lastEvent(current, "Pod", name));
            }
        }
        return lines;
    }

    /** A scheduled pod's old FailedScheduling events no longer say why it isn't ready. */
    private static boolean isScheduled(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The first false condition in start-up order, and a container's waiting reason if any. */
    static String notReadyReason(Pod pod) {
        if (pod.getStatus() == null) {
            return "no status yet";
        }
        String phase = Objects.requireNonNullElse(pod.getStatus().getPhase(), "Unknown");
        List<PodCondition> conditions = Objects.requireNonNullElse(pod.getStatus().getConditions(), List.of());
        String condition = List.of("PodScheduled", "Initialized", "ContainersReady", "Ready").stream()
                .flatMap(type -> conditions.stream().filter(c -> type.equals(c.getType()) && !"True".equals(c.getStatus())))
                .findFirst()
                .map(c -> c.getType() + "=" + c.getStatus() + describeReason(c.getReason(), c.getMessage()))
                .orElse("not Ready");
        String waiting = waitingReason(pod).map(reason -> ", container waiting: " + reason).orElse("");
        return phase + ", " + condition + waiting;
    }

    /**
     * Why {@code pod} can't start without the operator: a container of {@code finalContainers} failed
     * (a check that refuses the same way each time), or the image name is invalid.
     */
    static Optional<String> finalFailure(Pod pod, Set<String> finalContainers) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        List<ContainerStatus> statuses = new ArrayList<>();
        statuses.addAll(Objects.requireNonNullElse(pod.getStatus().getInitContainerStatuses(), List.of()));
        statuses.addAll(Objects.requireNonNullElse(pod.getStatus().getContainerStatuses(), List.of()));
        for (ContainerStatus status : statuses) {
            if (finalContainers.contains(status.getName())) {
                for (ContainerState state : new ContainerState[] {status.getState(), status.getLastState()}) {
                    if (state != null && state.getTerminated() != null && state.getTerminated().getExitCode() != null
                            && state.getTerminated().getExitCode() != 0) {
                        String message = state.getTerminated().getMessage();
                        return Optional.of(status.getName() + " refused to start it" + (message == null ? ""
                                : ": " + message.strip()));
                    }
                }
            }
            if (status.getState() != null && status.getState().getWaiting() != null
                    && FINAL_REASONS.contains(status.getState().getWaiting().getReason())) {
                return Optional.of(status.getName() + " " + status.getState().getWaiting().getReason() + ": "
                        + status.getState().getWaiting().getMessage());
            }
        }
        return Optional.empty();
    }

    static Optional<String> waitingReason(Pod pod) {
        List<ContainerStatus> statuses = new ArrayList<>();
        if (pod.getStatus() != null) {
            statuses.addAll(Objects.requireNonNullElse(pod.getStatus().getInitContainerStatuses(), List.of()));
            statuses.addAll(Objects.requireNonNullElse(pod.getStatus().getContainerStatuses(), List.of()));
        }
        return statuses.stream()
                .filter(s -> s.getState() != null && s.getState().getWaiting() != null)
                .map(s -> s.getName() + " " + s.getState().getWaiting().getReason()
                        + (s.getRestartCount() != null && s.getRestartCount() > 0 ? " (restarts: " + s.getRestartCount() + ")" : "")
                        + lastExit(s))
                .findFirst();
    }

    /** The object's latest Warning event (what went wrong), else its latest event. */
    /** What the container said as it last stopped: its termination message. */
    private static String lastExit(ContainerStatus status) {
        if (status.getLastState() == null || status.getLastState().getTerminated() == null
                || status.getLastState().getTerminated().getMessage() == null) {
            return "";
        }
        return ", last exit: " + status.getLastState().getTerminated().getMessage().strip();
    }

    private static String lastEvent(List<Event> events, String kind, String name) {
        List<Event> about = events.stream()
                .filter(e -> e.getInvolvedObject() != null && kind.equals(e.getInvolvedObject().getKind())
                        && name.equals(e.getInvolvedObject().getName()))
                .toList();
        List<Event> warnings = about.stream().filter(e -> "Warning".equals(e.getType())).toList();
        return (warnings.isEmpty() ? about : warnings).stream()
                .max(Comparator.comparing(Rollout::eventTime))
                .map(e -> "; last event: " + e.getType() + " " + e.getReason() + ": " + e.getMessage())
                .orElse("");
    }

    private static String eventTime(Event event) {
        // RFC 3339 timestamps of one format sort as strings.
        return Objects.requireNonNullElse(event.getLastTimestamp(),
                Objects.requireNonNullElse(event.getMetadata().getCreationTimestamp(), ""));
    }

    private static String describeReason(String reason, String message) {
        if (reason == null && message == null) {
            return "";
        }
        return " (" + (reason == null ? "" : reason) + (message == null ? "" : (reason == null ? "" : ": ") + message) + ")";
    }

    /** Reports each wanted pod as it becomes ready, and a stuck container once per reason. */
    private final class Progress implements ResourceEventHandler<Pod> {
        private final String statefulSet;
        private final int replicas;
        private final long start;
        private final Set<String> finalContainers;
        private final Set<String> ready = ConcurrentHashMap.newKeySet();
        private final Set<String> told = ConcurrentHashMap.newKeySet();
        private final Map<String, String> unrecoverable = new ConcurrentHashMap<>();

        Progress(String statefulSet, int replicas, long start, Set<String> finalContainers) {
            this.statefulSet = statefulSet;
            this.replicas = replicas;
            this.start = start;
            this.finalContainers = finalContainers;
        }

        int readyCount() {
            return ready.size();
        }

        /** A pod that won't become ready without the operator, and why; empty while every one may still. */
        Optional<String> unrecoverable() {
            return unrecoverable.entrySet().stream().min(Map.Entry.comparingByKey())
                    .map(entry -> entry.getKey() + ": " + entry.getValue());
        }

        @Override
        public void onAdd(Pod pod) {
            onUpdate(null, pod);
        }

        @Override
        public void onUpdate(Pod previous, Pod pod) {
            String name = pod.getMetadata().getName();
            if (!wanted(name)) {
                return;
            }
            if (Readiness.isPodReady(pod)) {
                if (ready.add(name)) {
                    report.line("  " + name + " ready (" + ready.size() + "/" + replicas + ", "
                            + Durations.elapsed(Duration.ofNanos(System.nanoTime() - start)) + ")");
                }
            } else {
                ready.remove(name);
                finalFailure(pod, finalContainers).ifPresent(reason -> unrecoverable.put(name, reason));
                waitingReason(pod)
                        .filter(reason -> STUCK_REASONS.stream().anyMatch(reason::contains))
                        .filter(reason -> told.add(name + reason.replaceAll(" \\(restarts: \\d+\\)", "")))
                        .ifPresent(reason -> report.warning(name + " is not starting: " + reason));
            }
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            ready.remove(pod.getMetadata().getName());
        }

        private boolean wanted(String podName) {
            String prefix = statefulSet + "-";
            if (!podName.startsWith(prefix)) {
                return false;
            }
            try {
                return Integer.parseInt(podName.substring(prefix.length())) < replicas;
            } catch (NumberFormatException notOurs) {
                return false;
            }
        }
    }
}
