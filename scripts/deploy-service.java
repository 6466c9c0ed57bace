///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Create the headless Service that gives every broker a stable DNS name.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.ToolException;
import dev.kafkapetset.kube.KubeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "deploy-service",
        description = "Create the headless Service that gives every broker a stable DNS name.",
        footer = "  deploy-service -n kafka")
class DeployService extends ToolCommand {

    @Mixin
    KubeOptions kube;

    @Override
    protected int run() {
        throw ToolException.failed("deploy-service can't do this yet: its work lands with issue #3");
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new DeployService(), args));
    }
}
