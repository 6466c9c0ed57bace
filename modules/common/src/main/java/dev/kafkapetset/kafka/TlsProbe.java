package dev.kafkapetset.kafka;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.kafka.common.config.SslConfigs;

/**
 * What a broker's listener shows a client before any Kafka request: the TLS version and cipher it
 * agrees to and the certificate it presents, checked against the cluster's CA and the address's
 * name as Kafka's clients check them.
 *
 * @param protocol the TLS version agreed, such as TLSv1.3
 * @param certificate the subject of the broker's certificate
 * @param expires when that certificate stops being valid
 */
public record TlsProbe(String protocol, String cipherSuite, String certificate, Instant expires) {

    /** A handshake refused because the certificate the server presented has expired. */
    public static final class ExpiredCertificate extends ToolException {
        private final String certificate;
        private final Instant expires;

        ExpiredCertificate(String address, X509Certificate presented) {
            super(ExitCode.FAILED, "the TLS handshake with " + address + " failed: the certificate it serves ("
                    + presented.getSubjectX500Principal().getName() + ") expired on " + presented.getNotAfter().toInstant());
            this.certificate = presented.getSubjectX500Principal().getName();
            this.expires = presented.getNotAfter().toInstant();
        }

        public String certificate() {
            return certificate;
        }

        public Instant expires() {
            return expires;
        }
    }

    /**
     * A handshake with {@code host:port}, trusting the CA of {@code clientSettings} (ssl.truststore.certificates).
     *
     * @throws ExpiredCertificate when it fails and the server's certificate has expired
     */
    public static TlsProbe handshake(String host, int port, Map<String, String> clientSettings, Duration timeout) {
        String caPem = clientSettings.get(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG);
        if (caPem == null) {
            throw new IllegalArgumentException("no CA certificate among the client settings");
        }
        Recording trust = new Recording(trustManager(caPem));
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket socket = (SSLSocket) context(trust).getSocketFactory().createSocket(plain, host, port, false)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                SSLSession session = socket.getSession();
                X509Certificate presented = (X509Certificate) session.getPeerCertificates()[0];
                return new TlsProbe(session.getProtocol(), session.getCipherSuite(),
                        presented.getSubjectX500Principal().getName(), presented.getNotAfter().toInstant());
            }
        } catch (IOException e) {
            X509Certificate presented = trust.presented;
            if (presented != null && presented.getNotAfter().toInstant().isBefore(Instant.now())) {
                throw new ExpiredCertificate(host + ":" + port, presented);
            }
            throw ToolException.failed("the TLS handshake with " + host + ":" + port + " failed: " + e.getMessage());
        }
    }

    private static SSLContext context(TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM offers no TLS", e);
        }
    }

    private static X509ExtendedTrustManager trustManager(String caPem) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int index = 0;
            for (Certificate ca : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
                trusted.setCertificateEntry("ca-" + index++, ca);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            return (X509ExtendedTrustManager) trust.getTrustManagers()[0];
        } catch (GeneralSecurityException | IOException e) {
            throw ToolException.failed("the cluster's CA certificate can't be read: " + e.getMessage());
        }
    }

    /**
     * Kafka's own check (the CA, the host name), keeping the certificate the server presented: a
     * failed handshake tells only that it was refused, not that the certificate had expired.
     */
    private static final class Recording extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager trusted;
        private volatile X509Certificate presented;

        Recording(X509ExtendedTrustManager trusted) {
            this.trusted = trusted;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            presented = chain[0];
            trusted.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            presented = chain[0];
            trusted.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            presented = chain[0];
            trusted.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trusted.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trusted.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trusted.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trusted.getAcceptedIssuers();
        }
    }
}
