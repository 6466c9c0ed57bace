package dev.kafkapetset.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the tests run in: the nearest folder upward holding catalog.json. */
public final class RepositoryRoot {

    public static Path path() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("catalog.json")) && Files.isDirectory(dir.resolve("scripts"))) {
                return dir;
            }
        }
        throw new IllegalStateException("not inside a kafka-petset checkout: " + Path.of("").toAbsolutePath());
    }

    private RepositoryRoot() {}
}
