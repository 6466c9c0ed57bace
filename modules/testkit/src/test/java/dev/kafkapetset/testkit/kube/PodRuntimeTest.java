package dev.kafkapetset.testkit.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pod runtime hook, driven by what the pods' specs say, as a runtime of real servers would be. */
class PodRuntimeTest {
    private static final long TIMEOUT_SECONDS = 10;
    /** The runtime for each pod, by the pod's app label: each test brings its own. */
    private static final Map<String, PodRuntime> RUNTIMES = new ConcurrentHashMap<>();
    private static StandInCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        cluster = StandInCluster.start(new PodRuntime() {
            @Override
            public RunningPod start(ScheduledPod pod) throws Exception {
                return runtimeOf(pod).start(pod);
            }

            @Override
            public void runInitContainer(ScheduledPod pod, Container container) throws Exception {
                runtimeOf(pod).runInitContainer(pod, container);
            }
        });
        client = cluster.client();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    private static PodRuntime runtimeOf(ScheduledPod pod) {
        return RUNTIMES.get(pod.pod().getMetadata().getLabels().get("app"));
    }

    @Test
    void runtimeSeesWhatTheContainerWould() throws Exception {
        Map<String, ScheduledPod> started = new ConcurrentHashMap<>();
        RUNTIMES.put("seer", pod -> {
            started.put(pod.name(), pod);
            return running(Optional.empty());
        });
        client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("seer-config").endMetadata()
                .addToData("client-port", "2181").addToData("TICK", "2000").build()).create();
        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("seer-secret").endMetadata()
                .addToStringData("password", "s3cret").build()).create();
        // A ClusterIP service named kafka injects KAFKA_PORT & co. into every pod of the namespace.
        client.services().resource(new ServiceBuilder().withNewMetadata().withName("kafka").endMetadata()
                .withNewSpec().addToSelector("app", "nothing").addNewPort().withName("broker").withPort(9092).endPort().endSpec()
                .build()).create();

        client.apps().statefulSets().resource(new StatefulSetBuilder(statefulSet("seer", 2))
                .editSpec().editTemplate().editSpec().editFirstContainer()
                    .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                    .addNewEnv().withName("SERVER_ID").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("metadata.labels['apps.kubernetes.io/pod-index']").endFieldRef().endValueFrom().endEnv()
                    .addNewEnv().withName("SELF").withValue("$(POD_NAME).seer-headless:$(CLIENT_PORT) $$(POD_NAME) $(UNSET)").endEnv()
                    .addNewEnv().withName("CLIENT_PORT").withNewValueFrom().withNewConfigMapKeyRef("client-port", "seer-config", false)
                        .endValueFrom().endEnv()
                    .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "seer-secret", false)
                        .endValueFrom().endEnv()
                    .addNewEnvFrom().withPrefix("ZK_").withNewConfigMapRef().withName("seer-config").endConfigMapRef().endEnvFrom()
                .endContainer().endSpec().endTemplate().endSpec()
                .build()).create();
        waitForReady("seer", 2);

        ScheduledPod second = started.get("seer-1");
        assertEquals(1, second.ordinal().getAsInt());
        assertEquals("seer-1", second.hostname());
        assertEquals("seer-1.seer-headless.default.svc.cluster.local", second.fqdn());
        assertEquals(2181, second.port("client"));
        Map<String, String> env = second.env();
        assertEquals("seer-1", env.get("POD_NAME"));
        assertEquals("1", env.get("SERVER_ID"));
        // CLIENT_PORT comes later in the list, so it is not expanded: the same rule as Kubernetes.
        assertEquals("seer-1.seer-headless:$(CLIENT_PORT) $(POD_NAME) $(UNSET)", env.get("SELF"));
        assertEquals("2181", env.get("CLIENT_PORT"));
        assertEquals("s3cret", env.get("PASSWORD"));
        assertEquals("2000", env.get("ZK_TICK"));
        String kafkaIp = client.services().withName("kafka").get().getSpec().getClusterIP();
        assertTrue(kafkaIp.startsWith("10.96."), kafkaIp);
        assertEquals("tcp://" + kafkaIp + ":9092", env.get("KAFKA_PORT"));
        assertEquals("9092", env.get("KAFKA_SERVICE_PORT_BROKER"));
        assertEquals(second.podIp(), client.pods().withName("seer-1").get().getStatus().getPodIP());
    }

    @Test
    void realZooKeeperPodsAreReachedByTheirDnsNamesAndTheirService() throws Exception {
        Map<String, TestingServer> servers = new ConcurrentHashMap<>();
        RUNTIMES.put("zk", pod -> {
            TestingServer server = new TestingServer();
            servers.put(pod.name(), server);
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort());
            int clientPort = pod.port("client");
            return new RunningPod() {
                @Override
                public ProbeResult readiness() {
                    return "imok".equals(fourLetterWord(address, "ruok")) ? ProbeResult.READY : ProbeResult.failing("no imok from ruok");
                }

                @Override
                public Optional<InetSocketAddress> address(int containerPort) {
                    return containerPort == clientPort ? Optional.of(address) : Optional.empty();
                }

                @Override
                public void close() {
                    try {
                        server.close();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
        });
        client.services().resource(new ServiceBuilder().withNewMetadata().withName("zk").endMetadata()
                .withNewSpec().addToSelector("app", "zk")
                    .addNewPort().withName("client").withPort(2181).withNewTargetPort("client").endPort()
                .endSpec().build()).create();
        client.apps().statefulSets().resource(statefulSet("zk", 2)).create();
        waitForReady("zk", 2);

        StandInController controller = cluster.controller();
        for (String host : List.of("zk-1.zk-headless", "zk-1.zk-headless.default", "zk-1.zk-headless.default.svc.cluster.local.")) {
            assertEquals(servers.get("zk-1").getPort(), controller.resolve("default", host, 2181).orElseThrow().getPort(), host);
        }
        assertEquals(servers.get("zk-0").getPort(), controller.resolve("team", "zk.default.svc", 2181).orElseThrow().getPort());
        assertTrue(controller.resolve("default", "zk-1.zk-headless", 2888).isEmpty());
        try (LocalPortForward forward = client.services().withName("zk").portForward(2181)) {
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper session = new ZooKeeper("127.0.0.1:" + forward.getLocalPort(), 10_000, event -> connected.countDown());
            try {
                assertTrue(connected.await(TIMEOUT_SECONDS, TimeUnit.SECONDS));
                assertEquals(List.of("zookeeper"), session.getChildren("/", false));
            } finally {
                session.close();
            }
        }

        client.apps().statefulSets().withName("zk").delete();
        client.pods().withName("zk-0").waitUntilCondition(pod -> pod == null, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        InetSocketAddress stopped = new InetSocketAddress(InetAddress.getLoopbackAddress(), servers.get("zk-0").getPort());
        assertNotNull(awaitRefused(stopped), "the server of a deleted pod still answers");
    }

    @Test
    void failedStartsCrashLoopUntilOneSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        RUNTIMES.put("flaky", pod -> {
            if (attempts.incrementAndGet() <= 2) {
                throw new IllegalStateException("zookeeper not reachable, attempt " + attempts.get());
            }
            return running(Optional.empty());
        });

        client.apps().statefulSets().resource(statefulSet("flaky", 1)).create();
        waitForReady("flaky", 1);

        ContainerStatus container = client.pods().withName("flaky-0").get().getStatus().getContainerStatuses().get(0);
        assertEquals(2, container.getRestartCount());
        assertEquals("zookeeper not reachable, attempt 2", container.getLastState().getTerminated().getMessage());
        assertEquals(3, attempts.get());
    }

    @Test
    void initContainersRunInOrderOnceBeforeTheMainOneAndOneFailingHoldsThePodInItsInitPhase() {
        List<String> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean checkPasses = new AtomicBoolean();
        RUNTIMES.put("init", new PodRuntime() {
            @Override
            public RunningPod start(ScheduledPod pod) {
                ran.add(pod.pod().getSpec().getContainers().get(0).getName());
                return running(Optional.empty());
            }

            @Override
            public void runInitContainer(ScheduledPod pod, Container container) throws ContainerExit {
                ran.add(container.getName() + " " + String.join(" ", pod.commandLine(container.getName())));
                if (container.getName().equals("check") && !checkPasses.get()) {
                    throw new ContainerExit(3, "the volume holds another cluster's data\n");
                }
            }
        });
        client.apps().statefulSets().resource(new StatefulSetBuilder(statefulSet("init", 1))
                .editSpec().editTemplate().editSpec()
                    .addNewInitContainer().withName("prepare").withImage("busybox:1.36").withCommand("chown", "1000:1000", "/data")
                    .endInitContainer()
                    .addNewInitContainer().withName("check").withImage("busybox:1.36").withCommand("check", "$(POD_NAME)")
                        .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name")
                            .endFieldRef().endValueFrom().endEnv()
                    .endInitContainer()
                .endSpec().endTemplate().endSpec()
                .build()).create();

        Pod held = client.pods().withName("init-0").waitUntilCondition(pod -> pod != null && pod.getStatus() != null
                && pod.getStatus().getInitContainerStatuses().size() == 2
                && pod.getStatus().getInitContainerStatuses().get(1).getRestartCount() >= 2
                && pod.getStatus().getInitContainerStatuses().get(1).getState().getWaiting() != null, TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("Pending", held.getStatus().getPhase());
        PodCondition initialized = held.getStatus().getConditions().stream()
                .filter(condition -> condition.getType().equals("Initialized")).findFirst().orElseThrow();
        assertEquals("False", initialized.getStatus());
        assertEquals("containers with incomplete status: [check]", initialized.getMessage());
        ContainerStatus prepare = held.getStatus().getInitContainerStatuses().get(0);
        assertEquals("Completed", prepare.getState().getTerminated().getReason());
        assertEquals(0, prepare.getRestartCount());
        ContainerStatus check = held.getStatus().getInitContainerStatuses().get(1);
        assertEquals("CrashLoopBackOff", check.getState().getWaiting().getReason());
        assertEquals(3, check.getLastState().getTerminated().getExitCode());
        assertEquals("the volume holds another cluster's data\n", check.getLastState().getTerminated().getMessage());
        assertEquals("PodInitializing", held.getStatus().getContainerStatuses().get(0).getState().getWaiting().getReason());
        assertEquals(List.of("prepare chown 1000:1000 /data", "check check init-0"), ran.stream().distinct().toList());

        checkPasses.set(true);
        waitForReady("init", 1);
        // The main container restarting does not run them again.
        cluster.controller().crashLoop("init-0", "stopped by the test");
        client.pods().withName("init-0").waitUntilCondition(pod -> pod.getStatus().getContainerStatuses().get(0).getRestartCount() > 0,
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        cluster.controller().release("init-0");
        client.pods().withName("init-0").waitUntilCondition(pod -> pod.getStatus().getContainerStatuses().get(0).getReady(),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> order = ran.stream().map(line -> line.split(" ")[0]).distinct().toList();
        assertEquals(List.of("prepare", "check", "init"), order);
        assertEquals(1, ran.stream().filter(line -> line.startsWith("prepare")).count());
        assertEquals(2, ran.stream().filter(line -> line.equals("init")).count());
        assertEquals("True", client.pods().withName("init-0").get().getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Initialized")).findFirst().orElseThrow().getStatus());
    }

    @Test
    void failingReadinessProbeIsReportedAsUnhealthyUntilItPasses() {
        AtomicBoolean healthy = new AtomicBoolean();
        RUNTIMES.put("probed", pod -> new RunningPod() {
            @Override
            public ProbeResult readiness() {
                return healthy.get() ? ProbeResult.READY : ProbeResult.failing("broker not in /brokers/ids");
            }

            @Override
            public Optional<InetSocketAddress> address(int containerPort) {
                return Optional.empty();
            }

            @Override
            public void close() {}
        });

        client.apps().statefulSets().resource(statefulSet("probed", 1)).create();

        Event unhealthy = client.v1().events().informOnCondition(events -> events.stream().anyMatch(PodRuntimeTest::isUnhealthyProbed))
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join()
                .stream().filter(PodRuntimeTest::isUnhealthyProbed).findFirst().orElseThrow();
        assertEquals("Readiness probe failed: broker not in /brokers/ids", unhealthy.getMessage());
        assertEquals("Warning", unhealthy.getType());
        Pod notReady = client.pods().withName("probed-0").get();
        assertEquals("Running", notReady.getStatus().getPhase());
        healthy.set(true);
        waitForReady("probed", 1);
    }

    /**
     * A crashed container is seen to have exited once its process has stopped: until then its pod
     * stays Ready and reachable, as a server still shutting down is still there. One whose process
     * never stops is seen exited once the pod's grace period is over, when a kubelet kills it.
     */
    @Test
    void aCrashedContainerIsSeenExitedOnceItsProcessStopsOrItsGracePeriodEnds() throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        InetSocketAddress served = new InetSocketAddress(InetAddress.getLoopbackAddress(), 1);
        for (String app : List.of("stopping", "hung")) {
            CountDownLatch release = app.equals("stopping") ? stopped : never;
            AtomicBoolean first = new AtomicBoolean(true);
            RUNTIMES.put(app, pod -> new RunningPod() {
                // Only the first process takes its time to stop; the restarted ones stop at once.
                private final boolean slow = first.getAndSet(false);

                @Override
                public ProbeResult readiness() {
                    return ProbeResult.READY;
                }

                @Override
                public Optional<InetSocketAddress> address(int containerPort) {
                    return Optional.of(served);
                }

                @Override
                public void close() {
                    try {
                        if (slow) {
                            release.await(TIMEOUT_SECONDS * 6, TimeUnit.SECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            StatefulSet set = statefulSet(app, 1);
            set.getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(app.equals("stopping") ? 600L : 2L);
            client.apps().statefulSets().resource(set).create();
            waitForReady(app, 1);
        }
        StandInController controller = cluster.controller();
        try {
            controller.crashLoop("stopping-0", "stopped by the test");
            Thread.sleep(1_000);
            assertTrue(isReady(client.pods().withName("stopping-0").get()), "Ready while its process stops");
            assertEquals(Optional.of(served), controller.address("default", "stopping-0", 2181), "reachable meanwhile");
            stopped.countDown();
            client.pods().withName("stopping-0").waitUntilCondition(pod -> !isReady(pod), TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertTrue(client.pods().withName("stopping-0").get().getStatus().getContainerStatuses().get(0).getRestartCount() > 0);

            long crashed = System.nanoTime();
            controller.crashLoop("hung-0", "stopped by the test");
            client.pods().withName("hung-0").waitUntilCondition(pod -> !isReady(pod), TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertTrue(System.nanoTime() - crashed >= TimeUnit.SECONDS.toNanos(2), "not before its grace period of 2 s");
            assertEquals(1, never.getCount(), "its process still stopping");
        } finally {
            controller.release("stopping-0");
            controller.release("hung-0");
            never.countDown();
        }
        waitForReady("stopping", 1);
        waitForReady("hung", 1);
    }

    private static boolean isReady(Pod pod) {
        return pod != null && pod.getStatus().getConditions().stream()
                .anyMatch(condition -> condition.getType().equals("Ready") && condition.getStatus().equals("True"));
    }

    private static boolean isUnhealthyProbed(Event event) {
        return "probed-0".equals(event.getInvolvedObject().getName()) && "Unhealthy".equals(event.getReason());
    }

    private static RunningPod running(Optional<InetSocketAddress> served) {
        return new RunningPod() {
            @Override
            public ProbeResult readiness() {
                return ProbeResult.READY;
            }

            @Override
            public Optional<InetSocketAddress> address(int containerPort) {
                return served;
            }

            @Override
            public void close() {}
        };
    }

    private static StatefulSet statefulSet(String app, int replicas) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("app", app).endSelector()
                    .withServiceName(app + "-headless")
                    .withReplicas(replicas)
                    .withPodManagementPolicy("Parallel")
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", app).endMetadata()
                        .withNewSpec()
                            .addNewContainer()
                                .withName(app)
                                .withImage("confluentinc/cp-zookeeper:7.9.0")
                                .addNewPort().withName("client").withContainerPort(2181).endPort()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static void waitForReady(String name, int replicas) {
        client.apps().statefulSets().withName(name).waitUntilCondition(set -> set != null && set.getStatus() != null
                && Integer.valueOf(replicas).equals(set.getStatus().getReadyReplicas()), TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** A ZooKeeper four-letter word's answer, or null when the server does not answer. */
    private static String fourLetterWord(InetSocketAddress address, String word) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 1_000);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }

    /** The refusal of a connection to a stopped server, waited for while the server shuts down; null if it still answers. */
    private static IOException awaitRefused(InetSocketAddress address) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 1_000);
            } catch (IOException refused) {
                return refused;
            }
            Thread.sleep(20);
        }
        return null;
    }
}
