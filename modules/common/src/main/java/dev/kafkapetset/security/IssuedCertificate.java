package dev.kafkapetset.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A certificate the cluster's CA issued, with its private key. */
public record IssuedCertificate(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {

    /**
     * A PKCS#12 keystore holding the key under {@code alias}, with the certificate and the CA's as its
     * chain, protected by {@code password}: what the Confluent image's KAFKA_SSL_KEYSTORE_FILENAME names.
     */
    public byte[] pkcs12(String alias, char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, password, new Certificate[] {certificate, issuer});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("writing a PKCS#12 keystore failed", e);
        }
    }

    /**
     * The names (DNS names and IP addresses) the certificate under {@code alias} in PKCS#12 keystore
     * {@code pkcs12} is valid for; none when it can't be opened with {@code password}.
     */
    public static Set<String> namesIn(byte[] pkcs12, char[] password, String alias) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pkcs12), password);
            X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
            Collection<List<?>> names = certificate == null ? null : certificate.getSubjectAlternativeNames();
            return names == null ? Set.of()
                    : names.stream().map(name -> String.valueOf(name.get(1))).collect(Collectors.toSet());
        } catch (GeneralSecurityException | IOException e) {
            return Set.of();
        }
    }

    @Override
    public String toString() {
        return "certificate " + certificate.getSubjectX500Principal().getName() + " (key not shown)";
    }
}
