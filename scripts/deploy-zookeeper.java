///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Deploy the cluster's own ZooKeeper ensemble and wait for its quorum.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.steps.DeployZookeeperStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "deploy-zookeeper",
        description = {
            "Deploy the cluster's own ZooKeeper ensemble: a client Service named as the brokers expect"
                    + " (<name>-zookeeper:2181), a headless Service for the servers, a StatefulSet of"
                    + " confluentinc/cp-zookeeper whose pods take their server id from their ordinal, and a"
                    + " PodDisruptionBudget; then wait until every server is serving in a quorum.",
            "With --zookeeper pointing at an existing ensemble there is nothing to do."},
        footer = {"  deploy-zookeeper --dry-run", "  deploy-zookeeper --zookeeper-replicas 5 -n kafka"})
class DeployZookeeper extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;

    @Override
    protected int run() {
        return deploy.run(new DeployZookeeperStep(deploy.cluster(), deploy.kube(), waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new DeployZookeeper(), args));
    }
}
