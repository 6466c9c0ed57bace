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
    /** What an operator's own password may hold: what those three formats carry as written, and no less than 16 of it. */
    private static final Pattern CARRIED = Pattern.compile("[A-Za-z0-9._~+/@%^*!-]{16,}");

    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Why {@code password} (one an operator put in the credentials Secret) can't be used, or empty
     * when it can. The reason never shows the password.
     */
    public static Optional<String> unusable(String password) {
        if (CARRIED.matcher(password).matches()) {
            return Optional.empty();
        }
        return Optional.of(password.length() < 16 ? "is shorter than 16 characters"
                : "holds a character other than letters, digits and . _ ~ + / @ % ^ * ! - (a quote, a backslash, a"
                        + " comma or a bracket breaks the JAAS file or the users' file the brokers are given, and a"
                        + " properties file garbles what is not ASCII)");
    }

    private Passwords() {}
}
