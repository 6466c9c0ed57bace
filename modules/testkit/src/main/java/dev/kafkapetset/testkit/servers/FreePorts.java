package dev.kafkapetset.testkit.servers;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Local ports nothing listens on right now, for addresses that must be known before a server starts. */
public final class FreePorts {

    /** The first of {@code count} consecutive free ports on 127.0.0.1. */
    public static int consecutive(int count) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                base = probe.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException("no free local port", e);
            }
            if (base + count <= 65535 && allFree(base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("found no " + count + " consecutive free local ports");
    }

    private static boolean allFree(int base, int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port = base; port < base + count; port++) {
                held.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
            }
            return true;
        } catch (IOException taken) {
            return false;
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Closing a socket we only bound can't lose anything.
                }
            }
        }
    }

    private FreePorts() {}
}
