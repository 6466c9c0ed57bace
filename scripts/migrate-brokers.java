///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Leaving ZooKeeper, after migrate-controllers: roll the brokers into migration mode and wait until the controllers have copied the metadata.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DirectKafkaOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.MigrateBrokersStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate-brokers",
        description = {
            "Leaving ZooKeeper, after migrate-controllers: the brokers into migration mode (still in ZooKeeper mode, and"
                    + " registered with the KRaft controllers too), rolled one at a time as roll does: each only when every"
                    + " partition keeps min.insync.replicas in sync without it, the next once it is back and all are in sync.",
            "Once every broker has registered with them, the controllers take the cluster over, copy its metadata from"
                    + " ZooKeeper and from then on write every change back to it (dual write); the step waits for that."
                    + " Run again after a failure, it goes on with the brokers not rolled yet."},
        footer = {"  migrate-brokers --dry-run", "  migrate-brokers --timeout 30m"})
class MigrateBrokers extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;
    @Mixin DirectKafkaOptions direct;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new MigrateBrokersStep(cluster, deploy.kube(), direct.target(deploy.kube(), cluster.statefulSetName()),
                waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new MigrateBrokers(), args));
    }
}
