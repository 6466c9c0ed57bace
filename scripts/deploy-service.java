///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Step 2: the headless Service that gives every broker a stable DNS name.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.DeployOptions;
import dev.kafkapetset.steps.DeployServiceStep;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "deploy-service",
        description = "Create the headless Service (clusterIP None) that gives broker N the stable DNS name"
                + " <name>-N.<name>.<namespace>.svc, published before the broker is ready.",
        footer = {"  deploy-service --dry-run", "  deploy-service -n kafka --name events"})
class DeployService extends ToolCommand {

    @Mixin DeployOptions deploy;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster(1);
        return deploy.apply(out(), List.of(cluster.generateService()),
                client -> new DeployServiceStep(client, report()).run(cluster));
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new DeployService(), args));
    }
}
