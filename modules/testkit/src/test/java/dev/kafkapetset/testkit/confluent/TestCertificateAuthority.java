package dev.kafkapetset.testkit.confluent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A certificate authority of a test's own: servers' PKCS12 keystores signed by it, and its certificate as PEM to trust. */
final class TestCertificateAuthority {
    private static final Duration VALIDITY = Duration.ofDays(1);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final KeyPair keys = keyPair();
    private final AtomicLong serials = new AtomicLong();
    private final X500Name name;
    private final X509Certificate certificate;

    TestCertificateAuthority(String name) {
        this.name = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(this.name, keys);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        certificate = signed(builder);
    }

    /** The authority's certificate, PEM-encoded: a truststore of type PEM. */
    String certificatePem() {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pem.toString();
    }

    /**
     * A PKCS12 keystore holding a new key and its certificate for {@code dnsNames} (the first one
     * its common name), for servers and clients both, with this authority's certificate in its
     * chain; store and key share {@code password}.
     */
    byte[] keystore(String password, List<String> dnsNames) {
        KeyPair server = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + dnsNames.get(0)), server);
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsNames.stream()
                    .map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new)));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            KeyStore keystore = KeyStore.getInstance("PKCS12");
            keystore.load(null, null);
            keystore.setKeyEntry("server", server.getPrivate(), password.toCharArray(),
                    new Certificate[] {signed(builder), certificate});
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            keystore.store(bytes, password.toCharArray());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate of this authority's for {@code subject}. */
    private X509v3CertificateBuilder builder(X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serials.incrementAndGet()),
                Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(VALIDITY)), subject, subjectKeys.getPublic());
    }

    private X509Certificate signed(X509v3CertificateBuilder builder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE)
                    .build(keys.getPrivate())));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
