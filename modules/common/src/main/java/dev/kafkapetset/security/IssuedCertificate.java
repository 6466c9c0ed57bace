package dev.kafkapetset.security;

import dev.kafkapetset.model.ExternalAccess;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A certificate the cluster's CA issued, with its private key. */
public record IssuedCertificate(PrivateKey key, X509Certificate certificate, X509Certificate issuer) {
    /** RFC 5280's GeneralName tag of an IP address, as X509Certificate lists subject alternative names. */
    private static final Integer IP_ADDRESS = 7;

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
     * Whether the certificate under {@code alias} in PKCS#12 keystore {@code pkcs12} is valid for
     * {@code host}, a DNS name or an IP address (compared as addresses: {@code 2001:db8::1} is
     * {@code 2001:db8:0:0:0:0:0:1}); false when it can't be opened with {@code password}.
     */
    public static boolean names(byte[] pkcs12, char[] password, String alias, String host) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pkcs12), password);
            X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
            Collection<List<?>> names = certificate == null ? null : certificate.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            Optional<InetAddress> address = address(host);
            return names.stream().anyMatch(name -> IP_ADDRESS.equals(name.get(0))
                    ? address.isPresent() && address.equals(address(String.valueOf(name.get(1))))
                    : address.isEmpty() && host.equalsIgnoreCase(String.valueOf(name.get(1))));
        } catch (GeneralSecurityException | IOException e) {
            return false;
        }
    }

    /** {@code host} as an address when it is an IP literal; empty for a DNS name (nothing is looked up). */
    private static Optional<InetAddress> address(String host) {
        if (!ExternalAccess.isAddress(host)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "certificate " + certificate.getSubjectX500Principal().getName() + " (key not shown)";
    }
}
