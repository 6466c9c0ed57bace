package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain manifests of kube/: the ZooKeeper ensemble's, then the brokers' under the seed's file
 * names, so its copy-paste steps still work: {@code kubectl create -f kube/kafka-volumes.yaml}, then
 * the service, then the StatefulSet.
 */
public final class KubeFiles {

    /** File name to content, in the order a person creates them. */
    public static Map<String, String> render(KafkaCluster kafka) {
        Map<String, String> files = new LinkedHashMap<>();
        kafka.ensemble().ifPresent(ensemble -> {
            if (!ensemble.generateVolumes().isEmpty()) {
                files.put("zookeeper-volumes.yaml", file(ensemble.generateVolumes(),
                        "hostPath PersistentVolumes for the ZooKeeper servers' data and transaction logs."));
            }
            files.put("zookeeper.yaml", file(ensemble.generateWorkload(),
                    "The toolkit's own ZooKeeper ensemble: its Services, StatefulSet and PodDisruptionBudget."));
        });
        if (!kafka.generateVolumes().isEmpty()) {
            files.put("kafka-volumes.yaml", file(kafka.generateVolumes(),
                    "hostPath PersistentVolumes, one per broker, bound in advance to its data claim."));
        }
        files.put("kafka-service.yaml", file(List.of(kafka.generateService()),
                "The headless Service that gives every broker a stable DNS name."));
        files.put("kafka-petset.yaml", file(List.of(kafka.generateStatefulSet(), kafka.generatePodDisruptionBudget()),
                "The brokers' StatefulSet (the PetSet's successor) and their PodDisruptionBudget."));
        return files;
    }

    /** Writes the files into {@code directory}, returning their paths. */
    public static List<Path> write(Map<String, String> files, Path directory) {
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(directory.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files.keySet().stream().map(directory::resolve).toList();
    }

    private static String file(List<? extends HasMetadata> objects, String what) {
        return "# " + what + "\n"
                + "# Rendered from kafka-petset's cluster model by render-manifests: change the model or the\n"
                + "# options, not this file.\n"
                + Manifests.yaml(objects);
    }

    private KubeFiles() {}
}
