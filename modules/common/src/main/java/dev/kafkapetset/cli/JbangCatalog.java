package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ToolException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Registers this checkout's catalog.json as the catalog named {@code catalog} in the user's JBang
 * catalog ({@code $JBANG_DIR/jbang-catalog.json}), so {@code jbang deploy-petset@catalog} works from
 * any directory. JBang's own {@code catalog add} can't: it rejects a local file not named
 * jbang-catalog.json, and a {@code file:} URL breaks the catalog's relative script references.
 */
public final class JbangCatalog {
    public static final String NAME = "catalog";

    public enum Outcome { CREATED, UNCHANGED, UPDATED }


    /** The user's JBang directory, as JBang finds it. */
    public static Path userJbangDir() {
        String configured = System.getenv("JBANG_DIR");
        return configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".jbang");
    }

    /** Points {@code catalog} at {@code catalogFile}, keeping every other entry of the user's catalog. */
    @SuppressWarnings("unchecked")
    public static Outcome register(Path catalogFile, Path jbangDir) {
        Path catalog = catalogFile.toAbsolutePath().normalize();
        if (!Files.isRegularFile(catalog)) {
            throw ToolException.usage(catalog + ": no such catalog file");
        }
        Path userCatalog = jbangDir.resolve("jbang-catalog.json");
        try {
            Map<String, Object> content = Files.exists(userCatalog)
                    ? Json.MAPPER.readValue(userCatalog.toFile(), LinkedHashMap.class)
                    : new LinkedHashMap<>();
            Map<String, Object> catalogs =
                    (Map<String, Object>) content.computeIfAbsent("catalogs", key -> new LinkedHashMap<>());
            Map<String, Object> wanted = new LinkedHashMap<>();
            wanted.put("catalog-ref", catalog.toString());
            wanted.put("description", "kafka-petset scripts in " + catalog.getParent());
            Object previous = catalogs.put(NAME, wanted);
            if (wanted.equals(previous)) {
                return Outcome.UNCHANGED;
            }
            Files.createDirectories(jbangDir);
            Path temporary = Files.createTempFile(jbangDir, "jbang-catalog", ".json");
            Json.MAPPER.writeValue(temporary.toFile(), content);
            Files.move(temporary, userCatalog, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return previous == null ? Outcome.CREATED : Outcome.UPDATED;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassCastException e) {
            throw ToolException.failed(userCatalog + " is not a JBang catalog (its \"catalogs\" is not an object)");
        }
    }

    private JbangCatalog() {}
}
