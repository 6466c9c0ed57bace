package dev.kafkapetset.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Passwords the toolkit makes up: 192 random bits, written with letters, digits, {@code -} and
 * {@code _} only, so that they sit safely in a JAAS file's quotes, in a properties file's values
 * (kafka-configs' {@code SCRAM-SHA-512=password=...}) and in kafka-storage's
 * {@code SCRAM-SHA-512=[name=...,password=...]}.
 */
public final class Passwords {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 24;
    /**
     * What breaks a password on its way into those files: a quote or a backslash in the JAAS file's
     * quotes, {@code ${} (JAAS expands it), a comma or a bracket in kafka-storage's list, a line
     * break or a space, and what is not ASCII (a properties file garbles it).
     */
    private static final Pattern BREAKING = Pattern.compile("[\"\\\\,\\[\\]\\s]|\\$\\{|[^\\x21-\\x7e]");

    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Why {@code password} (one an operator put in the credentials Secret) can't be carried into the
     * files the brokers are given, or empty when it can. The reason never shows the password.
     */
    public static Optional<String> unusable(String password) {
        if (password.isEmpty()) {
            return Optional.of("is empty");
        }
        return BREAKING.matcher(password).find() ? Optional.of("holds a quote, a backslash, '${', a comma, a bracket,"
                + " a space or a character that is not ASCII, which the JAAS file or the users' file the brokers are given"
                + " can't carry as written") : Optional.empty();
    }

    private Passwords() {}
}
