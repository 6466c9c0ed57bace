package dev.kafkapetset.testkit.servers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class TcpForwarderTest {
    @Test
    void aClosedForwardsPortCanBeListenedOnAgainAtOnce() {
        int port = FreePorts.consecutive(1);
        // A connection through it first, so that its thread is back waiting in accept() when it closes:
        // that thread held the port for a moment after close() about one time in eight; fifty rounds catch it.
        for (int round = 0; round < 50; round++) {
            assertDoesNotThrow(() -> {
                try (TcpForwarder forward = TcpForwarder.forward(port, "127.0.0.1", 9);
                        Socket client = new Socket(InetAddress.getLoopbackAddress(), forward.port())) {
                    client.getInputStream().read();
                }
            }, "round " + round);
        }
    }
}
