package dev.kafkapetset.testkit.confluent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A container's process with its read-only mounts read-only, as on a node: the command runs in a
 * mount namespace of its own ({@code unshare --mount}, with {@code --map-root-user} for a user
 * other than root) in which each such directory is bound onto itself read-only. A write there
 * fails with {@code EROFS} ("Read-only file system"), whoever runs the tests; nothing outside the
 * process sees the change.
 */
final class ReadOnlyMounts {
    /** Binds each directory before {@code --} read-only, then runs what follows it. */
    private static final String BIND_THEN_RUN = "while [ \"$1\" != -- ]; do"
            + " mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" || exit 125; shift; done; shift; exec \"$@\"";
    private static volatile List<String> unshare;

    /** {@code command}, run with {@code readOnly} read-only; as it is when there is none. */
    static List<String> wrapped(List<String> command, List<Path> readOnly) {
        if (readOnly.isEmpty()) {
            return command;
        }
        List<String> line = new ArrayList<>(unshare());
        line.addAll(List.of("/bin/sh", "-c", BIND_THEN_RUN, "read-only-mounts"));
        readOnly.forEach(directory -> line.add(directory.toString()));
        line.add("--");
        line.addAll(command);
        return line;
    }

    /** How this machine makes a mount namespace for a process: found once, the first time it is needed. */
    private static List<String> unshare() {
        if (unshare == null) {
            synchronized (ReadOnlyMounts.class) {
                if (unshare == null) {
                    unshare = usableUnshare();
                }
            }
        }
        return unshare;
    }

    private static List<String> usableUnshare() {
        List<String> asRoot = List.of("unshare", "--mount", "--propagation", "private", "--");
        List<String> asUser = List.of("unshare", "--mount", "--propagation", "private", "--map-root-user", "--");
        String failures = "";
        for (List<String> candidate : List.of(asRoot, asUser)) {
            List<String> probe = new ArrayList<>(candidate);
            probe.add("true");
            try {
                Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                    return candidate;
                }
                failures += " " + String.join(" ", candidate) + ": " + output + ";";
            } catch (IOException e) {
                failures += " " + e.getMessage() + ";";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("this machine can't give a container's processes read-only mounts (unshare --mount):"
                + failures);
    }

    private ReadOnlyMounts() {}
}
