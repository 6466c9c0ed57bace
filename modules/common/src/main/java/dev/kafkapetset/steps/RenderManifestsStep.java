package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.model.ExternalAccess;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KubeFiles;
import dev.kafkapetset.model.VolumeNodes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The objects the deploy steps apply, written as YAML files (kube/ holds them for the defaults). Touches no cluster. */
public final class RenderManifestsStep implements Step {
    private final KafkaCluster cluster;
    private final int brokers;
    private final Path directory;
    private final List<String> nodes;

    /** @param nodes the nodes hostPath volumes are pinned to, spread in this order; empty: Minikube's one */
    public RenderManifestsStep(KafkaCluster cluster, int brokers, Path directory, List<String> nodes) {
        this.cluster = cluster;
        this.brokers = brokers;
        this.directory = directory;
        this.nodes = nodes.isEmpty() ? List.of(VolumeNodes.MINIKUBE_NODE) : List.copyOf(nodes);
    }

    @Override
    public String alias() {
        return "render-manifests";
    }

    @Override
    public String purpose() {
        return "write the cluster's manifests as YAML files";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        if (directory.toString().isEmpty()) {
            throw ToolException.usage("--out is empty: name the directory to write into, such as kube");
        }
        if (cluster.spec().metadata().kraft()) {
            throw ToolException.usage("--metadata kraft: a KRaft cluster's id is made and recorded when deploy-controllers"
                    + " runs, and its brokers read it from there, so files made without a cluster can't hold it; let the"
                    + " steps deploy it (bring-up --metadata kraft)");
        }
        if (cluster.spec().rackKey().isPresent()) {
            throw ToolException.usage("--rack-topology-key: each broker's rack is read from the node its volume is"
                    + " pinned to when deploy-petset runs, so files made without a cluster can't hold it; render"
                    + " without it, or let the steps deploy a rack-aware cluster");
        }
        if (cluster.spec().externalAccess().filter(ExternalAccess::loadBalancers).isPresent()) {
            throw ToolException.usage("--external loadbalancer: each broker advertises the address its load balancer"
                    + " gets once it is made, which deploy-petset waits for and records, so files made without a cluster"
                    + " can't hold it; render with --external nodeport, or let the steps deploy it");
        }
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw ToolException.usage("--out " + directory + " is a file, not a directory");
        }
        List<PlanEntry> plan = new ArrayList<>();
        for (Map.Entry<String, String> file : KubeFiles.render(cluster, brokers, nodes).entrySet()) {
            Path path = directory.resolve(file.getKey());
            plan.add(new Action("write", "write " + path, execution -> {
                write(path, file.getValue());
                execution.report().line("wrote " + path);
            }));
        }
        return plan;
    }

    private static void write(Path path, String content) {
        try {
            Files.createDirectories(path.getParent() == null ? Path.of(".") : path.getParent());
            Files.writeString(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException("can't write " + path + ": " + e.getMessage(), e);
        }
    }
}
