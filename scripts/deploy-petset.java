///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION The Kafka StatefulSet and its disruption budget, then wait for the brokers.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.JoinZookeeperOption;
import dev.kafkapetset.cli.ReplicasOption;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.DeployPetsetStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "deploy-petset",
        description = {
            "Deploy the brokers: an apps/v1 StatefulSet (the PetSet's successor) whose pods take their broker"
                    + " id from their ordinal, and a PodDisruptionBudget; then wait until every broker is ready.",
            "Needs the Service (deploy-service) and, on hostPath storage, the volumes (create-volumes).",
            "Pods change only when restarted: after a change to their template (image, settings) the brokers are"
                    + " rolled as roll does it, one at a time, each only when every partition keeps its"
                    + " min.insync.replicas without it, the next once all are back in sync."},
        footer = {
            "  deploy-petset --dry-run",
            "  deploy-petset --replicas 3 --zookeeper zk-cs.zookeeper:2181/kafka",
            "  KAFKA_PETSET_ZOOKEEPER=zk:2181 deploy-petset -n kafka --timeout 10m"})
class DeployPetset extends ToolCommand {

    @Option(names = "--allow-zookeeper-change", description = "Repoint running brokers whose volumes hold data at"
            + " another ZooKeeper than the one they use: their data then belongs to another cluster id and they won't"
            + " start on it. Refused without this.")
    boolean allowZookeeperChange;

    @Option(names = "--expand-claims", description = "Grow the brokers' existing claims to --storage-size where their"
            + " storage class allows expansion (a claim template applies to new claims only).")
    boolean expandClaims;

    @Option(names = "--no-roll", description = "After a change to the brokers' pod template, leave them on the old"
            + " one (for roll to restart them later); without it they are rolled one at a time, each only when safe.")
    boolean noRoll;

    @Mixin JoinZookeeperOption join;
    @Mixin StepOptions deploy;
    @Mixin ReplicasOption replicas;
    @Mixin WaitOptions waiting;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new DeployPetsetStep(cluster, replicas.brokers(cluster.spec()),
                new DeployPetsetStep.BrokerChanges(allowZookeeperChange, expandClaims, noRoll,
                        join.clusterId()), deploy.kube(), waiting),
                out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new DeployPetset(), args));
    }
}
