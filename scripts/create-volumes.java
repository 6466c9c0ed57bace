///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Create a hostPath PersistentVolume for each broker's data claim (Minikube-style clusters).
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.ToolException;
import dev.kafkapetset.kube.KubeOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "create-volumes",
        description = "Create a hostPath PersistentVolume for each broker's data claim (Minikube-style clusters).",
        footer = "  create-volumes --replicas 3 --dry-run")
class CreateVolumes extends ToolCommand {

    @Mixin
    KubeOptions kube;

    @Override
    protected int run() {
        throw ToolException.failed("create-volumes can't do this yet: its work lands with issue #3");
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new CreateVolumes(), args));
    }
}
