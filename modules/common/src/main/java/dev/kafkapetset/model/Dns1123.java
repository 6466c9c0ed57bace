package dev.kafkapetset.model;

import dev.kafkapetset.errors.ToolException;
import java.util.regex.Pattern;

/** Kubernetes names: checked here before anything is sent, so a bad one is a usage error. */
public final class Dns1123 {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    public static final int MAX_LABEL_LENGTH = 63;

    /** Returns {@code value} if it is a DNS-1123 label, else fails naming {@code what} it is. */
    public static String requireLabel(String what, String value) {
        if (value == null || value.length() > MAX_LABEL_LENGTH || !LABEL.matcher(value).matches()) {
            throw ToolException.usage(what + " '" + value + "' is not a valid DNS-1123 label"
                    + " (lower-case letters, digits and '-', starting and ending with a letter or digit,"
                    + " at most " + MAX_LABEL_LENGTH + " characters)");
        }
        return value;
    }

    private Dns1123() {}
}
