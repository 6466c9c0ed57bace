package dev.kafkapetset.scripts;

import dev.kafkapetset.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs bin/jbang as an operator would, in a process of its own: real JBang, fetched from Maven
 * Central by the launcher into this build's target/ (a fresh machine each clean build).
 */
final class Jbang {
    static final Path ROOT = RepositoryRoot.path();
    private static final Path WORK = Path.of("target", "jbang-home").toAbsolutePath();

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    private Path directory = ROOT;
    private final Map<String, String> environment = new HashMap<>();

    static Jbang launcher() {
        return new Jbang();
    }

    private Jbang() {
        environment.put("KAFKA_PETSET_BUNDLED_JBANG", "1");
        environment.put("KAFKA_PETSET_CACHE", cache().toString());
        environment.put("JBANG_DIR", WORK.resolve("jbang").toString());
        environment.put("NO_COLOR", "1");
        // Each archive costs seconds to make: only the tests of class data sharing turn it on.
        environment.put("KAFKA_PETSET_NO_CDS", "1");
    }

    /** The launcher's class data sharing on, as operators have it. */
    Jbang classSharing() {
        return env("KAFKA_PETSET_NO_CDS", "");
    }

    /** The cache the launcher keeps its files in, unless a test gives it another. */
    static Path cache() {
        return WORK.resolve("cache");
    }

    /**
     * Waits (at most 2 minutes) until the launcher's class data archive of {@code alias} in {@code cache}
     * is made, or has failed, after its third run started making it in the background: its class lists
     * are gone then.
     */
    static void awaitClassArchive(Path cache, String alias) {
        Path directory = cache.resolve("cds");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (java.util.stream.Stream<Path> files = Files.list(directory)) {
                List<String> names = files.map(file -> file.getFileName().toString())
                        .filter(name -> name.startsWith(alias + ".")).toList();
                if (names.stream().anyMatch(name -> name.endsWith(".failed")) || names.stream()
                        .anyMatch(name -> name.endsWith(".jsa")) && names.stream().noneMatch(name -> name.endsWith(".classes"))) {
                    return;
                }
                Thread.sleep(200);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no class data archive of " + alias + " made in " + directory + " within 2 minutes");
    }

    Jbang in(Path workingDirectory) {
        this.directory = workingDirectory;
        return this;
    }

    Jbang env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** JBang exactly as installed: no catalog shortcut, no kept command lines. */
    Jbang plain() {
        return env("KAFKA_PETSET_PLAIN_JBANG", "1");
    }

    Result run(String... args) {
        return run(ROOT.resolve("bin/jbang"), args);
    }

    /** Starts bin/jbang with {@code args} and returns at once; its output is discarded. */
    Process start(String... args) {
        try {
            return builder(ROOT.resolve("bin/jbang"), args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new AssertionError("could not start bin/jbang", e);
        }
    }

    private ProcessBuilder builder(Path launcher, String... args) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(WORK);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return builder;
    }

    Result run(Path launcher, String... args) {
        try {
            Process process = builder(launcher, args).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = read(process.getInputStream());
            CompletableFuture<String> err = read(process.getErrorStream());
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("bin/jbang " + String.join(" ", args) + " did not finish in 5 minutes");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("could not start bin/jbang", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static CompletableFuture<String> read(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
