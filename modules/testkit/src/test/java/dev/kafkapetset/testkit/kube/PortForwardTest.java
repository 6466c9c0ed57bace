package dev.kafkapetset.testkit.kube;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PortForwardTest {
    private static final int ECHO_PORT = 7;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Where the test serves each pod's port: "pod:port" to a local address. */
    private static final Map<String, InetSocketAddress> SERVED = new ConcurrentHashMap<>();
    private static StandInCluster cluster;
    private static KubernetesClient client;
    private static EchoServer echoA;
    private static EchoServer echoB;

    @BeforeAll
    static void startClusterWithEchoPods() throws IOException {
        cluster = StandInCluster.start(pod -> new RunningPod() {
            @Override
            public ProbeResult readiness() {
                return ProbeResult.READY;
            }

            @Override
            public Optional<InetSocketAddress> address(int containerPort) {
                return Optional.ofNullable(SERVED.get(pod.name() + ":" + containerPort));
            }

            @Override
            public void close() {}
        });
        client = cluster.client();
        echoA = new EchoServer("a:");
        echoB = new EchoServer("b:");
        runPod("echo-a", "echo", ECHO_PORT, echoA.address());
        runPod("echo-b", "echo", ECHO_PORT, echoB.address());
    }

    @AfterAll
    static void stopAll() throws IOException {
        cluster.close();
        echoA.close();
        echoB.close();
    }

    @Test
    void bytesRoundTripThroughAPodPortForward() throws IOException {
        byte[] payload = randomBytes(1 << 20);

        try (LocalPortForward forward = client.pods().withName("echo-a").portForward(ECHO_PORT)) {
            assertArrayEquals(concat("a:", payload), roundTrip(forward.getLocalPort(), payload, "a:".length()));
        }
    }

    @Test
    void concurrentConnectionsOnConcurrentForwardsKeepTheirStreamsApart() throws Exception {
        try (LocalPortForward toA = client.pods().withName("echo-a").portForward(ECHO_PORT);
             LocalPortForward toB = client.pods().withName("echo-b").portForward(ECHO_PORT)) {
            List<CompletableFuture<Void>> connections = new ArrayList<>();
            for (int connection = 0; connection < 8; connection++) {
                LocalPortForward forward = connection % 2 == 0 ? toA : toB;
                String greeting = connection % 2 == 0 ? "a:" : "b:";
                byte[] payload = randomBytes(64 * 1024 + connection);
                connections.add(CompletableFuture.runAsync(() -> {
                    try {
                        assertArrayEquals(concat(greeting, payload), roundTrip(forward.getLocalPort(), payload, greeting.length()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            CompletableFuture.allOf(connections.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void forwardToAPortNothingServesFailsLikeAClosedPort() throws Exception {
        try (LocalPortForward forward = client.pods().withName("echo-a").portForward(9999);
             Socket socket = connect(forward)) {
            assertEquals(-1, socket.getInputStream().read());
            Throwable error = awaitServerError(forward);
            assertTrue(error.getMessage().contains("error forwarding port 9999 to pod echo-a"), error.getMessage());
            assertTrue(error.getMessage().contains("connection refused"), error.getMessage());
        }
    }

    @Test
    void forwardToAMissingPodFails() throws Exception {
        try (LocalPortForward forward = client.pods().withName("nobody").portForward(ECHO_PORT);
             Socket socket = connect(forward)) {
            assertEquals(-1, socket.getInputStream().read());
            awaitServerError(forward);
        }
    }

    @Test
    void zooKeeperAnswersThroughAServicePortForward() throws Exception {
        try (TestingServer zooKeeper = new TestingServer()) {
            runPod("zk-0", "zk", 2181, new InetSocketAddress(InetAddress.getLoopbackAddress(), zooKeeper.getPort()));
            client.services().resource(new ServiceBuilder()
                    .withNewMetadata().withName("zk").endMetadata()
                    .withNewSpec()
                        .addToSelector("app", "zk")
                        .addNewPort().withName("client").withPort(2181).withNewTargetPort(2181).endPort()
                    .endSpec()
                    .build()).create();

            try (LocalPortForward forward = client.services().withName("zk").portForward(2181)) {
                CountDownLatch connected = new CountDownLatch(1);
                ZooKeeper session = new ZooKeeper("127.0.0.1:" + forward.getLocalPort(), 10_000, event -> {
                    if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                        connected.countDown();
                    }
                });
                try {
                    assertTrue(connected.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                    session.create("/through-forward", "hello".getBytes(StandardCharsets.UTF_8),
                            ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    assertEquals("hello", new String(session.getData("/through-forward", false, null), StandardCharsets.UTF_8));
                } finally {
                    session.close();
                }
            }
        }
    }

    private static void runPod(String name, String app, int port, InetSocketAddress servedAt) {
        SERVED.put(name + ":" + port, servedAt);
        client.pods().resource(new PodBuilder()
                .withNewMetadata().withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec()
                    .addNewContainer()
                        .withName(app)
                        .withImage("busybox:1.36")
                        .addNewPort().withContainerPort(port).endPort()
                    .endContainer()
                .endSpec()
                .build()).create();
        client.pods().withName(name).waitUntilCondition(Readiness::isPodReady, TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Sends the payload on a new connection and reads the greeting and the echo back. */
    private static byte[] roundTrip(int localPort, byte[] payload, int greeting) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), localPort)) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(payload);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            byte[] received = socket.getInputStream().readNBytes(greeting + payload.length);
            sending.join();
            return received;
        }
    }

    private static Socket connect(LocalPortForward forward) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), forward.getLocalPort());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return socket;
    }

    /** The error the forward reports from the server side; polled, as the client records it asynchronously. */
    private static Throwable awaitServerError(LocalPortForward forward) throws InterruptedException {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (forward.getServerThrowables().isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(10);
        }
        assertTrue(forward.errorOccurred(), "no error reported");
        return forward.getServerThrowables().iterator().next();
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(String greeting, byte[] payload) {
        byte[] prefix = greeting.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(payload, 0, all, prefix.length, payload.length);
        return all;
    }
}
