///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION On hostPath clusters: a PersistentVolume for each data claim, the brokers' and ZooKeeper's.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.NodesOption;
import dev.kafkapetset.cli.ReplicasOption;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.CreateVolumesStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "create-volumes",
        description = {
            "Create a hostPath PersistentVolume for each broker (and each server of the cluster's own"
                    + " ZooKeeper ensemble), bound in advance to the claim its StatefulSet will make, with reclaim"
                    + " policy Retain.",
            "For clusters without a storage provisioner, such as Minikube. With --storage-class there is"
                    + " nothing to do.",
            "A hostPath volume's directory is on one node, so each volume is pinned to one: the schedulable node"
                    + " holding the fewest of its StatefulSet's volumes, or one of --node. Its pod is then scheduled"
                    + " there and nowhere else; a volume that exists keeps its node."},
        footer = {
            "  create-volumes --dry-run",
            "  create-volumes --replicas 3 -n kafka",
            "  create-volumes --host-path-base /mnt/disks/kafka",
            "  create-volumes --replicas 3 --node worker-1,worker-2,worker-3"})
class CreateVolumes extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin ReplicasOption replicas;
    @Mixin NodesOption nodes;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new CreateVolumesStep(cluster, replicas.brokers(cluster.spec()), nodes.nodes()), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new CreateVolumes(), args));
    }
}
