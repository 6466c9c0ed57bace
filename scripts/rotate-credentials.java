///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Renew the brokers' (and KRaft controllers') certificates from the cluster's CA and roll them in, one pod at a time.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DirectKafkaOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.steps.RotateCredentialsStep;
import dev.kafkapetset.steps.StepOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "rotate-credentials",
        description = {
            "Secured clusters: issue every broker, and a KRaft cluster's every controller, a new key and"
                    + " certificate from the cluster's CA (secret <name>-broker-tls), then restart them one at a time"
                    + " as roll does (the controllers first), so they take the new ones. Nodes and clients trust the"
                    + " CA, not a certificate: old and new are both trusted throughout, and producers keep writing.",
            "Run again after a failure, it goes on with the pods not restarted yet and issues nothing new."
                    + " The CA and the passwords are kept. While a migration off ZooKeeper runs, its controllers keep"
                    + " theirs."},
        footer = {"  rotate-credentials --dry-run", "  rotate-credentials --timeout 30m"})
class RotateCredentials extends ToolCommand {

    @Mixin StepOptions deploy;
    @Mixin WaitOptions waiting;
    @Mixin DirectKafkaOptions direct;

    @Override
    protected int run() {
        KafkaCluster cluster = deploy.cluster();
        return deploy.run(new RotateCredentialsStep(cluster, direct.target(deploy.kube(), cluster.statefulSetName()), waiting),
                out(), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new RotateCredentials(), args));
    }
}
