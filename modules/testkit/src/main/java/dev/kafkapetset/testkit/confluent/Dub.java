package dev.kafkapetset.testkit.confluent;

import java.util.Map;

/**
 * The images' {@code dub} (confluent-docker-utils' docker utility belt) checks, as their start-up
 * scripts run them under {@code errexit}: a failing check prints what {@code dub} prints on stderr
 * and ends the container with exit code 1, here as the exception's message.
 */
final class Dub {
    /** How the images' scripts find it on their PATH, as its failure message quotes its command line. */
    private static final String COMMAND = "/usr/local/bin/dub";

    /** {@code dub ensure NAME}: the variable is set and not empty. */
    static void ensure(Map<String, String> env, String name) {
        if (!ConfluentImage.isSet(env, name)) {
            throw new IllegalStateException(name + " is required.\n" + failed("ensure " + name));
        }
    }

    /** {@code dub path PATH exists}. */
    static void requireExists(ContainerFiles files, String path) {
        if (!files.exists(path)) {
            throw new IllegalStateException(failed("path " + path + " exists"));
        }
    }

    private static String failed(String arguments) {
        return "Command [" + COMMAND + " " + arguments + "] FAILED !";
    }

    private Dub() {}
}
