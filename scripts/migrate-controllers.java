///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Leaving ZooKeeper, after migrate-preflight: deploy the KRaft controller quorum in migration mode and wait until it has reached ZooKeeper.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.NodesOption;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.steps.MigrateControllersStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate-controllers",
        description = {
            "Leaving ZooKeeper, after migrate-preflight: a KRaft controller quorum (StatefulSet <cluster>-controller, node ids 9000 on, the"
                    + " brokers' image, a volume per controller, a disruption budget) in migration mode, pointed at the"
                    + " cluster's ZooKeeper, its storage formatted with the cluster id migrate-preflight recorded.",
            "Waits until every controller is ready and the quorum has reached ZooKeeper. The controllers then wait for"
                    + " the brokers to register with them (the next step); the brokers are not touched, and deleting the"
                    + " controllers' StatefulSet undoes this step."},
        footer = {"  migrate-controllers --dry-run", "  migrate-controllers --controllers 3 --timeout 15m"})
class MigrateControllers extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin NodesOption nodes;
    @Mixin WaitOptions waiting;

    @Override
    protected int run() {
        return deploy.run(new MigrateControllersStep(deploy.cluster(), deploy.controllers(), deploy.kube(),
                nodes.nodes(), waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new MigrateControllers(), args));
    }
}
