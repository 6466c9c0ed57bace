package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kafkapetset.testkit.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** kube/ is the model rendered with the defaults, byte for byte. */
class KubeFilesTest {
    private static final List<String> MINIKUBE = List.of(VolumeNodes.MINIKUBE_NODE);
    private static final String REGENERATE = "kube/ has drifted from the model: regenerate it with"
            + " 'bin/jbang render-manifests@catalog --security plaintext --out kube' from the repository root";

    @Test
    void kubeDirectoryIsTheModelWithDefaults() throws IOException {
        Path kube = RepositoryRoot.path().resolve("kube");
        Map<String, String> rendered = KubeFiles.render(Specs.cluster(), 2, MINIKUBE);
        try (Stream<Path> files = Files.list(kube)) {
            Set<String> present = files.map(file -> file.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(rendered.keySet()), present, REGENERATE);
        }
        for (Map.Entry<String, String> file : rendered.entrySet()) {
            assertEquals(file.getValue(), Files.readString(kube.resolve(file.getKey())), REGENERATE + " (" + file.getKey() + ")");
        }
    }

    @Test
    void ensembleFirstThenTheSeedsFilesInTheSeedsOrder() {
        assertEquals(List.of("zookeeper-volumes.yaml", "zookeeper.yaml", "kafka-volumes.yaml", "kafka-service.yaml",
                "kafka-petset.yaml"), List.copyOf(KubeFiles.render(Specs.cluster(), 2, MINIKUBE).keySet()));
        assertEquals(List.of("kafka-service.yaml", "kafka-petset.yaml"), List.copyOf(KubeFiles.render(
                Specs.cluster("--zookeeper", "zk:2181", "--storage-class", "standard"), 2, MINIKUBE).keySet()));
    }
}
