///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Leaving ZooKeeper, the point of no return: roll the KRaft controllers out of migration mode, after checking no broker is left on ZooKeeper.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DirectKafkaOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.MigrateFinalizeStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "migrate-finalize",
        description = {
            "Leaving ZooKeeper, the last step: the KRaft controllers rolled out of migration mode (no migration flag, no"
                    + " ZooKeeper), one at a time, the quorum's leader last, each only when the others keep a majority.",
            "It first checks that every broker runs in KRaft mode, registered with the controllers, and none is left in"
                    + " ZooKeeper. The point of no return: once a controller out of migration mode leads, the cluster"
                    + " can't go back to ZooKeeper, so it runs only with --accept-no-rollback. Run again after a failure,"
                    + " it goes on with the controllers not rolled yet."},
        footer = {"  migrate-finalize --dry-run --accept-no-rollback", "  migrate-finalize --accept-no-rollback"})
class MigrateFinalize extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;
    @Mixin DirectKafkaOptions direct;

    @Option(names = "--accept-no-rollback",
            description = "Finalize although there is no way back to ZooKeeper afterwards.")
    boolean acceptNoRollback;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new MigrateFinalizeStep(cluster, deploy.kube(), direct.target(deploy.kube(), cluster.statefulSetName()),
                waiting, acceptNoRollback), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new MigrateFinalize(), args));
    }
}
