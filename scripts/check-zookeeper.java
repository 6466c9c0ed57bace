///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Check the ZooKeeper ensemble and the brokers registered in it.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DurationConverter;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.cli.TargetOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.model.ZookeeperConnect;
import dev.kafkapetset.steps.CheckZookeeperStep;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import dev.kafkapetset.zookeeper.ZooKeeperTarget;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "check-zookeeper",
        description = {
            "Check the ZooKeeper ensemble and the Kafka brokers registered in it.",
            "Each server is asked srvr, mntr and ruok (a client session stands in when they are refused):"
                    + " healthy means exactly one leader and a quorum serving, not just 'imok'. Then a client"
                    + " session reads the brokers registered under /brokers/ids, the controller and the cluster id.",
            "Without --zookeeper it checks the ZooKeeper the Kafka StatefulSet --name is configured with"
                    + " (KAFKA_ZOOKEEPER_CONNECT), through port-forwards to each ZooKeeper pod: kubeconfig access"
                    + " is all it needs, and it expects as many brokers as the StatefulSet has replicas."},
        footer = {
            "  check-zookeeper                      # the deployed cluster's, via Kubernetes",
            "  check-zookeeper --zookeeper zk-0:2181,zk-1:2181/kafka --expect-brokers 3",
            "  check-zookeeper --zookeeper localhost:2181 -o json"})
class CheckZookeeper extends ToolCommand {

    @Option(names = "--zookeeper", paramLabel = "HOST:PORT[,...][/CHROOT]",
            description = "Check these servers directly instead of going through Kubernetes.")
    String zookeeper;

    @Option(names = "--expect-brokers", paramLabel = "N",
            description = "Brokers 0..N-1 must be registered, no others (default: the StatefulSet's replicas;"
                    + " with --zookeeper, no comparison).")
    Integer expectBrokers;

    @Option(names = "--timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long each server may take to answer, e.g. 5s, 1m.")
    Duration timeout;

    @Mixin
    TargetOptions cluster;

    @Mixin
    OutputOptions output;

    @Override
    protected int run() throws Exception {
        ZooKeeperCheck.Settings settings = new ZooKeeperCheck.Settings(expectBrokers, timeout);
        ZookeeperConnect direct = zookeeper == null ? null : ZookeeperConnect.parse("--zookeeper", zookeeper);
        String name = cluster.name();
        return new CheckZookeeperStep("ZooKeeper", () -> direct != null ? ZooKeeperTarget.direct(direct)
                : KubernetesZooKeeper.open(cluster.kube(), name), settings).check().print(out(), output.format());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new CheckZookeeper(), args));
    }
}
