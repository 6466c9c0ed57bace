///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Produce records with acks=all, read them back and verify every one.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.DirectKafkaOptions;
import dev.kafkapetset.cli.DryRunOption;
import dev.kafkapetset.cli.DurationConverter;
import dev.kafkapetset.cli.OutputOptions;
import dev.kafkapetset.cli.TargetOptions;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.smoke.SmokeSettings;
import dev.kafkapetset.steps.PlanOutput;
import dev.kafkapetset.steps.SmokeProduceStep;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "smoke-produce",
        description = {
            "Prove the Kafka cluster takes and keeps writes: produce records with acks=all and idempotence"
                    + " to a smoke topic sized to the cluster, read every one back and verify it (count,"
                    + " no duplicates, order per partition, checksum), report throughput and p50/p99 latency,"
                    + " then delete the topic if this run created it.",
            "It writes only into topics of its own: a new one, or an existing one whose name starts with "
                    + SmokeSettings.TOPIC_PREFIX + " (kept by an earlier run with --keep-topic). Any other existing"
                    + " topic, and Kafka's own (__*), are refused untouched. Interrupted (Ctrl-C), it deletes the topic"
                    + " it created.",
            "The topic has a partition per broker, replication factor min(3, brokers) and"
                    + " min.insync.replicas one less (at least 1). With one broker down it passes and says DEGRADED;"
                    + " with two or more down it fails.",
            "Without --bootstrap-servers it reaches the Kafka StatefulSet --name through the Kubernetes API:"
                    + " it forwards 127.0.0.1:<OPERATOR_PORT_BASE + n> to the operator listener of each broker"
                    + " pod <name>-<n>, which advertises exactly that address; those local ports must be free."},
        footer = {
            "  smoke-produce                        # the deployed cluster, via Kubernetes",
            "  smoke-produce --bootstrap-servers localhost:9092 --count 10000",
            "  smoke-produce --keep-topic -o json",
            "  smoke-produce --external                      # as a client outside the cluster"})
class SmokeProduce extends ToolCommand {

    @Mixin
    DirectKafkaOptions direct;

    @Option(names = "--external", description = "Reach the brokers as a client outside the cluster does: at the"
            + " addresses their external listeners advertise (a cluster deployed with --external nodeport), with the"
            + " cluster's credentials; each broker whose advertised address does not answer is named.")
    boolean external;

    @Option(names = "--count", defaultValue = "1000", paramLabel = "N", description = "Records to produce.")
    int count;

    @Option(names = "--record-size", defaultValue = "100", paramLabel = "BYTES", description = "Bytes per record value.")
    int recordSize;

    @Option(names = "--topic", paramLabel = "NAME",
            description = "Use this topic: created if absent (and deleted after the run unless --keep-topic); an"
                    + " existing one only if its name starts with " + SmokeSettings.TOPIC_PREFIX + " (default: a new"
                    + " one per run, " + SmokeSettings.TOPIC_PREFIX + "<run id>).")
    String topic;

    @Option(names = "--keep-topic", description = "Keep the topic and its records after the run.")
    boolean keepTopic;

    @Option(names = "--expect-brokers", paramLabel = "N",
            description = "The cluster should have brokers 0..N-1; missing ones are reported (default: the"
                    + " StatefulSet's replicas; with --bootstrap-servers, the brokers alive).")
    Integer expectBrokers;

    @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long each step (reaching the cluster, producing, reading back) may take.")
    Duration timeout;

    @Mixin
    TargetOptions cluster;

    @Mixin
    DryRunOption dryRun;

    @Mixin
    OutputOptions output;

    @Override
    protected int run() throws Exception {
        SmokeSettings settings = new SmokeSettings(topic, count, recordSize, expectBrokers, keepTopic, timeout);
        String name = cluster.name();
        SmokeProduceStep step = new SmokeProduceStep(direct.target(cluster.kube(), name, external), settings);
        return dryRun.enabled() ? PlanOutput.printLocal(out(), step, output.format())
                : step.check().print(out(), output.format());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new SmokeProduce(), args));
    }
}
