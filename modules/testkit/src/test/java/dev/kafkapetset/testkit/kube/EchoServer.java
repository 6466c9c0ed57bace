package dev.kafkapetset.testkit.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP echo server on a free local port: each connection gets a greeting, which tells servers
 * apart, then back what it sends.
 */
final class EchoServer implements AutoCloseable {
    private final ServerSocket server;
    private final byte[] greeting;

    EchoServer(String greeting) throws IOException {
        this.greeting = greeting.getBytes(StandardCharsets.UTF_8);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread echo = new Thread(() -> echo(socket), "echo");
                echo.setDaemon(true);
                echo.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            out.write(greeting);
            in.transferTo(out);
        } catch (IOException ignored) {
            // the client hung up
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
