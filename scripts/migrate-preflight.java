///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Leaving ZooKeeper, first: check that Kafka 3.9 can migrate the cluster to KRaft, and record its cluster id.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DirectKafkaOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.MigratePreflightStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "migrate-preflight",
        description = {
            "Where leaving ZooKeeper for KRaft (KIP-866) begins. Reads only, then records the cluster's id:"
                    + " checks that the Kafka and the ZooKeeper reached are one cluster, that every broker is registered"
                    + " and runs inter.broker.protocol.version 3.9 with one log directory, that every partition is in sync"
                    + " and on registered brokers only, and that no broker id is in the controllers' range (9000 on).",
            "Then writes ConfigMap <cluster>-kraft with the ZooKeeper cluster's id, which the controllers format their"
                    + " storage with (migrate-controllers). Every reason it refuses for is printed at once; nothing is"
                    + " written then. A secured cluster's controllers get its TLS, logins and ZooKeeper ACLs from"
                    + " migrate-controllers."},
        footer = {"  migrate-preflight --dry-run", "  migrate-preflight -n kafka"})
class MigratePreflight extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;
    @Mixin DirectKafkaOptions direct;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new MigratePreflightStep(cluster, deploy.kube(), direct.target(deploy.kube(), cluster.statefulSetName()),
                deploy.controllers(), waiting), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new MigratePreflight(), args));
    }
}
