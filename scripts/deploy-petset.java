///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Deploy the Kafka StatefulSet and its PodDisruptionBudget, then wait for the brokers.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.ToolException;
import dev.kafkapetset.kube.KubeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "deploy-petset",
        description = "Deploy the Kafka StatefulSet and its PodDisruptionBudget, then wait for the brokers.",
        footer = "  deploy-petset --replicas 3 --zookeeper zk-client:2181")
class DeployPetset extends ToolCommand {

    @Mixin
    KubeOptions kube;

    @Override
    protected int run() {
        throw ToolException.failed("deploy-petset can't do this yet: its work lands with issue #3");
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new DeployPetset(), args));
    }
}
