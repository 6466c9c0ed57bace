package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain manifests of kube/: the ZooKeeper ensemble's, then the brokers' under the seed's file
 * names, so its copy-paste steps still work: {@code kubectl create -f kube/kafka-volumes.yaml}, then
 * the service, then the StatefulSet.
 */
public final class KubeFiles {
    static final String UNSECURED = """
            # UNSECURED (--security plaintext, the seed's layout): every listener is PLAINTEXT and ZooKeeper
            # takes any client, so anyone who reaches a pod can read, write and delete every topic and rewrite
            # the cluster's metadata. The toolkit's steps make secured clusters; see the README.
            """;
    static final String SECURED = """
            # Secured (--security secured): the pods mount Secrets that are not in these files; make them
            # in the cluster first with create-secrets.
            """;

    /**
     * File name to content for a cluster of {@code brokers} brokers, in the order a person creates
     * them, its hostPath volumes spread over {@code nodes}.
     */
    public static Map<String, String> render(KafkaCluster kafka, int brokers, List<String> nodes) {
        String protection = kafka.spec().secured() ? SECURED : UNSECURED;
        VolumeNodes.OfOrdinal placement = VolumeNodes.spreadOver(nodes);
        String pinning = "\n# Each is pinned to " + (nodes.size() == 1 ? "node " : "one of nodes ") + String.join(", ", nodes)
                + " (render-manifests --node): its directory is on that node.";
        Map<String, String> files = new LinkedHashMap<>();
        kafka.ensemble().ifPresent(ensemble -> {
            if (!ensemble.generateVolumes().isEmpty()) {
                files.put("zookeeper-volumes.yaml", file(ensemble.generateVolumes(placement),
                        "hostPath PersistentVolumes for the ZooKeeper servers' data and transaction logs." + pinning, protection));
            }
            files.put("zookeeper.yaml", file(ensemble.generateWorkload(), "The cluster's own ZooKeeper ensemble: its"
                    + " Services, StatefulSet and PodDisruptionBudget" + (kafka.spec().secured() ? ", NetworkPolicy." : "."),
                    protection));
        });
        if (!kafka.generateVolumes(brokers).isEmpty()) {
            files.put("kafka-volumes.yaml", file(kafka.volumes(0, brokers, placement),
                    "hostPath PersistentVolumes, one per broker, bound in advance to its data claim." + pinning, protection));
        }
        List<HasMetadata> network = new ArrayList<>(List.of(kafka.generateService()));
        network.addAll(kafka.externalServices(0, brokers));
        kafka.generateNetworkPolicy().ifPresent(network::add);
        files.put("kafka-service.yaml", file(network, "The headless Service that gives every broker a stable DNS name"
                + (kafka.spec().externalAccess().isPresent() ? "; a NodePort Service per broker for outside clients" : "")
                + (kafka.spec().secured() ? "; the NetworkPolicy around the brokers." : "."), protection));
        files.put("kafka-petset.yaml", file(List.of(kafka.generateStatefulSet(brokers), kafka.generatePodDisruptionBudget()),
                "The brokers' StatefulSet (the PetSet's successor) and their PodDisruptionBudget.", protection));
        return files;
    }

    private static String file(List<? extends HasMetadata> objects, String what, String protection) {
        return "# " + what + "\n"
                + protection
                + "# Rendered from kafka-petset's cluster model by render-manifests: change the model or the\n"
                + "# options, not this file.\n"
                + Manifests.yaml(objects);
    }

    private KubeFiles() {}
}
