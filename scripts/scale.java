///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Day 2: change the number of brokers; creates missing volumes first, guards scale-down.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DryRunOption;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.ClusterOptions;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.ScaleStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "scale",
        description = {
            "Change the number of brokers of a deployed cluster, then wait until they are ready.",
            "Scaling up on hostPath storage first creates the new brokers' volumes. Scaling down needs --force."},
        footer = {"  scale --replicas 3", "  scale --replicas 5 --no-create-volumes --timeout 10m"})
class Scale extends ToolCommand {

    @Option(names = "--replicas", required = true, paramLabel = "N", description = "Number of brokers wanted.")
    int replicas;

    @Option(names = "--no-create-volumes",
            description = "Refuse, listing them, instead of creating missing hostPath volumes.")
    boolean noCreateVolumes;

    @Option(names = "--force", description = "Allow scaling down, at the risk of the removed brokers' data.")
    boolean force;

    @Mixin KubeOptions kube;
    @Mixin ClusterOptions clusterOptions;
    @Mixin WaitOptions waiting;
    @Mixin DryRunOption dryRun;
    @Mixin OutputOptions output;

    @Override
    protected int run() {
        KafkaCluster cluster = new KafkaCluster(ClusterSpec.from(clusterOptions, kube.namespace(), replicas));
        if (dryRun.enabled()) {
            DryRunOption.print(out(), cluster.generateVolumes(), output.format());
            out().println("# then: statefulset.apps/" + cluster.statefulSetName() + " scaled to " + replicas);
            return 0;
        }
        try (KubernetesClient client = kube.connect()) {
            new ScaleStep(client, report()).run(cluster, !noCreateVolumes, force, waiting);
        }
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new Scale(), args));
    }
}
