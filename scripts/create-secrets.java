///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Secured clusters: the passwords, the cluster's CA and each broker's certificate, as Secrets.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.ReplicasOption;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.CreateSecretsStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "create-secrets",
        description = {
            "Secured clusters (the default for a new one): make the Secrets the brokers and ZooKeeper servers"
                    + " mount. Passwords for ZooKeeper, the brokers' and the toolkit's SCRAM users and the keystores;"
                    + " the cluster's own CA; a certificate for each broker, signed by it; the JAAS files.",
            "They are made in the cluster and live only there: the dry run shows their keys, never a value. Run"
                    + " again, it keeps what exists and adds what is missing, such as the keystores of new brokers."},
        footer = {
            "  create-secrets --dry-run",
            "  create-secrets --replicas 3 -n kafka",
            "  kubectl get secret kafka-ca -o jsonpath='{.data.ca\\.crt}' | base64 -d   # the CA clients trust"})
class CreateSecrets extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin ReplicasOption replicas;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new CreateSecretsStep(cluster, replicas.brokers(cluster.spec())), out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new CreateSecrets(), args));
    }
}
