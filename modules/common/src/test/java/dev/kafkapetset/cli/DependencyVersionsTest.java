package dev.kafkapetset.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.RepositoryRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The scripts' //DEPS and the Maven build name the same artifacts at the same versions. */
class DependencyVersionsTest {

    @Test
    void depsHeaderNamesExactlyTheBuildsVersions() throws IOException {
        Map<String, String> fromDeps = new TreeMap<>();
        for (Path source : javaSources()) {
            for (String line : Files.readAllLines(source)) {
                if (line.startsWith("//DEPS ")) {
                    String[] coordinates = line.substring("//DEPS ".length()).trim().replace("@pom", "").split(":");
                    assertEquals(3, coordinates.length, source + ": pin a version in " + line);
                    fromDeps.put(coordinates[0] + ":" + coordinates[1], coordinates[2]);
                }
            }
        }
        assertEquals(buildVersions(), fromDeps);
    }

    @Test
    void onlyToolkitCarriesDeps() throws IOException {
        for (Path source : javaSources()) {
            if (!source.endsWith(Path.of("cli", "Toolkit.java"))) {
                assertTrue(Files.readAllLines(source).stream().noneMatch(line -> line.startsWith("//DEPS")),
                        source + " declares //DEPS: they belong in cli/Toolkit.java, the one list");
            }
        }
    }

    private static Map<String, String> buildVersions() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = DependencyVersionsTest.class.getResourceAsStream("/build-versions.properties")) {
            properties.load(in);
        }
        Map<String, String> versions = new TreeMap<>();
        properties.forEach((artifact, version) -> versions.put((String) artifact, (String) version));
        return versions;
    }

    private static List<Path> javaSources() throws IOException {
        Path root = RepositoryRoot.path();
        try (Stream<Path> scripts = Files.list(root.resolve("scripts"));
                Stream<Path> common = Files.walk(root.resolve("modules/common/src/main/java"))) {
            return Stream.concat(scripts, common).filter(path -> path.toString().endsWith(".java")).toList();
        }
    }
}
