///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Leaving ZooKeeper, undone: back to ZooKeeper mode from anywhere before the brokers run in KRaft mode.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DirectKafkaOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.MigrateRollbackStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate-rollback",
        description = {
            "Leaving ZooKeeper, undone, the way Kafka's documentation has it, from anywhere before the brokers run in"
                    + " KRaft mode: deletes the KRaft controllers and waits until their pods are gone; deletes /controller"
                    + " (a broker is elected controller again) and /migration in ZooKeeper, only after checking it holds"
                    + " this cluster; rolls the brokers without the migration settings, safely; drops the recorded cluster id.",
            "The controllers' volumes and claims are kept; a new attempt (migrate-preflight again) keeps its log in a"
                    + " directory of its own. Run again after a failure, it goes on where it stopped."},
        footer = {"  migrate-rollback --dry-run", "  migrate-rollback --timeout 30m"})
class MigrateRollback extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;
    @Mixin DirectKafkaOptions direct;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new MigrateRollbackStep(cluster, deploy.kube(), direct.target(deploy.kube(), cluster.statefulSetName()),
                waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new MigrateRollback(), args));
    }
}
