///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Remove the cluster's workloads, services and budgets; keep its data unless told otherwise.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.Confirmation;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.steps.StepOptions;
import dev.kafkapetset.steps.TeardownStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "teardown",
        description = {
            "Remove the brokers' StatefulSet, budget and Service (and, once a migration off ZooKeeper is finalized, the"
                    + " KRaft controllers'), then the cluster's own ZooKeeper ensemble's.",
            "The data stays: claims and volumes are kept, and deploying again picks them up. --delete-data"
                    + " deletes them too, after showing what will be lost and asking for the cluster's name.",
            "--zookeeper-only removes the ensemble alone, once the cluster has left it (migrate-finalize)."},
        footer = {"  teardown", "  teardown --delete-data", "  teardown --delete-data --yes -n kafka",
            "  teardown --zookeeper-only"})
class Teardown extends ToolCommand {

    @Option(names = "--delete-data", description = "Also delete the claims and volumes: the brokers' logs and"
            + " ZooKeeper's state are lost.")
    boolean deleteData;

    @Option(names = "--yes", description = "Don't ask before deleting data (for scripts).")
    boolean yes;

    @Option(names = "--zookeeper-only", description = "Only the cluster's own ZooKeeper ensemble, which a finalized"
            + " migration to KRaft left unused.")
    boolean zooKeeperOnly;

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;

    @Override
    protected int run() {
        TeardownStep.Confirmation confirmation = yes ? null : (lost, name) -> Confirmation.require(out(), System.in,
                "--delete-data deletes these, and the data on them is lost:", lost, name);
        return deploy.run(new TeardownStep(deploy.cluster(), deleteData, zooKeeperOnly, confirmation, waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new Teardown(), args));
    }
}
