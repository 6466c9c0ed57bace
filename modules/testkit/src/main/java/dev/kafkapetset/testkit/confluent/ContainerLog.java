package dev.kafkapetset.testkit.confluent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A container's output, as {@code kubectl logs} would show it: what the image's scripts print, then
 * what its server's own JVM prints, kept in a file of the pod's stand-in directory.
 */
final class ContainerLog implements Consumer<String> {
    /** The kubelet's fallback takes the last 80 lines of the log, at most 2048 bytes of them. */
    private static final int MESSAGE_LINES = 80;
    private static final int MESSAGE_BYTES = 2048;

    private final Path file;

    ContainerLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Appends one line the container printed. */
    @Override
    public synchronized void accept(String line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How long it is, in bytes: where what is printed next starts. */
    long length() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What was printed from {@code offset} (a {@link #length()}) on, as text. */
    String since(long offset) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            byte[] all = Files.readAllBytes(file);
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The end of a log as the kubelet's {@code FallbackToLogsOnError} takes it for the termination message. */
    static String tail(String log) {
        List<String> lines = log.lines().toList();
        String last = String.join("\n", lines.subList(Math.max(0, lines.size() - MESSAGE_LINES), lines.size()))
                + (log.endsWith("\n") ? "\n" : "");
        byte[] bytes = last.getBytes(StandardCharsets.UTF_8);
        return new String(Arrays.copyOfRange(bytes, Math.max(0, bytes.length - MESSAGE_BYTES), bytes.length), StandardCharsets.UTF_8);
    }
}
