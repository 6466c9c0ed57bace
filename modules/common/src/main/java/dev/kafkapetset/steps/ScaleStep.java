package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.cli.Json;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kafka.ClusterAdmin;
import dev.kafkapetset.kafka.Reassignment;
import dev.kafkapetset.kafka.Reassignment.Move;
import dev.kafkapetset.kafka.Reassignment.Partition;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.smoke.KafkaTarget;
import dev.kafkapetset.model.Storage;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** Day 2: change the number of brokers of a deployed cluster. */
public final class ScaleStep {
    private final KubernetesClient client;
    private final Report report;

    public ScaleStep(KubernetesClient client, Report report) {
        this.client = client;
        this.report = report;
    }

    /** How long Kafka may take to answer one question about its partitions. */
    private static final Duration KAFKA_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** How scaling down treats the replicas the leaving brokers hold. */
    public enum Leaving {
        /** Refuse while they hold any, printing where they would go. */
        GUARD,
        /** Move them to the brokers that stay first, then scale. */
        REASSIGN,
        /** Scale anyway, saying what is at risk. */
        FORCE
    }

    /** Opens the deployed brokers to Kafka's own clients (port-forwards, or given addresses). */
    public interface KafkaAccess {
        KafkaTarget open();
    }

    /**
     * Scales to {@code cluster.spec().replicas()}. Going up on hostPath storage, the new brokers'
     * volumes are created first (or, with {@code createVolumes} false, their absence refused).
     * Going down, Kafka is asked first which partitions have replicas on the leaving brokers.
     */
    public void run(KafkaCluster cluster, boolean createVolumes, Leaving leaving, KafkaAccess kafka,
            WaitOptions waiting) {
        String namespace = cluster.spec().namespace();
        Cluster.requireNamespace(client, namespace);
        StatefulSet live = client.apps().statefulSets().inNamespace(namespace).withName(cluster.statefulSetName()).get();
        if (live == null) {
            throw ToolException.failed("statefulset.apps/" + cluster.statefulSetName() + " not found in namespace "
                    + namespace + ": run deploy-petset first");
        }
        requireSameStorage(live, cluster);
        int current = Workloads.replicas(live);
        int wanted = cluster.spec().replicas();
        if (wanted < current) {
            guardLeavingBrokers(current, wanted, leaving, kafka, waiting);
        }
        if (wanted > current) {
            List<String> missing = Workloads.missingVolumes(client, cluster.volumes(current, wanted));
            if (!missing.isEmpty() && !createVolumes) {
                throw ToolException.failed("the new brokers need volumes, and these are missing: "
                        + String.join(", ", missing) + " (drop --no-create-volumes, or run create-volumes --replicas "
                        + wanted + ")");
            }
            new CreateVolumesStep(client, report).ensure(cluster.volumes(current, wanted));
            Workloads.reportReusedClaims(client, report, cluster, current, wanted);
        }
        if (wanted == current) {
            report.outcome("statefulset.apps/" + cluster.statefulSetName(), "unchanged (" + current + " replicas)");
        } else {
            client.apps().statefulSets().inNamespace(namespace).withName(cluster.statefulSetName()).scale(wanted);
            report.outcome("statefulset.apps/" + cluster.statefulSetName(), "scaled");
            report.line("  replicas " + current + " -> " + wanted);
        }
        Workloads.awaitReady(client, report, namespace, cluster.statefulSetName(), cluster.labels().selector(),
                wanted, waiting);
    }

    private void guardLeavingBrokers(int current, int wanted, Leaving leaving, KafkaAccess kafka, WaitOptions waiting) {
        Set<Integer> going = IntStream.range(wanted, current).boxed().collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> staying = IntStream.range(0, wanted).boxed().collect(Collectors.toCollection(TreeSet::new));
        String brokers = "broker" + (going.size() == 1 ? " " : "s ") + going.stream().map(String::valueOf)
                .collect(Collectors.joining(", "));
        String hold = going.size() == 1 ? " holds" : " hold";
        try (KafkaTarget target = kafka.open();
                ClusterAdmin admin = ClusterAdmin.connect(target.bootstrapServers(),
                        waiting.timeout().compareTo(KAFKA_REQUEST_TIMEOUT) < 0 ? waiting.timeout() : KAFKA_REQUEST_TIMEOUT)) {
            List<Partition> partitions = admin.partitions();
            List<Partition> held = Reassignment.onBrokers(partitions, going);
            if (held.isEmpty()) {
                report.line(brokers + hold + " no partition replicas: scaling down loses nothing");
                return;
            }
            List<Move> moves = Reassignment.plan(held, staying);
            switch (leaving) {
                case REASSIGN -> admin.reassign(moves, waiting.timeout(), report);
                case FORCE -> report.warning("--force: " + brokers + hold + " replicas of " + held.size() + " partitions;"
                        + describeRisk(Reassignment.onlyOn(partitions, going)));
                case GUARD -> {
                    report.line(brokers + hold + " replicas of " + held.size() + " partitions; moving them to the brokers"
                            + " that stay would be (kafka-reassign-partitions JSON):");
                    report.line(Json.pretty(Reassignment.asReassignmentJson(moves)));
                    throw ToolException.failed("scale-down refused: " + brokers + " still" + hold + " replicas of "
                            + held.size() + " partitions (" + sample(held) + "). Run again with --reassign to move"
                            + " them first (the plan above), or with --force to scale down anyway and risk them");
                }
            }
        } catch (ToolException unreachable) {
            if (leaving != Leaving.FORCE || unreachable.exitCode() != ExitCode.UNREACHABLE) {
                throw unreachable;
            }
            report.warning("--force: Kafka can't tell what " + brokers + hold + " (" + unreachable.getMessage()
                    + "); scaling down anyway");
        }
    }

    private static String describeRisk(List<Partition> lost) {
        if (lost.isEmpty()) {
            return " each has a replica elsewhere, so they stay readable but under-replicated until reassigned";
        }
        return " " + lost.size() + " of them have no replica elsewhere and their data is lost (" + sample(lost) + ")";
    }

    private static String sample(List<Partition> partitions) {
        String shown = partitions.stream().limit(5).map(p -> p.topic() + "-" + p.partition())
                .collect(Collectors.joining(", "));
        return partitions.size() > 5 ? shown + ", and " + (partitions.size() - 5) + " more" : shown;
    }

    /** The live claims decide the storage: options saying otherwise are a mistake, not a change. */
    private static void requireSameStorage(StatefulSet live, KafkaCluster cluster) {
        String liveClass = Objects.requireNonNullElse(live.getSpec().getVolumeClaimTemplates(), List.<PersistentVolumeClaim>of())
                .stream()
                .filter(claim -> KafkaCluster.DATA_CLAIM.equals(claim.getMetadata().getName()))
                .map(claim -> Objects.requireNonNullElse(claim.getSpec().getStorageClassName(), ""))
                .findFirst()
                .orElse("");
        String wantedClass = cluster.spec().storage().claimStorageClassName();
        if (!liveClass.equals(wantedClass)) {
            throw ToolException.usage("statefulset.apps/" + cluster.statefulSetName() + " claims its volumes "
                    + (liveClass.isEmpty() ? "as hostPath volumes" : "from storage class '" + liveClass + "'")
                    + ", but the options say " + (cluster.spec().storage() instanceof Storage.HostPath
                            ? "hostPath volumes" : "storage class '" + wantedClass + "'")
                    + ": pass the same storage options as when it was deployed");
        }
    }
}
