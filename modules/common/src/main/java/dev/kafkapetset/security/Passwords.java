package dev.kafkapetset.security;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Passwords the toolkit makes up: 192 random bits, written with letters, digits, {@code -} and
 * {@code _} only, so that they sit safely in a JAAS file's quotes, in a properties file's values
 * (kafka-configs' {@code SCRAM-SHA-512=password=...}) and in kafka-storage's
 * {@code SCRAM-SHA-512=[name=...,password=...]}.
 */
public final class Passwords {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 24;

    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Passwords() {}
}
