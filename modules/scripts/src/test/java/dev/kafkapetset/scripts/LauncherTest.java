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
        // Its own cache: what the launcher keeps there is counted.
        Path cache = copy.resolve("cache");
        java.util.function.Supplier<Jbang> inCopy = () -> Jbang.launcher().in(copy).env("KAFKA_PETSET_CACHE", cache.toString());
        Jbang.Result first = inCopy.get().run(launcher, "deploy-service", "--version");
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().startsWith("kafka-petset 0.2.0\n"), first::toString);
        Jbang.Result kept = inCopy.get().run(launcher, "deploy-service", "--version");
        assertEquals(first.out(), kept.out());
        assertTrue(kept.err().isEmpty(), "a kept command line runs without JBang: " + kept);
        // A run that does more than print its version leaves an archive of the classes it loaded; the next maps it, and
        // says the same, no more.
        assertEquals(List.of(), archives(cache, "render-manifests"));
        java.util.function.Function<String, String[]> renderInto = directory -> new String[] {"render-manifests", "--security",
            "plaintext", "--out", copy.resolve(directory).toString()};
        Jbang.Result rendered = inCopy.get().run(launcher, renderInto.apply("first"));
        assertEquals(0, rendered.exitCode(), rendered::toString);
        assertEquals(1, archives(cache, "render-manifests").size(), rendered::toString);
        Jbang.Result shared = inCopy.get().run(launcher, renderInto.apply("second"));
        assertEquals(rendered.out().replace("first", "second"), shared.out());
        assertEquals(rendered.err(), shared.err());
        assertEquals(List.of(), archives(cache, "deploy-service"), "none for a run that printed its version");

        Path toolkit = copy.resolve("modules/common/src/main/java/dev/kafkapetset/cli/Toolkit.java");
        Files.writeString(toolkit, Files.readString(toolkit).replace("VERSION = \"0.2.0\"", "VERSION = \"9.9.9\""));
        Jbang.Result changed = inCopy.get().run(launcher, "deploy-service", "--version");
        assertEquals(0, changed.exitCode(), changed::toString);
        assertTrue(changed.out().startsWith("kafka-petset 9.9.9\n"), changed::toString);
        Jbang.Result renderedAgain = inCopy.get().run(launcher, renderInto.apply("third"));
        assertEquals(0, renderedAgain.exitCode(), renderedAgain::toString);
        List<Path> left = archives(cache, "render-manifests");
        assertEquals(1, left.size(), () -> "the old build's archive goes: " + left);
    }

    /** The class data archives the launcher keeps in {@code cache} for {@code alias}. */
    private static List<Path> archives(Path cache, String alias) throws IOException {
        try (var files = Files.list(cache.resolve("launch"))) {
            return files.filter(file -> file.getFileName().toString().matches(java.util.regex.Pattern.quote(alias)
                    + "\\.\\d+\\.jsa")).toList();
        }
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
