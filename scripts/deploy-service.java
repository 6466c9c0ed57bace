///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION The headless Service that gives every broker a stable DNS name.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.steps.DeployServiceStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "deploy-service",
        description = "Create the headless Service (clusterIP None) that gives broker N the stable DNS name"
                + " <name>-N.<name>.<namespace>.svc, published before the broker is ready.",
        footer = {"  deploy-service --dry-run", "  deploy-service -n kafka --name events"})
class DeployService extends ToolCommand {

    @Mixin StepOptions deploy;

    @Override
    protected int run() {
        return deploy.run(new DeployServiceStep(deploy.cluster()), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new DeployService(), args));
    }
}
