///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Produce records with acks=all, read them back and verify every one.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.ToolException;
import dev.kafkapetset.kube.KubeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "smoke-produce",
        description = "Produce records with acks=all, read them back and verify every one.",
        footer = "  smoke-produce --bootstrap-servers localhost:9092 --count 1000")
class SmokeProduce extends ToolCommand {

    @Mixin
    KubeOptions kube;

    @Override
    protected int run() {
        throw ToolException.failed("smoke-produce can't do this yet: its work lands with issue #4");
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new SmokeProduce(), args));
    }
}
