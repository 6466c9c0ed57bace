///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Remove the cluster's workloads, services and budgets; keep its data unless told otherwise.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.Confirmation;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.ClusterOptions;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.TeardownStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "teardown",
        description = {
            "Remove the brokers' StatefulSet, budget and Service, then the toolkit's own ZooKeeper ensemble's.",
            "The data stays: claims and volumes are kept, and deploying again picks them up. --delete-data"
                    + " deletes them too, after showing what will be lost and asking for the cluster's name."},
        footer = {"  teardown", "  teardown --delete-data", "  teardown --delete-data --yes -n kafka"})
class Teardown extends ToolCommand {

    @Option(names = "--delete-data", description = "Also delete the claims and volumes: the brokers' logs and"
            + " ZooKeeper's state are lost.")
    boolean deleteData;

    @Option(names = "--yes", description = "Don't ask before deleting data (for scripts).")
    boolean yes;

    @Mixin KubeOptions kube;
    @Mixin ClusterOptions clusterOptions;
    @Mixin WaitOptions waiting;

    @Override
    protected int run() {
        KafkaCluster cluster = new KafkaCluster(ClusterSpec.from(clusterOptions, kube.namespace(), 1));
        try (KubernetesClient client = kube.connect()) {
            TeardownStep teardown = new TeardownStep(client, report());
            TeardownStep.Data data = teardown.data(cluster);
            if (deleteData && !yes && !data.isEmpty()) {
                Confirmation.require(out(), System.in, "--delete-data deletes these, and the data on them is lost:",
                        data.describe(), cluster.spec().name());
            }
            teardown.run(cluster, deleteData, waiting);
        }
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new Teardown(), args));
    }
}
