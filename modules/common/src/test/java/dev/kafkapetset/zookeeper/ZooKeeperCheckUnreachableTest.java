package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.model.ZookeeperConnect;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZooKeeperCheckUnreachableTest {

    static ToolException checkFails(String connect, Duration timeout) {
        return assertThrows(ToolException.class, () -> {
            try (ZooKeeperTarget target = ZooKeeperTarget.direct(ZookeeperConnect.parse(connect))) {
                ZooKeeperCheck.run(target, new ZooKeeperCheck.Settings(null, timeout));
            }
        });
    }

    @Test
    void nothingListeningIsUnreachable() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        ToolException error = checkFails("127.0.0.1:" + port, Duration.ofSeconds(5));
        assertEquals(ExitCode.UNREACHABLE, error.exitCode());
        assertEquals("no ZooKeeper server is listening: 127.0.0.1:" + port + " connection refused",
                error.getMessage());
    }

    @Test
    void serversWhosePodsAreNotRunningAreNamedWithWhyAtOnce() {
        ZooKeeperTarget pending = new ZooKeeperTarget.Direct(List.of(
                new ServerEndpoint("kafka-zookeeper-0", null, 0, "pod is Pending"),
                new ServerEndpoint("kafka-zookeeper-1", null, 0, "pod is Failed")), "/kafka");
        long start = System.nanoTime();
        ToolException error = assertThrows(ToolException.class, () -> ZooKeeperCheck.registration(pending,
                Duration.ofSeconds(30)));
        assertEquals(ExitCode.UNREACHABLE, error.exitCode());
        assertEquals("no ZooKeeper server to reach: kafka-zookeeper-0 pod is Pending, kafka-zookeeper-1 pod is Failed",
                error.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0, "not its 30 s");
    }

    @Test
    void aServerThatNeverAnswersFailsWithinTheTimeout() throws IOException {
        // Something that accepts connections but is not ZooKeeper (say, a Kafka port given by mistake).
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            ToolException error = checkFails("127.0.0.1:" + silent.getLocalPort(), Duration.ofSeconds(1));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertEquals(ExitCode.UNREACHABLE, error.exitCode());
            assertEquals("no ZooKeeper server answered within 1s: 127.0.0.1:" + silent.getLocalPort()
                    + " no answer in time", error.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
        }
    }
}
