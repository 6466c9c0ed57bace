///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Day 2: change the number of brokers; creates missing volumes first, guards scale-down.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DirectKafkaOptions;
import dev.kafkapetset.cli.NodesOption;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.ScaleStep;
import dev.kafkapetset.steps.StepOptions;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

@Command(name = "scale",
        description = {
            "Change the number of brokers of a deployed cluster, then wait until they are ready.",
            "Scaling up on hostPath storage first creates the new brokers' volumes. Scaling down first asks Kafka"
                    + " which partitions have replicas on the leaving brokers: it refuses while any do, printing a"
                    + " plan to move them, which --reassign carries out before scaling.",
            "Before it trusts Kafka's answer it proves the Kafka reached is this cluster's: its cluster id is the one"
                    + " in the cluster's ZooKeeper (read through port-forwards), or for KRaft-mode brokers the recorded"
                    + " one, and its brokers are the StatefulSet's ordinals.",
            "KRaft-mode brokers that leave are unregistered from the controllers once their pods are gone (recorded"
                    + " in ConfigMap <name>-kraft until then, so a run stopped before finishes it when run again)."},
        footer = {"  scale --replicas 5", "  scale --replicas 3 --reassign --timeout 20m",
            "  scale --replicas 7 --no-create-volumes"})
class Scale extends ToolCommand {

    @Option(names = "--replicas", required = true, paramLabel = "N", description = "Number of brokers wanted.",
            showDefaultValue = CommandLine.Help.Visibility.NEVER)
    int replicas;

    @Option(names = "--no-create-volumes",
            description = "Refuse, listing them, instead of creating missing hostPath volumes.")
    boolean noCreateVolumes;

    @ArgGroup(exclusive = true)
    LeavingBrokers leaving = new LeavingBrokers();

    static class LeavingBrokers {
        @Option(names = "--reassign", description = "Scaling down, first move the partition replicas the leaving"
                + " brokers hold to the brokers that stay, and wait until they are in sync.")
        boolean reassign;

        @Option(names = "--force", description = "Scale down even while the leaving brokers hold replicas: a"
                + " partition with no in-sync replica on a live broker that stays goes offline, and its records are"
                + " at risk. It says which first. For emergencies.")
        boolean force;

        ScaleStep.Leaving choice() {
            return reassign ? ScaleStep.Leaving.REASSIGN : force ? ScaleStep.Leaving.FORCE : ScaleStep.Leaving.GUARD;
        }
    }

    @Mixin DirectKafkaOptions direct;
    @Mixin NodesOption nodes;

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new ScaleStep(cluster, cluster.spec().requireBrokers(replicas, "--replicas"), !noCreateVolumes,
                nodes.nodes(), leaving.choice(),
                direct.target(deploy.kube(), cluster.statefulSetName()),
                () -> KubernetesZooKeeper.open(deploy.kube(), cluster.statefulSetName()), waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new Scale(), args));
    }
}
