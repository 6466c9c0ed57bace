package dev.kafkapetset.testkit.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A local TCP port forwarded to another address, as {@code kubectl port-forward} gives an operator.
 * It can also stand in front of a ZooKeeper server as a firewall that drops four-letter words while
 * letting client sessions through, which no ZooKeeper setting does (it always answers {@code srvr}).
 */
public final class TcpForwarder implements AutoCloseable {
    private final ServerSocket listener;
    private final Supplier<Optional<InetSocketAddress>> destination;
    private final boolean refuseFourLetterWords;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private TcpForwarder(InetAddress local, int localPort, Supplier<Optional<InetSocketAddress>> target,
            boolean refuseFourLetterWords) {
        try {
            this.listener = new ServerSocket(localPort, 50, local);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + local.getHostAddress() + ":" + localPort, e);
        }
        this.destination = target;
        this.refuseFourLetterWords = refuseFourLetterWords;
        this.acceptor = new Thread(this::accept, "forward-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Forwards 127.0.0.1:{@code localPort} (0: any free port) to {@code targetHost:targetPort}. */
    public static TcpForwarder forward(int localPort, String targetHost, int targetPort) {
        return new TcpForwarder(InetAddress.getLoopbackAddress(), localPort,
                () -> Optional.of(new InetSocketAddress(targetHost, targetPort)), false);
    }

    /**
     * Forwards 127.0.0.1:{@code localPort} to where {@code target} says at each new connection, as a
     * node port leads to a Service's current pod; a connection is closed at once when it says nowhere.
     */
    public static TcpForwarder forward(int localPort, Supplier<Optional<InetSocketAddress>> target) {
        return new TcpForwarder(InetAddress.getLoopbackAddress(), localPort, target, false);
    }

    /**
     * Forwards {@code local:port} to where {@code target} says at each new connection, as a load
     * balancer with an address of its own leads to its Service's pod. Any address of 127.0.0.0/8 is
     * this machine's on Linux: one per load balancer, each on the same port.
     */
    public static TcpForwarder forward(InetAddress local, int port, Supplier<Optional<InetSocketAddress>> target) {
        return new TcpForwarder(local, port, target, false);
    }

    /** Forwards to a ZooKeeper server, answering every four-letter word with ZooKeeper's own refusal. */
    public static TcpForwarder refusingFourLetterWords(String targetHost, int targetPort) {
        return new TcpForwarder(InetAddress.getLoopbackAddress(), 0,
                () -> Optional.of(new InetSocketAddress(targetHost, targetPort)), true);
    }

    public int port() {
        return listener.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                open.add(client);
                if (listener.isClosed()) {
                    // Accepted as close() ran, and maybe after it closed what was open: it would outlive the forward.
                    client.close();
                    return;
                }
                Thread connection = new Thread(() -> serve(client), "forwarded-" + client.getPort());
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        // Closing the client's side (close()) ends the pump into the target, which then closes it.
        Optional<InetSocketAddress> where = destination.get();
        // Nowhere to go: the connection ends at once, as one to a Service without a Ready pod does.
        try (client; Socket target = where.isEmpty() ? null : new Socket(where.get().getAddress(), where.get().getPort())) {
            if (target == null) {
                return;
            }
            InputStream fromClient = client.getInputStream();
            OutputStream toTarget = target.getOutputStream();
            if (refuseFourLetterWords) {
                byte[] first = fromClient.readNBytes(4);
                String word = new String(first, StandardCharsets.US_ASCII);
                if (word.matches("[a-z]{4}")) {
                    client.getOutputStream().write((word + " is not executed because it is not in the whitelist.\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                toTarget.write(first);
            }
            Thread back = new Thread(() -> pump(target, client), "forwarded-back-" + client.getPort());
            back.setDaemon(true);
            back.start();
            pump(client, target);
            back.join();
        } catch (IOException | InterruptedException e) {
            // One side went away: the connection is over, as it would be through a real forward.
        } finally {
            open.remove(client);
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // Both are being torn down.
            }
        }
    }

    /** Returns once the port is free again, so the next forward on it can listen at once. */
    @Override
    public void close() {
        try {
            listener.close();
            // The thread blocked in accept() holds the listening socket until it wakes: a listen on the same
            // port before then fails (address already in use), as a test reopening the port right away saw.
            acceptor.join(TimeUnit.SECONDS.toMillis(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Interrupted or not, no forwarded connection outlives its forward.
            for (Socket socket : open) {
                try {
                    socket.close();
                } catch (IOException alreadyGone) {
                    // Closing is all that is asked of it.
                }
            }
        }
    }
}
