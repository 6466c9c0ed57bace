///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION A KRaft cluster's controller quorum: record a new cluster id, deploy the controllers, wait until they are ready.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.NodesOption;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.steps.DeployControllersStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "deploy-controllers",
        description = {
            "For a cluster made in KRaft mode (--metadata kraft, no ZooKeeper): record a new random cluster id in"
                    + " ConfigMap <name>-kraft, kept for good (the controllers and brokers format their storage with it,"
                    + " and the brokers' data check compares it); then deploy the KRaft controller quorum, StatefulSet"
                    + " <name>-controller of the brokers' image with node ids from 9000, its volumes, headless Service"
                    + " and PodDisruptionBudget (secured: a NetworkPolicy that opens their TLS listener to the brokers"
                    + " and controllers alone), and wait until every controller is ready. Secured, their certificates"
                    + " and login are added to the cluster's Secrets first, which create-secrets makes.",
            "A ZooKeeper-mode cluster gets its controllers from migrate-controllers instead."},
        footer = {"  deploy-controllers --metadata kraft --dry-run",
            "  deploy-controllers --metadata kraft --controllers 3 -n kafka"})
class DeployControllers extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin NodesOption nodes;
    @Mixin WaitOptions waiting;

    @Override
    protected int run() {
        return deploy.run(new DeployControllersStep(deploy.cluster(), deploy.kube(), nodes.nodes(), waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new DeployControllers(), args));
    }
}
