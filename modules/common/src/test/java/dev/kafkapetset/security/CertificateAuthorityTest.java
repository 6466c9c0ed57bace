package dev.kafkapetset.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final char[] PASSWORD = "keystore-password".toCharArray();

    @Test
    void aKeystoreTellsWhetherItsCertificateNamesAHostAddressesComparedAsAddresses() {
        CertificateAuthority ca = CertificateAuthority.create("kafka-petset default/kafka CA", Duration.ofDays(365));
        byte[] keystore = ca.issue("kafka-0", List.of("Kafka-0.ELB.example.com"), List.of("127.0.0.1", "2001:db8::1"),
                Duration.ofDays(30)).pkcs12("kafka-0", PASSWORD);
        assertTrue(IssuedCertificate.names(keystore, PASSWORD, "kafka-0", "2001:db8::1"), "as a load balancer reports it");
        assertTrue(IssuedCertificate.names(keystore, PASSWORD, "kafka-0", "2001:db8:0:0:0:0:0:1"));
        assertTrue(IssuedCertificate.names(keystore, PASSWORD, "kafka-0", "kafka-0.elb.example.com"), "DNS names ignore case");
        assertFalse(IssuedCertificate.names(keystore, PASSWORD, "kafka-0", "2001:db8::2"));
        assertFalse(IssuedCertificate.names(keystore, PASSWORD, "kafka-0", "203.0.113.7"));
        assertFalse(IssuedCertificate.names(keystore, "wrong".toCharArray(), "kafka-0", "127.0.0.1"), "not opened: not named");
    }

    @Test
    void aBrokerCertificateIsTrustedThroughTheCaForItsNamesAndNoOthers() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("kafka-petset default/kafka CA", Duration.ofDays(365));
        IssuedCertificate broker = ca.issue("kafka-0", List.of("kafka-0.kafka.default.svc", "localhost"),
                List.of("127.0.0.1"), Duration.ofDays(30));
        byte[] keystore = broker.pkcs12("kafka-0", PASSWORD);

        // What a client does: trust the CA's PEM, check the host name.
        assertEquals("TLSv1.3", handshake(keystore, ca.certificatePem(), "localhost"));
        assertThrows(SSLHandshakeException.class, () -> handshake(keystore, ca.certificatePem(), "kafka-1.kafka.default.svc"),
                "a name the certificate does not carry");
        CertificateAuthority other = CertificateAuthority.create("another CA", Duration.ofDays(1));
        assertThrows(SSLHandshakeException.class, () -> handshake(keystore, other.certificatePem(), "localhost"),
                "a client trusting another CA");
    }

    @Test
    void theCaKeptInPemSignsAsTheOriginalDoes() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("CA", Duration.ofDays(1));
        CertificateAuthority kept = CertificateAuthority.fromPem(ca.certificatePem(), ca.keyPem());
        X509Certificate issued = kept.issue("kafka-3", List.of("kafka-3.kafka.default.svc"), List.of(), Duration.ofDays(1))
                .certificate();
        issued.verify(ca.certificate().getPublicKey());
        assertEquals(ca.certificate(), kept.certificate());
        assertTrue(ca.keyPem().startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8");
        assertThrows(IllegalArgumentException.class, () -> CertificateAuthority.fromPem(ca.keyPem(), ca.certificatePem()));
    }

    /** A TLS handshake with a server on {@code keystore}, from a client trusting {@code caPem} and checking {@code host}. */
    private static String handshake(byte[] keystore, String caPem, String host) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(keystore), PASSWORD);
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(keys.getKeyManagers(), null, null);

        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(caPem.getBytes())));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, trust.getTrustManagers(), null);

        try (SSLServerSocket listening = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket socket = (SSLSocket) listening.accept(); OutputStream out = socket.getOutputStream()) {
                    out.write(1);
                } catch (Exception handshakeRefused) {
                    // the client's side says why
                }
            });
            // Layered on a loopback connection, the TLS socket takes {@code host} as the name it checks.
            Socket plain = new Socket(InetAddress.getLoopbackAddress(), listening.getLocalPort());
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(plain, host, listening.getLocalPort(),
                    true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                InputStream in = socket.getInputStream();
                socket.startHandshake();
                assertEquals(1, in.read());
                return socket.getSession().getProtocol();
            } finally {
                accepted.join();
            }
        }
    }
}
