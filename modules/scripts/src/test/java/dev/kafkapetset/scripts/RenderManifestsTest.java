package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** render-manifests writes the model's files where it is told, and only into a directory. */
class RenderManifestsTest {
    @TempDir
    Path directory;

    @Test
    void writesTheFilesOfTheOptionsIntoTheDirectory() throws Exception {
        Path out = directory.resolve("events");
        Script.Result result = Script.run("render-manifests", "--out", out.toString(), "--name", "events", "--replicas", "3");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().contains("wrote " + out.resolve("kafka-petset.yaml") + "\n"), result::toString);
        String zookeeper = Files.readString(out.resolve("zookeeper.yaml"));
        assertTrue(zookeeper.contains("name: \"events-zookeeper\""));
        assertTrue(zookeeper.contains("# Secured (--security secured): the pods mount Secrets that are not in these files"),
                zookeeper);
        assertTrue(zookeeper.contains("kind: \"NetworkPolicy\""), zookeeper);
        assertTrue(Files.readString(out.resolve("kafka-service.yaml")).contains("kind: \"NetworkPolicy\""));
        try (var files = Files.list(out)) {
            for (Path file : files.toList()) {
                assertTrue(!Files.readString(file).contains("kind: \"Secret\""), file + " holds no Secret");
            }
        }

        Path plaintext = directory.resolve("plaintext");
        assertEquals(0, Script.run("render-manifests", "--out", plaintext.toString(), "--security", "plaintext").exitCode());
        assertTrue(Files.readString(plaintext.resolve("kafka-petset.yaml")).contains("# UNSECURED (--security plaintext"));
    }

    @Test
    void aFileOrNothingWhereTheDirectoryShouldBeIsBadInput() throws Exception {
        Path file = Files.writeString(directory.resolve("notes.txt"), "mine");
        Script.Result onAFile = Script.run("render-manifests", "--out", file.toString());
        assertEquals(2, onAFile.exitCode(), onAFile::toString);
        assertEquals("error: --out " + file + " is a file, not a directory\n", onAFile.err());
        assertEquals("mine", Files.readString(file), "left as it was");

        Script.Result empty = Script.run("render-manifests", "--out", "");
        assertEquals(2, empty.exitCode(), empty::toString);
        assertEquals("error: --out is empty: name the directory to write into, such as kube\n", empty.err());

        // Load balancers' addresses exist only once they are made: no file can advertise them.
        Path balanced = directory.resolve("balanced");
        Script.Result loadBalanced = Script.run("render-manifests", "--out", balanced.toString(), "--external", "loadbalancer");
        assertEquals(2, loadBalanced.exitCode(), loadBalanced::toString);
        assertTrue(loadBalanced.err().startsWith("error: --external loadbalancer: each broker advertises the address"),
                loadBalanced::toString);
        assertFalse(Files.exists(balanced), "nothing written");
    }
}
