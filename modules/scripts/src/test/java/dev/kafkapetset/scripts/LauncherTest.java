package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/jbang beyond --help: the one-time catalog step, the fast path's correctness, jar parity. */
class LauncherTest {

    @Test
    void installCatalogMakesCatalogAliasesWorkFromAnyDirectoryWithPlainJbang(@TempDir Path elsewhere) throws IOException {
        Path jbangDir = elsewhere.resolve("jbang-home");
        Files.createDirectories(jbangDir);
        Files.writeString(jbangDir.resolve("jbang-catalog.json"), "{\"catalogs\": {\"mine\": {\"catalog-ref\": \"/x.json\"}}}");

        Jbang.Result before = Jbang.launcher().plain().env("JBANG_DIR", jbangDir.toString()).in(elsewhere)
                .run("deploy-petset@catalog", "--version");
        assertTrue(before.exitCode() != 0, "without the set-up step the alias is unknown here: " + before);

        Jbang.Result install = Jbang.launcher().plain().env("JBANG_DIR", jbangDir.toString()).run("install-catalog");
        assertEquals(0, install.exitCode(), install::toString);
        assertTrue(install.out().contains(": created (in "), install::toString);

        Jbang.Result after = Jbang.launcher().plain().env("JBANG_DIR", jbangDir.toString()).in(elsewhere)
                .run("deploy-petset@catalog", "--version");
        assertEquals(0, after.exitCode(), after::toString);
        assertTrue(after.out().startsWith("kafka-petset "), after::toString);

        Jbang.Result again = Jbang.launcher().plain().env("JBANG_DIR", jbangDir.toString()).run("install-catalog");
        assertTrue(again.out().contains(": unchanged (in "), again::toString);
        assertTrue(Files.readString(jbangDir.resolve("jbang-catalog.json")).contains("\"mine\""),
                "the user's other catalogs are kept");
    }

    @Test
    void fastPathNoticesAChangedSourceAndRebuilds(@TempDir Path copy) throws IOException {
        copyCheckout(copy);
        Path launcher = copy.resolve("bin/jbang");
        Jbang.Result first = Jbang.launcher().in(copy).run(launcher, "deploy-service", "--version");
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().startsWith("kafka-petset 0.2.0\n"), first::toString);
        Jbang.Result kept = Jbang.launcher().in(copy).run(launcher, "deploy-service", "--version");
        assertEquals(first.out(), kept.out());
        assertTrue(kept.err().isEmpty(), "a kept command line runs without JBang: " + kept);

        Path toolkit = copy.resolve("modules/common/src/main/java/dev/kafkapetset/cli/Toolkit.java");
        Files.writeString(toolkit, Files.readString(toolkit).replace("VERSION = \"0.2.0\"", "VERSION = \"9.9.9\""));
        Jbang.Result changed = Jbang.launcher().in(copy).run(launcher, "deploy-service", "--version");
        assertEquals(0, changed.exitCode(), changed::toString);
        assertTrue(changed.out().startsWith("kafka-petset 9.9.9\n"), changed::toString);
    }

    @Test
    void jbangResolvesTheSameJarsAsMaven() throws IOException {
        Jbang.Result info = Jbang.launcher().plain().run("info", "tools", "deploy-petset@catalog");
        assertEquals(0, info.exitCode(), info::toString);
        @SuppressWarnings("unchecked")
        List<String> resolved = (List<String>) new KubernetesSerialization().unmarshal(info.out(), Map.class)
                .get("resolvedDependencies");
        Set<String> fromJbang = fileNames(resolved.stream());
        String mavenClasspath = Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
        Set<String> fromMaven = fileNames(Arrays.stream(mavenClasspath.split(java.io.File.pathSeparator)));
        assertEquals(fromMaven, fromJbang);
    }

    private static Set<String> fileNames(Stream<String> paths) {
        return paths.map(path -> Path.of(path).getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** What the launcher and the scripts need of a checkout. */
    private static void copyCheckout(Path target) throws IOException {
        for (String part : List.of("bin", "scripts", "modules/common/src/main", "catalog.json", "jbang-catalog.json")) {
            Path source = Jbang.ROOT.resolve(part);
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Path destination = target.resolve(Jbang.ROOT.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(destination);
                    } else {
                        Files.createDirectories(destination.getParent());
                        Files.copy(file, destination, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
    }
}
