package dev.kafkapetset.testkit.confluent;

import dev.kafkapetset.testkit.kube.ProbeResult;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import org.apache.zookeeper.client.FourLetterWordMain;

/**
 * A ZooKeeper server's readiness as its probe asks for it: {@code srvr} answers with a mode once the
 * server serves, alone or in a quorum. Asked at most every {@link #INTERVAL}, as the kubelet probes often.
 */
final class SrvrProbe {
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final int port;
    private volatile ProbeResult probed = ProbeResult.STARTING;
    private volatile long probedAt;

    SrvrProbe(int port) {
        this.port = port;
    }

    ProbeResult readiness() {
        long now = System.nanoTime();
        if (now - probedAt >= INTERVAL.toNanos()) {
            String reply = srvr();
            probed = reply == null ? ProbeResult.failing("connection refused")
                    : reply.contains("Mode: ") ? ProbeResult.READY
                    : ProbeResult.failing(reply.strip().lines().findFirst().orElse("no answer to srvr"));
            probedAt = now;
        }
        return probed;
    }

    /** Whether the server listens: it answers {@code srvr} at all. */
    boolean isListening() {
        return srvr() != null;
    }

    private String srvr() {
        try {
            return FourLetterWordMain.send4LetterWord(InetAddress.getLoopbackAddress().getHostAddress(), port, "srvr", false, 1_000);
        } catch (IOException | org.apache.zookeeper.common.X509Exception.SSLContextException e) {
            return null;
        }
    }
}
