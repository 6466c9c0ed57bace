package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controllers a cluster runs, standing in for them on the mock API server: the StatefulSet
 * controller, the PersistentVolume binder with a provisioner, the scheduler and the kubelets of the
 * nodes, the ClusterIP allocator and the cluster DNS. They watch the server through informers and write back what a real cluster would.
 * Tests steer the kubelet: hold a pod not Ready, make it crash-loop, release it.
 *
 * <p>Pods are named without a namespace here: a hold or crash loop applies to the pods of that name
 * in every namespace, including one created later (so a test can hold {@code kafka-2} before scaling).
 */
public final class StandInController {
    private static final Logger LOG = LoggerFactory.getLogger(StandInController.class);
    private static final Duration PROBE_PERIOD = Duration.ofMillis(20);
    private static final Duration RESTART_BACK_OFF = Duration.ofMillis(200);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMillis(100);

    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(threads("stand-in-controller"));
    private final ExecutorService workers = Executors.newCachedThreadPool(threads("stand-in-pod"));
    private final ScheduledExecutorService probes = Executors.newScheduledThreadPool(2, threads("stand-in-probe"));
    private final AtomicBoolean syncQueued = new AtomicBoolean();
    private final Set<String> deletedStatefulSets = ConcurrentHashMap.newKeySet();
    private final Set<String> stalledForwards = ConcurrentHashMap.newKeySet();
    private final Caches caches;
    private final VolumeBinder volumes;
    private final Kubelet kubelet;
    private final StatefulSetReconciler statefulSets;
    private final ServiceNetwork network;
    private volatile boolean running;

    StandInController(KubernetesClient client, PodRuntime runtime) {
        caches = new Caches(client, this::requestSync, this::onDeleted);
        EventRecorder events = new EventRecorder(client);
        volumes = new VolumeBinder(client, caches, events);
        kubelet = new Kubelet(client, caches, volumes, events, runtime, this, workers, probes, PROBE_PERIOD, RESTART_BACK_OFF);
        statefulSets = new StatefulSetReconciler(client, caches, kubelet, events, deletedStatefulSets);
        network = new ServiceNetwork(client, caches, kubelet);
        running = true;
        requestSync();
    }

    /**
     * Keeps the pod Running but not Ready, as a failing readiness probe would, and reports it with a
     * Warning Event carrying {@code reason} and {@code message}.
     */
    public void holdNotReady(String pod, String reason, String message) {
        kubelet.hold(pod, new Kubelet.Hold(reason, message));
        requestSync();
    }

    /**
     * Makes the pod's containers exit over and over: stopped, Ready false, waiting in
     * {@code CrashLoopBackOff}, restart count climbing, {@code message} in the last termination state.
     */
    public void crashLoop(String pod, String message) {
        kubelet.crashLoop(pod, message);
        requestSync();
    }

    /**
     * Port-forward streams to {@code pod} are taken and never relayed (or, with false, relayed again),
     * as a kubelet's stream that hangs half-way: a client connects through it and gets no answer.
     */
    public void stallPortForwards(String pod, boolean stalled) {
        if (stalled) {
            stalledForwards.add(pod);
        } else {
            stalledForwards.remove(pod);
        }
    }

    boolean forwardsStalled(String pod) {
        return stalledForwards.contains(pod);
    }

    /** Ends a hold or crash loop: the pod starts (after the back-off) and turns Ready as its runtime says. */
    public void release(String pod) {
        kubelet.release(pod);
        requestSync();
    }

    /**
     * Whether LoadBalancer Services get a load balancer (an address of their own, listening): on by
     * default; off, as in a cluster without a load-balancer controller, they wait for one forever.
     */
    public void loadBalancing(boolean on) {
        network.loadBalancing(on);
        requestSync();
    }

    /** Where a running pod serves a container port on this machine, as its {@link RunningPod} says. */
    public Optional<InetSocketAddress> address(String namespace, String pod, int containerPort) {
        return kubelet.address(namespace, pod, containerPort);
    }

    /**
     * Where a connection from a pod in {@code namespace} to {@code host:port} would land, on this
     * machine, as {@link ScheduledPod#resolve} says.
     */
    public Optional<InetSocketAddress> resolve(String namespace, String host, int port) {
        return network.resolve(namespace, null, host, port);
    }

    /**
     * Where a connection from a pod labelled {@code labels} in {@code namespace} to {@code host:port}
     * would land; empty when the NetworkPolicies drop it, or nothing running serves it yet.
     */
    public Optional<InetSocketAddress> resolveFrom(String namespace, Map<String, String> labels, String host, int port) {
        return network.resolve(namespace, new NetworkPolicies.Source(namespace, labels), host, port);
    }

    List<Service> services() {
        return caches.services();
    }

    /** The Secret or ConfigMap ({@link KeyedData#SECRET}, {@link KeyedData#CONFIG_MAP}) as the kubelet's cache has it; null if missing. */
    KeyedData keyedData(String kind, String namespace, String name) {
        if (KeyedData.SECRET.equals(kind)) {
            var secret = caches.secret(namespace, name);
            return secret == null ? null : KeyedData.of(secret);
        }
        var configMap = caches.configMap(namespace, name);
        return configMap == null ? null : KeyedData.of(configMap);
    }

    Pod cachedPod(String namespace, String name) {
        return caches.pod(namespace, name);
    }

    boolean isRunning(String namespace, String pod) {
        return kubelet.isRunning(namespace, pod);
    }

    private void onDeleted(StatefulSet statefulSet) {
        deletedStatefulSets.add(statefulSet.getMetadata().getUid());
    }

    /** Asks for one more pass over everything; passes coalesce and run one at a time. */
    void requestSync() {
        if (syncQueued.compareAndSet(false, true) && !onLoop(this::sync)) {
            syncQueued.set(false);
        }
    }

    /** Asks for a pass after a delay: a timer of the kubelet (back-off) ran out. */
    void requestSyncAfter(Duration delay) {
        if (running) {
            try {
                loop.schedule(this::requestSync, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopping) {
                // closing: nothing left to sync
            }
        }
    }

    /** Runs a task on the controller thread, where all the controllers' state lives; false once closed. */
    boolean onLoop(Runnable task) {
        if (running) {
            try {
                loop.execute(task);
                return true;
            } catch (RejectedExecutionException stopping) {
                // closing: the task's work is moot
            }
        }
        return false;
    }

    private void sync() {
        syncQueued.set(false);
        try {
            network.sync();
            volumes.sync();
            statefulSets.sync();
            kubelet.sync();
        } catch (KubernetesClientException e) {
            // 404 and 409 are races with the tests' own writes (an object gone or changed meanwhile).
            boolean race = e.getCode() == HttpURLConnection.HTTP_NOT_FOUND || e.getCode() == HttpURLConnection.HTTP_CONFLICT;
            retry(e, race);
        } catch (RuntimeException | LinkageError e) {
            retry(e, false);
        }
    }

    private void retry(Throwable failure, boolean expected) {
        if (!running) {
            return;
        }
        if (expected) {
            LOG.debug("stand-in controller pass lost a race, retrying: {}", failure.toString());
        } else {
            LOG.warn("stand-in controller pass failed, retrying: {}", failure.toString(), failure);
        }
        requestSyncAfter(RETRY_AFTER_FAILURE);
    }

    /** Stops watching and stops every running pod; the cluster does it when it closes. */
    void stop() {
        running = false;
        caches.close();
        try {
            loop.submit(kubelet::close).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("stopping the stand-in pods: {}", e.toString());
        }
        loop.shutdownNow();
        network.close();
        probes.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
