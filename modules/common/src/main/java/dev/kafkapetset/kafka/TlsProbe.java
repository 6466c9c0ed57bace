package dev.kafkapetset.kafka;

import dev.kafkapetset.errors.ToolException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
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

    /** A handshake with {@code host:port}, trusting the CA of {@code clientSettings} (ssl.truststore.certificates). */
    public static TlsProbe handshake(String host, int port, Map<String, String> clientSettings, Duration timeout) {
        String caPem = clientSettings.get(SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG);
        if (caPem == null) {
            throw new IllegalArgumentException("no CA certificate among the client settings");
        }
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket socket = (SSLSocket) trusting(caPem).getSocketFactory().createSocket(plain, host, port, false)) {
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
            throw ToolException.failed("the TLS handshake with " + host + ":" + port + " failed: " + e.getMessage());
        }
    }

    private static SSLContext trusting(String caPem) {
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
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw ToolException.failed("the cluster's CA certificate can't be read: " + e.getMessage());
        }
    }
}
