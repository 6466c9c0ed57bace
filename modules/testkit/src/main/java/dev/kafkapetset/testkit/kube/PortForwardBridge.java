package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One port-forward stream, as the kubelet serves it over WebSocket ({@code v4.channel.k8s.io}):
 * every message starts with a channel byte, 0 for data and 1 for errors; the server first sends each
 * channel's port number (two bytes, little-endian), then relays bytes between the client and the
 * pod's port. A port nothing serves gets an error message and the stream closes, as with a
 * real pod whose port is closed.
 */
final class PortForwardBridge extends WebSocketListener {
    private static final byte DATA = 0;
    private static final byte ERROR = 1;
    private static final int NORMAL_CLOSURE = 1000;
    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final Pod pod;
    private final int port;
    private final Supplier<Optional<InetSocketAddress>> target;
    /** False for a stream that hangs: taken, its ports sent, nothing relayed either way. */
    private final boolean relays;
    /** Connects, then writes what the client sends, in order, off the server's event loop. */
    private final ExecutorService toPod = Executors.newSingleThreadExecutor(runnable -> daemon(runnable, "to-pod"));
    private volatile Socket socket;

    PortForwardBridge(Pod pod, int port, Supplier<Optional<InetSocketAddress>> target, boolean relays) {
        this.pod = pod;
        this.port = port;
        this.target = target;
        this.relays = relays;
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        byte[] portBytes = {(byte) port, (byte) (port >> 8)};
        webSocket.send(new byte[] {DATA, portBytes[0], portBytes[1]});
        webSocket.send(new byte[] {ERROR, portBytes[0], portBytes[1]});
        if (relays) {
            toPod.execute(() -> connect(webSocket));
        }
    }

    private void connect(WebSocket webSocket) {
        Optional<InetSocketAddress> address = target.get();
        Socket connected = new Socket();
        try {
            if (address.isEmpty()) {
                throw new IOException("connect: connection refused");
            }
            connected.connect(address.get(), CONNECT_TIMEOUT_MILLIS);
            connected.setTcpNoDelay(true);
        } catch (IOException e) {
            closeQuietly(connected);
            byte[] message = ("error forwarding port " + port + " to pod " + pod.getMetadata().getName() + ", uid "
                    + pod.getMetadata().getUid() + ": failed to connect to localhost:" + port + " inside the pod: " + e.getMessage())
                    .getBytes(StandardCharsets.UTF_8);
            webSocket.send(frame(ERROR, message, message.length));
            close(webSocket);
            return;
        }
        socket = connected;
        daemon(() -> relayFromPod(webSocket, connected), "from-pod").start();
    }

    private void relayFromPod(WebSocket webSocket, Socket connected) {
        byte[] buffer = new byte[8192];
        try (InputStream in = connected.getInputStream()) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                webSocket.send(frame(DATA, buffer, read));
            }
        } catch (IOException closed) {
            // the client went away, or the pod reset the connection: either way the stream ends
        }
        close(webSocket);
    }

    @Override
    public void onMessage(WebSocket webSocket, byte[] bytes) {
        if (relays && bytes.length > 1 && bytes[0] == DATA) {
            byte[] data = Arrays.copyOfRange(bytes, 1, bytes.length);
            try {
                toPod.execute(() -> {
                    try {
                        socket.getOutputStream().write(data);
                    } catch (IOException | RuntimeException e) {
                        close(webSocket);
                    }
                });
            } catch (RejectedExecutionException closed) {
                // the stream is closed: what the client still sends goes nowhere, as on a real cluster
            }
        }
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        close(webSocket);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        close(webSocket);
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
        close(webSocket);
    }

    private void close(WebSocket webSocket) {
        webSocket.close(NORMAL_CLOSURE, "");
        toPod.shutdownNow();
        closeQuietly(socket);
    }

    private static byte[] frame(byte channel, byte[] data, int length) {
        byte[] frame = new byte[length + 1];
        frame[0] = channel;
        System.arraycopy(data, 0, frame, 1, length);
        return frame;
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static Thread daemon(Runnable runnable, String role) {
        Thread thread = new Thread(runnable, "stand-in-port-forward-" + role);
        thread.setDaemon(true);
        return thread;
    }
}
