///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION One view of the cluster: volumes and claims, pods, ZooKeeper's quorum, brokers, replication.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.ClusterShape;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Security;
import dev.kafkapetset.steps.StatusStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "status",
        description = {
            "One view of the cluster: its volumes and claims (bound or not), its pods (ready, restarts, age),"
                    + " ZooKeeper's quorum, the brokers registered against those expected, and Kafka's"
                    + " under-replicated partitions. ZooKeeper and Kafka are reached through port-forwards.",
            "Exit 0 when all is well, 1 with the problems listed."},
        footer = {"  status", "  status -n kafka -o json"})
class Status extends ToolCommand {

    @Mixin KubeOptions kube;
    @Mixin ClusterOptions clusterOptions;
    @Mixin OutputOptions output;

    @Override
    protected int run() {
        // Every option is checked before anything is sent; the security is the cluster's.
        clusterOptions.spec(kube.namespace(), Optional.of(ClusterShape.of(Security.PLAINTEXT)));
        try (KubernetesClient client = kube.connect()) {
            // Status reports the cluster as it runs, protected as it was made.
            KafkaCluster cluster = new KafkaCluster(clusterOptions.spec(kube.namespace(),
                    DeployedKafka.shapeOf(client, kube.namespace(), clusterOptions.name())));
            return new StatusStep(cluster).check(client).print(out(), output.format());
        }
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new Status(), args));
    }
}
