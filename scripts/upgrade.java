///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Move the cluster to a newer Kafka of the 7.9 line in safe rolls, as Kafka's upgrade guide says.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.steps.StepOptions;
import dev.kafkapetset.steps.UpgradeStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "upgrade",
        description = {
            "Move the brokers to --image, a newer Confluent Platform of the ZooKeeper line (7.9 at most), the way"
                    + " Kafka's upgrade guide has it: first the new image with inter.broker.protocol.version pinned"
                    + " to the old Kafka version, rolled one broker at a time as roll does; then the pin lifted, and"
                    + " rolled again. Between the rolls every broker is registered and every partition in sync.",
            "A cluster in KRaft mode (made so, or finalized after leaving ZooKeeper) pins nothing: its controllers"
                    + " are rolled first, then its brokers, then metadata.version is raised to the new Kafka's, which"
                    + " Kafka does not lower again. Refused while a migration off ZooKeeper is under way.",
            "Each stage shows on the cluster, so running it again after a failure goes on where it stopped."
                    + " A patch-level change (same Kafka) takes one roll. Going back a Kafka minor version is refused:"
                    + " Kafka does not support it once the newer brokers ran."},
        footer = {"  upgrade --image confluentinc/cp-kafka:7.9.11 --dry-run",
            "  upgrade --image confluentinc/cp-kafka:7.9.11 --timeout 30m"})
class Upgrade extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;

    @Override
    protected int run() {
        return deploy.run(new UpgradeStep(deploy.cluster(), deploy.kube(), waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new Upgrade(), args));
    }
}
