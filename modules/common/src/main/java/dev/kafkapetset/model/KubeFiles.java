package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain manifests of kube/: the ZooKeeper ensemble's, then the brokers' under the seed's file
 * names, so its copy-paste steps still work: {@code kubectl create -f kube/kafka-volumes.yaml}, then
 * the service, then the StatefulSet.
 */
public final class KubeFiles {

    /** File name to content for a cluster of {@code brokers} brokers, in the order a person creates them. */
    public static Map<String, String> render(KafkaCluster kafka, int brokers) {
        Map<String, String> files = new LinkedHashMap<>();
        kafka.ensemble().ifPresent(ensemble -> {
            if (!ensemble.generateVolumes().isEmpty()) {
                files.put("zookeeper-volumes.yaml", file(ensemble.generateVolumes(),
                        "hostPath PersistentVolumes for the ZooKeeper servers' data and transaction logs."));
            }
            files.put("zookeeper.yaml", file(ensemble.generateWorkload(),
                    "The cluster's own ZooKeeper ensemble: its Services, StatefulSet and PodDisruptionBudget."));
        });
        if (!kafka.generateVolumes(brokers).isEmpty()) {
            files.put("kafka-volumes.yaml", file(kafka.generateVolumes(brokers),
                    "hostPath PersistentVolumes, one per broker, bound in advance to its data claim."));
        }
        files.put("kafka-service.yaml", file(List.of(kafka.generateService()),
                "The headless Service that gives every broker a stable DNS name."));
        files.put("kafka-petset.yaml", file(List.of(kafka.generateStatefulSet(brokers), kafka.generatePodDisruptionBudget()),
                "The brokers' StatefulSet (the PetSet's successor) and their PodDisruptionBudget."));
        return files;
    }

    private static String file(List<? extends HasMetadata> objects, String what) {
        return "# " + what + "\n"
                + "# Rendered from kafka-petset's cluster model by render-manifests: change the model or the\n"
                + "# options, not this file.\n"
                + Manifests.yaml(objects);
    }

    private KubeFiles() {}
}
