///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Step 2: the headless Service that gives every broker a stable DNS name.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DryRunOption;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.ClusterOptions;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.DeployServiceStep;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "deploy-service",
        description = "Create the headless Service (clusterIP None) that gives broker N the stable DNS name"
                + " <name>-N.<name>.<namespace>.svc, published before the broker is ready.",
        footer = {"  deploy-service --dry-run", "  deploy-service -n kafka --name events"})
class DeployService extends ToolCommand {

    @Mixin KubeOptions kube;
    @Mixin ClusterOptions clusterOptions;
    @Mixin DryRunOption dryRun;
    @Mixin OutputOptions output;

    @Override
    protected int run() {
        KafkaCluster cluster = new KafkaCluster(ClusterSpec.from(clusterOptions, kube.namespace(), 1));
        if (dryRun.enabled()) {
            DryRunOption.print(out(), List.of(cluster.generateService()), output.format());
            return 0;
        }
        try (KubernetesClient client = kube.connect()) {
            new DeployServiceStep(client, report()).run(cluster);
        }
        return 0;
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new DeployService(), args));
    }
}
