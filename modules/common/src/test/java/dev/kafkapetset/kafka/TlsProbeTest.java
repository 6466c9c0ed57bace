package dev.kafkapetset.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.security.CertificateAuthority;
import dev.kafkapetset.security.IssuedCertificate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.kafka.common.config.SslConfigs;
import org.junit.jupiter.api.Test;

/** Handshakes with a real TLS server on this machine, serving certificates of a CA made here. */
class TlsProbeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final CertificateAuthority CA = CertificateAuthority.create("kafka-ca", Duration.ofDays(1));
    private static final Map<String, String> TRUSTING_CA =
            Map.of(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, CA.certificatePem());

    @Test
    void aValidCertificateIsReadWithTheTlsAgreed() throws Exception {
        try (Server server = new Server(CA.issue("kafka-0", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(3)))) {
            TlsProbe probe = TlsProbe.handshake("127.0.0.1", server.port(), TRUSTING_CA, TIMEOUT);
            assertEquals("CN=kafka-0", probe.certificate());
            assertTrue(probe.protocol().startsWith("TLSv1."), probe::toString);
            assertTrue(probe.expires().isAfter(Instant.now().plus(Duration.ofDays(2))), probe::toString);
        }
    }

    @Test
    void anExpiredCertificateIsNamedWithItsExpiryNotJustRefused() throws Exception {
        IssuedCertificate expired = CA.issue("kafka-1", List.of("localhost"), List.of("127.0.0.1"), Duration.ofSeconds(-30));
        try (Server server = new Server(expired)) {
            TlsProbe.ExpiredCertificate refused = assertThrows(TlsProbe.ExpiredCertificate.class,
                    () -> TlsProbe.handshake("127.0.0.1", server.port(), TRUSTING_CA, TIMEOUT));
            assertEquals("CN=kafka-1", refused.certificate());
            assertEquals(expired.certificate().getNotAfter().toInstant(), refused.expires());
            assertEquals("the TLS handshake with 127.0.0.1:" + server.port() + " failed: the certificate it serves (CN=kafka-1)"
                    + " expired on " + refused.expires(), refused.getMessage());
        }
    }

    @Test
    void aCertificateForAnotherNameOrFromAnotherCaIsStillRefused() throws Exception {
        try (Server server = new Server(CA.issue("kafka-2", List.of("kafka-2.kafka"), List.of(), Duration.ofDays(3)))) {
            ToolException refused = assertThrows(ToolException.class,
                    () -> TlsProbe.handshake("127.0.0.1", server.port(), TRUSTING_CA, TIMEOUT));
            assertFalse(refused instanceof TlsProbe.ExpiredCertificate, refused::getMessage);
        }
        CertificateAuthority stranger = CertificateAuthority.create("another-ca", Duration.ofDays(1));
        try (Server server = new Server(stranger.issue("kafka-0", List.of(), List.of("127.0.0.1"), Duration.ofDays(3)))) {
            ToolException refused = assertThrows(ToolException.class,
                    () -> TlsProbe.handshake("127.0.0.1", server.port(), TRUSTING_CA, TIMEOUT));
            assertFalse(refused instanceof TlsProbe.ExpiredCertificate, refused::getMessage);
        }
    }

    /** A TLS server that serves {@code certificate} to every client, handshakes and hangs up. */
    private static final class Server implements AutoCloseable {
        private final SSLServerSocket socket;
        private final Thread acceptor;

        Server(IssuedCertificate certificate) throws Exception {
            char[] password = "changeit".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(new ByteArrayInputStream(certificate.pkcs12("server", password)), password);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (SSLSocket client = (SSLSocket) socket.accept()) {
                        client.startHandshake();
                    } catch (IOException refusedOrClosed) {
                        // The client refused the certificate, or the server closed: both are what a test looks at.
                    }
                }
            }, "tls-probe-test-server");
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws Exception {
            socket.close();
            acceptor.join();
        }
    }
}
