///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Check the ZooKeeper ensemble and the brokers registered in it.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.ToolException;
import dev.kafkapetset.kube.KubeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check-zookeeper",
        description = "Check the ZooKeeper ensemble and the brokers registered in it.",
        footer = "  check-zookeeper --zookeeper zk-0:2181,zk-1:2181 --expect-brokers 3")
class CheckZookeeper extends ToolCommand {

    @Mixin
    KubeOptions kube;

    @Override
    protected int run() {
        throw ToolException.failed("check-zookeeper can't do this yet: its work lands with issue #4");
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new CheckZookeeper(), args));
    }
}
