package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
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
    void fastPathKeepsTheCommandLineAndAClassArchiveAndNoticesAChangedSource(@TempDir Path copy) throws IOException {
        copyCheckout(copy);
        Path launcher = copy.resolve("bin/jbang");
        // Its own cache: what the launcher keeps there is counted.
        Path cache = copy.resolve("cache");
        Supplier<Jbang> inCopy = () -> Jbang.launcher().classSharing().in(copy).env("KAFKA_PETSET_CACHE", cache.toString());
        Jbang.Result first = inCopy.get().run(launcher, "deploy-service", "--version");
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().startsWith("kafka-petset 0.2.0\n"), first::toString);
        Jbang.Result kept = inCopy.get().run(launcher, "deploy-service", "--version");
        assertEquals(first.out(), kept.out());
        assertTrue(kept.err().isEmpty(), "a kept command line runs without JBang: " + kept);

        // A step run again and again: its third run starts archiving, in the background, the classes the first two
        // loaded; from then on every run maps them and says exactly what it said without, exit code included.
        Function<String, String[]> renderInto = directory -> new String[] {"render-manifests", "--security", "plaintext",
            "--out", copy.resolve(directory).toString()};
        String[] refused = {"render-manifests", "--replicas", "3"}; // no --out: a usage error
        Jbang.Result rendered = inCopy.get().run(launcher, renderInto.apply("one"));
        assertEquals(0, rendered.exitCode(), rendered::toString);
        Jbang.Result refusedBefore = inCopy.get().run(launcher, refused);
        assertEquals(2, refusedBefore.exitCode(), refusedBefore::toString);
        assertEquals(List.of(), cacheFiles(cache, "deploy-service."), "--version runs record nothing");
        List<Path> lists = cacheFiles(cache, "render-manifests.");
        assertEquals(2, lists.size(), () -> "each run records its classes: " + lists);
        // render-manifests.<checkout and JDK>.<build>.<pid>.classes
        String[] parts = lists.get(0).getFileName().toString().split("\\.");
        String prefix = parts[0] + "." + parts[1];
        Path archive = cache.resolve("cds/" + prefix + "." + parts[2] + ".jsa");
        Path unchangedSince = cache.resolve("cds/" + prefix + "." + parts[2] + ".ok");
        // What an older build of the step left here, and another checkout's archive of it.
        Path olderArchive = Files.writeString(cache.resolve("cds/" + prefix + ".1.jsa"), "old");
        Path olderList = Files.writeString(cache.resolve("cds/" + prefix + ".1.99.classes"), "java/lang/Object\n");
        Path olderLock = Files.writeString(cache.resolve("cds/" + prefix + ".1.lock"), "");
        Path recentLock = Files.writeString(cache.resolve("cds/" + prefix + ".2.lock"), "");
        Files.setLastModifiedTime(olderLock, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path elsewhere = Files.writeString(cache.resolve("cds/render-manifests.7.1.jsa"), "another checkout's");
        Jbang.Result archiving = inCopy.get().run(launcher, renderInto.apply("two"));
        assertEquals(List.of(0, rendered.out().replace("one", "two"), "[kafka-petset] archiving the classes render-manifests"
                + " loads, in the background, for faster starts from its next run\n"),
                List.of(archiving.exitCode(), archiving.out(), archiving.err()));
        Jbang.awaitClassArchive(cache, "render-manifests");
        // (Sorted by name as cacheFiles sorts them: the prefix is a checksum of the copy's path.)
        assertEquals(Stream.of(archive, unchangedSince, elsewhere).sorted().toList(), cacheFiles(cache, "render-manifests.")
                .stream().filter(file -> !file.getFileName().toString().endsWith(".lock")).toList(),
                "the archive is made, and replaces the older build's archive and lists only");
        assertTrue(Files.notExists(olderList));
        assertEquals(List.of(false, true), List.of(Files.exists(olderLock), Files.exists(recentLock)),
                "an older build's lock goes once it is an hour old, not while a dump may hold it");
        Jbang.Result refusedAfter = inCopy.get().run(launcher, refused);
        assertEquals(List.of(refusedBefore.exitCode(), refusedBefore.out(), refusedBefore.err()),
                List.of(refusedAfter.exitCode(), refusedAfter.out(), refusedAfter.err()));
        Path loaded = copy.resolve("loaded-classes.log");
        Jbang.Result mapped = inCopy.get().env("JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + loaded)
                .run(launcher, renderInto.apply("three"));
        assertEquals(rendered.out().replace("one", "three"), mapped.out());
        assertTrue(Files.readString(loaded).contains("dev.kafkapetset.cli.Cli source: shared objects file"),
                "the step's own classes come from the archive");
        // A damaged archive (only a checksum would tell; written since it was made) is passed over, and dropped to
        // be made again: no JVM message, no crash report.
        archive.toFile().setWritable(true);
        try (java.nio.channels.FileChannel damage = java.nio.channels.FileChannel.open(archive,
                java.nio.file.StandardOpenOption.WRITE)) {
            damage.write(java.nio.ByteBuffer.wrap(new byte[4096]), damage.size() / 2);
        }
        Jbang.Result damaged = inCopy.get().run(launcher, renderInto.apply("four"));
        assertEquals(List.of(0, rendered.out().replace("one", "four"), ""),
                List.of(damaged.exitCode(), damaged.out(), damaged.err()));
        assertTrue(Files.notExists(archive) && Files.notExists(unchangedSince), () -> "dropped: " + archive);
        try (Stream<Path> files = Files.list(copy)) {
            assertEquals(List.of(), files.filter(file -> file.getFileName().toString().startsWith("hs_err")).toList());
        }

        Path toolkit = copy.resolve("modules/common/src/main/java/dev/kafkapetset/cli/Toolkit.java");
        Files.writeString(toolkit, Files.readString(toolkit).replace("VERSION = \"0.2.0\"", "VERSION = \"9.9.9\""));
        Jbang.Result changed = inCopy.get().run(launcher, "deploy-service", "--version");
        assertEquals(0, changed.exitCode(), changed::toString);
        assertTrue(changed.out().startsWith("kafka-petset 9.9.9\n"), changed::toString);
    }

    /** The launcher's class data files in {@code cache} whose names start with {@code start}. */
    private static List<Path> cacheFiles(Path cache, String start) throws IOException {
        if (Files.notExists(cache.resolve("cds"))) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache.resolve("cds"))) {
            return files.filter(file -> file.getFileName().toString().startsWith(start)).sorted().toList();
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
