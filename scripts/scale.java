///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Change the number of brokers, creating missing volumes first; scaling down is guarded.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.ToolException;
import dev.kafkapetset.kube.KubeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "scale",
        description = "Change the number of brokers, creating missing volumes first; scaling down is guarded.",
        footer = "  scale --replicas 3")
class Scale extends ToolCommand {

    @Mixin
    KubeOptions kube;

    @Override
    protected int run() {
        throw ToolException.failed("scale can't do this yet: its work lands with issue #3");
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new Scale(), args));
    }
}
