package dev.kafkapetset.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs this checkout's {@code bin/jbang} as an operator would, in a process of its own. */
public final class Jbang {
    /** A cold run compiles the script and its sources first: allow for a busy machine. */
    public static final Duration TIMEOUT = Duration.ofMinutes(3);

    public record Result(int exitCode, String out, String err) {}

    /** {@code bin/jbang args...} from the checkout's root; fails the test if it outlives {@link #TIMEOUT}. */
    public static Result run(String... args) {
        Path root = RepositoryRoot.path();
        List<String> command = new ArrayList<>();
        command.add(root.resolve("bin/jbang").toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("jbang", ".out");
            Path err = Files.createTempFile("jbang", ".err");
            try {
                Process process = new ProcessBuilder(command).directory(root.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("bin/jbang " + String.join(" ", args) + " ran longer than " + TIMEOUT
                            + "; its error output: " + Files.readString(err, StandardCharsets.UTF_8));
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Jbang() {}
}
