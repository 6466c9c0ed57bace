///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Write the cluster's manifests as files, for kubectl or GitOps; kube/ holds the plaintext defaults.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.cli.ReplicasOption;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.Execution;
import dev.kafkapetset.steps.RenderManifestsStep;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "render-manifests",
        description = {
            "Write the objects the deploy steps apply as YAML files, one per step, for kubectl create -f or a"
                    + " GitOps repository. Contacts nothing.",
            "Secured (the default), the pods mount Secrets that are not in the files: make them in the cluster"
                    + " first with create-secrets. kube/ holds the defaults rendered with --security plaintext; a test"
                    + " fails when it drifts from the model."},
        footer = {"  render-manifests --out /tmp/kafka --replicas 3 -n kafka",
            "  render-manifests --security plaintext --out kube      # kube/, the seed's unsecured layout"})
class RenderManifests extends ToolCommand {

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAME", defaultValue = "default",
            description = "Namespace the objects are for.")
    String namespace;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Directory to write into.")
    Path out;

    @Mixin ClusterOptions clusterOptions;
    @Mixin ReplicasOption replicas;

    @Option(names = "--node", paramLabel = "NODE[,NODE...]", split = ",", defaultValue = "minikube",
            description = "The nodes (by hostname label) the hostPath volumes are pinned to, spread in this order"
                    + " (default: ${DEFAULT-VALUE}, Minikube's one node).")
    List<String> nodes;

    @Override
    protected int run() {
        KafkaCluster cluster = new KafkaCluster(clusterOptions.spec(namespace));
        return Execution.local(new RenderManifestsStep(cluster, replicas.brokers(cluster.spec()), out, nodes), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new RenderManifests(), args));
    }
}
