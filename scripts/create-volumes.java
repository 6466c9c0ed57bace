///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Step 1 on hostPath clusters: a PersistentVolume for each broker's data claim.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DryRunOption;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.ClusterOptions;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.ReplicasOption;
import dev.kafkapetset.steps.CreateVolumesStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "create-volumes",
        description = {
            "Create a hostPath PersistentVolume for each broker (and each server of the toolkit's own"
                    + " ZooKeeper ensemble), bound in advance to the claim its StatefulSet will make, with reclaim"
                    + " policy Retain.",
            "For clusters without a storage provisioner, such as Minikube. With --storage-class there is"
                    + " nothing to do."},
        footer = {
            "  create-volumes --dry-run",
            "  create-volumes --replicas 3 -n kafka",
            "  create-volumes --host-path-base /mnt/disks/kafka"})
class CreateVolumes extends ToolCommand {

    @Mixin KubeOptions kube;
    @Mixin ClusterOptions clusterOptions;
    @Mixin ReplicasOption replicas;
    @Mixin DryRunOption dryRun;
    @Mixin OutputOptions output;

    @Override
    protected int run() {
        KafkaCluster cluster = new KafkaCluster(ClusterSpec.from(clusterOptions, kube.namespace(), replicas.replicas()));
        if (dryRun.enabled()) {
            DryRunOption.print(out(), cluster.allVolumes(cluster.spec().replicas()), output.format());
            return 0;
        }
        try (KubernetesClient client = kube.connect()) {
            new CreateVolumesStep(client, report()).run(cluster, cluster.spec().replicas());
        }
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new CreateVolumes(), args));
    }
}
