///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Restart the brokers, or the ZooKeeper servers, one at a time, each only when it is safe.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DirectKafkaOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.RollStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "roll",
        description = {
            "Restart the brokers (or, with 'zookeeper', the cluster's ZooKeeper servers) one at a time. The"
                    + " StatefulSets update their pods only when a pod is deleted, so this is how a new pod template"
                    + " reaches them; deploy-petset and deploy-zookeeper roll this way after they change one.",
            "Brokers: the active controller last; each restarted only when every partition keeps"
                    + " min.insync.replicas in sync without it, the next only once it is registered again and every"
                    + " partition is back in sync. ZooKeeper: followers first, the leader last, each only when the"
                    + " others keep a quorum, the next once every server serves again. Pods not ready are restarted"
                    + " first (they are down already).",
            "It restarts the pods on an old template; when none is, every pod (it marks the template restarted, as"
                    + " kubectl rollout restart does). Run again after a failure, it goes on with the pods not done."},
        footer = {"  roll --dry-run", "  roll --timeout 30m", "  roll zookeeper"})
class Roll extends ToolCommand {

    enum Members { brokers, zookeeper }

    @Parameters(index = "0", arity = "0..1", defaultValue = "brokers", paramLabel = "brokers|zookeeper",
            description = "What to roll: ${COMPLETION-CANDIDATES}.")
    Members members;

    @Option(names = "--allow-unavailable", description = "Restart even when that takes partitions below"
            + " min.insync.replicas (a replication factor of 1, a single broker) or ZooKeeper below its quorum:"
            + " writes stop meanwhile.")
    boolean allowUnavailable;

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;
    @Mixin DirectKafkaOptions direct;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        if (members == Members.zookeeper) {
            direct.requireNone("roll zookeeper");
        }
        return deploy.run(members == Members.brokers
                ? RollStep.brokers(cluster, direct.target(deploy.kube(), cluster.statefulSetName()),
                        allowUnavailable, waiting)
                : RollStep.ensemble(cluster, deploy.kube(), allowUnavailable, waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new Roll(), args));
    }
}
