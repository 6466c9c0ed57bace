///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION The whole runbook in one command: volumes, ZooKeeper (or KRaft controllers), checks, brokers, smoke test.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.JoinZookeeperOption;
import dev.kafkapetset.cli.NodesOption;
import dev.kafkapetset.cli.ReplicasOption;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.smoke.SmokeSettings;
import dev.kafkapetset.steps.BringUpStep;
import dev.kafkapetset.steps.StepOptions;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bring-up",
        description = {
            "Bring the whole cluster up, step by step as the runbook does: create-volumes, deploy-zookeeper,"
                    + " check-zookeeper (quorum), deploy-service, deploy-petset, check-zookeeper (every broker"
                    + " registered), smoke-produce. Each step is printed with its result and time.",
            "With --metadata kraft, a new cluster keeps its metadata in KRaft controllers and has no ZooKeeper:"
                    + " create-volumes, deploy-controllers, deploy-service, deploy-petset, smoke-produce.",
            "It stops at the first failure with the reason; running it again resumes, as every step finds what is"
                    + " already in place unchanged. The options are those of the steps."},
        footer = {
            "  bring-up --dry-run",
            "  bring-up --replicas 3 -n kafka",
            "  bring-up --zookeeper zk-cs.zookeeper:2181/kafka --storage-class standard",
            "  bring-up --metadata kraft --controllers 3"})
class BringUp extends ToolCommand {

    @Option(names = "--smoke-count", defaultValue = "1000", paramLabel = "N",
            description = "Records the final smoke test produces and reads back.")
    int smokeCount;

    @Mixin StepOptions deploy;
    @Mixin ReplicasOption replicas;
    @Mixin NodesOption nodes;
    @Mixin WaitOptions waiting;
    @Mixin JoinZookeeperOption join;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        SmokeSettings smoke = new SmokeSettings(null, smokeCount, 100, null, false, Duration.ofSeconds(30));
        return deploy.run(BringUpStep.runbook(cluster, replicas.brokers(cluster.spec()), nodes.nodes(), deploy.kube(), waiting, smoke,
                join.clusterId(), commandLine()), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new BringUp(), args));
    }
}
