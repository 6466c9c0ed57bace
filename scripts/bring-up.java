///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION The whole runbook in one command: volumes, ZooKeeper, checks, brokers, smoke test.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.ReplicasOption;
import dev.kafkapetset.smoke.SmokeSettings;
import dev.kafkapetset.steps.BringUpStages;
import dev.kafkapetset.steps.DeployOptions;
import dev.kafkapetset.steps.Runbook;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bring-up",
        description = {
            "Bring the whole cluster up, step by step as the runbook does: create-volumes, deploy-zookeeper,"
                    + " check-zookeeper (quorum), deploy-service, deploy-petset, check-zookeeper (every broker"
                    + " registered), smoke-produce. Each step is printed with its result and time.",
            "It stops at the first failure with the reason; running it again resumes, as every step finds what is"
                    + " already in place unchanged. The options are those of the steps."},
        footer = {
            "  bring-up --dry-run",
            "  bring-up --replicas 3 -n kafka",
            "  bring-up --zookeeper zk-cs.zookeeper:2181/kafka --storage-class standard"})
class BringUp extends ToolCommand {

    @Option(names = "--smoke-count", defaultValue = "1000", paramLabel = "N",
            description = "Records the final smoke test produces and reads back.")
    int smokeCount;

    @Mixin DeployOptions deploy;
    @Mixin ReplicasOption replicas;
    @Mixin WaitOptions waiting;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster(replicas.replicas());
        SmokeSettings smoke = new SmokeSettings(null, smokeCount, 100, null, false, Duration.ofSeconds(30));
        if (deploy.dryRun() && deploy.format() != OutputOptions.Format.json) {
            new Runbook(report()).describe(BringUpStages.of(cluster, null, deploy.kube(), waiting, smoke));
        }
        return deploy.apply(out(), cluster.allObjects(), client -> new Runbook(report())
                .run(BringUpStages.of(cluster, client, deploy.kube(), waiting, smoke), commandLine()));
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new BringUp(), args));
    }
}
