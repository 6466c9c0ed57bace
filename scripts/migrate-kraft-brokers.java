///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Leaving ZooKeeper, after migrate-brokers: roll the brokers into KRaft mode and wait until none is left registered in ZooKeeper.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DirectKafkaOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.MigrateKraftBrokersStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate-kraft-brokers",
        description = {
            "Leaving ZooKeeper, after migrate-brokers: the brokers into KRaft mode (process.roles=broker, node id = broker"
                    + " id, registered with the KRaft controllers alone, no ZooKeeper), rolled one at a time as roll does.",
            "Only once the controllers lead and have copied the metadata (dual write). The step waits until no broker is"
                    + " left registered in ZooKeeper. The controllers still write every change to ZooKeeper: migrate-rollback"
                    + " can still go back. Run again after a failure, it goes on with the brokers not rolled yet."},
        footer = {"  migrate-kraft-brokers --dry-run", "  migrate-kraft-brokers --timeout 30m"})
class MigrateKraftBrokers extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;
    @Mixin DirectKafkaOptions direct;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new MigrateKraftBrokersStep(cluster, deploy.kube(), direct.target(deploy.kube(), cluster.statefulSetName()),
                waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new MigrateKraftBrokers(), args));
    }
}
