package dev.kafkapetset.steps;

import dev.kafkapetset.cli.CheckReport;
import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Failures;
import dev.kafkapetset.cli.Parallel;
import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.ClusterAdmin;
import dev.kafkapetset.kafka.KubernetesKafka;
import dev.kafkapetset.kafka.TlsProbe;
import dev.kafkapetset.kube.ClusterIdRecord;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.kube.Rollout;
import dev.kafkapetset.model.ClusterSecrets;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.Metadata;
import dev.kafkapetset.model.VolumeNodes;
import dev.kafkapetset.model.Security;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import dev.kafkapetset.zookeeper.ZooKeeperMigration;
import dev.kafkapetset.zookeeper.ZooKeeperReport;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;

/** One view of a deployed cluster: its data, its pods, ZooKeeper's quorum and Kafka's replication. Read only. */
public final class StatusStep implements Step {
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Kafka's: a broker whose port-forward hangs costs the admin client up to three of its request
     * time-outs (a sixth of this each, as long as before) before another answers.
     */
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CERTIFICATE_WARNING = Duration.ofDays(30);

    /** @param node the node a hostPath volume is pinned to; null when it is not pinned */
    public record Volume(String name, String phase, String claim, String capacity, String node) {}

    public record Claim(String name, String phase, String volume) {}

    /**
     * @param node the node it is scheduled to; null while it is not
     * @param oldTemplate true when it runs an older pod template than its StatefulSet's: roll restarts it
     */
    public record PodState(String name, boolean ready, String phase, int restarts, String age, String node,
            boolean oldTemplate) {}

    public record Replication(List<String> underReplicated) {}

    /**
     * What protects the cluster, as a client sees it: how the listener is reached and logged in to,
     * what TLS it agreed and which certificate each broker and KRaft controller shows, and Kafka's authorizer. ZooKeeper's
     * side (its login, the znodes' ACLs) is in the ZooKeeper report.
     *
     * @param tls null for a plaintext cluster
     */
    public record Protection(String security, String listener, TlsProbe tls, List<ServedCertificate> certificates,
            String authorizer) {}

    /** The certificate a broker or KRaft controller (its pod) presents, as a TLS handshake with it shows it. */
    public record ServedCertificate(String pod, String subject, Instant expires) {}

    /**
     * @param zookeeper null when ZooKeeper could not be checked (see the problems)
     * @param kafka null when Kafka could not be asked
     * @param unreachable what could not be reached at all (ZooKeeper, Kafka): then the status is
     *     unknown rather than bad, exit 3
     * @param migration where a migration off ZooKeeper stands, or null when none is under way
     */
    public record Status(String namespace, List<Volume> volumes, List<Claim> claims, List<PodState> pods,
            ZooKeeperReport zookeeper, Replication kafka, Protection protection, List<String> problems, List<String> notes,
            List<String> unreachable, String migration) implements CheckReport {

        @Override
        public boolean healthy() {
            return problems.isEmpty();
        }

        @Override
        public int exitCode() {
            return healthy() ? ExitCode.OK : unreachable.isEmpty() ? ExitCode.FAILED : ExitCode.UNREACHABLE;
        }

        @Override
        public String text() {
            StringBuilder text = new StringBuilder();
            text.append("Volumes\n");
            int volumeWidth = width(volumes.stream().map(Volume::name).toList());
            int claimWidth = width(claims.stream().map(Claim::name).toList());
            int podWidth = width(pods.stream().map(PodState::name).toList());
            volumes.forEach(v -> text.append(String.format(Locale.ROOT, "  %-" + volumeWidth + "s %-9s %-" + claimWidth
                    + "s %-6s %s%n", v.name(), v.phase(), Objects.requireNonNullElse(v.claim(), "-"), v.capacity(),
                    v.node() == null ? "any node" : "on " + v.node())));
            text.append("Claims\n");
            claims.forEach(c -> text.append(String.format(Locale.ROOT, "  %-" + claimWidth + "s %-9s %s%n", c.name(), c.phase(),
                    Objects.requireNonNullElse(c.volume(), "-"))));
            text.append("Pods\n");
            pods.forEach(p -> text.append(String.format(Locale.ROOT, "  %-" + podWidth + "s %-10s %-8s restarts %-3d age %-6s %s%s%n",
                    p.name(), p.ready() ? "ready" : "not ready", p.phase(), p.restarts(), p.age(),
                    p.node() == null ? "unscheduled" : "on " + p.node(), p.oldTemplate() ? "  old template" : "")));
            if (zookeeper != null) {
                zookeeper.text().lines().filter(line -> !line.startsWith("problem:") && !line.startsWith("note:")
                        && !line.equals("healthy") && !line.startsWith("UNHEALTHY")).forEach(line -> text.append(line).append('\n'));
            }
            if (kafka != null) {
                text.append("Kafka\n  under-replicated partitions: ")
                        .append(kafka.underReplicated().isEmpty() ? "none" : String.join(", ", kafka.underReplicated()))
                        .append('\n');
            }
            if (protection != null) {
                text.append("Protection (").append(protection.security()).append(")\n  listener: ")
                        .append(protection.listener()).append('\n');
                if (protection.tls() != null) {
                    text.append("  TLS: ").append(protection.tls().protocol()).append(", ").append(protection.tls().cipherSuite())
                            .append('\n');
                }
                if (!protection.certificates().isEmpty()) {
                    text.append("  certificates served:\n");
                    int serverWidth = width(protection.certificates().stream().map(ServedCertificate::pod).toList());
                    protection.certificates().forEach(served -> text.append(String.format(Locale.ROOT,
                            "    %-" + serverWidth + "s %s, valid until %s%n", served.pod(), served.subject(), served.expires())));
                }
                text.append("  authorizer: ").append(protection.authorizer()).append('\n');
            }
            if (migration != null) {
                text.append("Leaving ZooKeeper\n  ").append(migration).append('\n');
            }
            CheckReport.appendVerdict(text, notes, problems);
            return text.toString();
        }
    }

    private final KafkaCluster cluster;

    /** The width of a column holding {@code names}: the longest, and at least a few characters. */
    private static int width(List<String> names) {
        return names.stream().mapToInt(String::length).max().orElse(0) + 1;
    }

    public StatusStep(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public String alias() {
        return "status";
    }

    @Override
    public String purpose() {
        return "one view of volumes, claims, pods, ZooKeeper's quorum, brokers and replication";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        return List.of(Checks.action("check the status of cluster " + cluster.spec().name() + " (read only)",
                execution -> check(execution.client())));
    }

    /**
     * Reads the cluster's status through {@code client}, and asks ZooKeeper and Kafka through
     * port-forwards of it while the rest is read.
     */
    public Status check(KubernetesClient client) {
        String namespace = cluster.spec().namespace();
        LiveState.requireNamespace(new LiveState(client), namespace);
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<KafkaCluster.Component> components = new ArrayList<>(cluster.components());
        StatefulSet controllers = client.apps().statefulSets().inNamespace(namespace)
                .withName(KraftControllers.statefulSetName(cluster.spec().name())).get();
        if (controllers != null && components.stream().noneMatch(component -> component.statefulSet()
                .equals(controllers.getMetadata().getName()))) {
            components.add(cluster.controllers(Workloads.replicas(controllers)).component());
        }
        // Finalized, every controller out of migration mode: nothing uses ZooKeeper any more.
        boolean leftZooKeeper = cluster.spec().metadata().finalized() && (!cluster.spec().hasZooKeeper()
                || MigrateFinalizeStep.controllersFinalized(new LiveState(client), cluster));
        // Each component's StatefulSet, read once; null when it is not deployed.
        Map<String, StatefulSet> statefulSets = new LinkedHashMap<>();
        for (KafkaCluster.Component component : components) {
            String name = component.statefulSet();
            statefulSets.put(name, controllers != null && name.equals(controllers.getMetadata().getName()) ? controllers
                    : client.apps().statefulSets().inNamespace(namespace).withName(name).get());
        }
        boolean deployed = statefulSets.entrySet().stream()
                .allMatch(deployment -> deployment.getValue() != null || removedEnsemble(deployment.getKey(), leftZooKeeper));
        try (Parallel parallel = new Parallel()) {
            Future<Found<KafkaAnswers>> kafkaFound = null;
            Future<Found<ZooKeeperReport>> zooKeeperFound = null;
            if (deployed) {
                // Asked while the rest is read: both spend most of their time waiting on port-forwards.
                List<String> controllerPods = controllers == null ? List.of()
                        : cluster.controllers(Workloads.replicas(controllers)).podNames();
                kafkaFound = parallel.start(() -> askKafka(client, controllerPods));
                if (!leftZooKeeper) {
                    zooKeeperFound = parallel.start(() -> askZooKeeper(client));
                }
            }
            List<Volume> volumes = new ArrayList<>();
            List<Claim> claims = new ArrayList<>();
            List<PodState> pods = new ArrayList<>();
            for (KafkaCluster.Component component : components) {
                for (PersistentVolume volume : client.persistentVolumes().withLabels(component.volumeSelector()).list().getItems()) {
                    volumes.add(new Volume(volume.getMetadata().getName(), phase(volume.getStatus() == null ? null : volume.getStatus().getPhase()),
                            volume.getSpec().getClaimRef() == null ? null : volume.getSpec().getClaimRef().getName(),
                            String.valueOf(volume.getSpec().getCapacity().get("storage")), VolumeNodes.nodeOf(volume).orElse(null)));
                }
                for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inNamespace(namespace).withLabels(component.labels().selector())
                        .list().getItems()) {
                    String phase = phase(claim.getStatus() == null ? null : claim.getStatus().getPhase());
                    claims.add(new Claim(claim.getMetadata().getName(), phase, claim.getSpec().getVolumeName()));
                    if (!"Bound".equals(phase)) {
                        problems.add("claim " + claim.getMetadata().getName() + " is " + phase);
                    }
                }
                StatefulSet statefulSet = statefulSets.get(component.statefulSet());
                String revision = statefulSet == null || statefulSet.getStatus() == null ? null
                        : statefulSet.getStatus().getUpdateRevision();
                for (Pod pod : client.pods().inNamespace(namespace).withLabels(component.labels().selector()).list().getItems()) {
                    PodState state = podState(pod, revision);
                    pods.add(state);
                    if (state.oldTemplate()) {
                        notes.add(state.name() + " runs an old pod template: roll restarts it safely");
                    }
                    unschedulable(pod).ifPresent(why -> problems.add(state.name() + " can't be scheduled: " + why));
                }
            }
            statefulSets.forEach((name, statefulSet) -> {
                if (statefulSet == null && removedEnsemble(name, leftZooKeeper)) {
                    notes.add("statefulset " + name + " (ZooKeeper) is removed: the cluster left it");
                } else if (statefulSet == null) {
                    problems.add("statefulset " + name + " is not deployed");
                } else {
                    int wanted = Workloads.replicas(statefulSet);
                    long ready = pods.stream().filter(p -> p.name().matches(java.util.regex.Pattern.quote(name) + "-\\d+")
                            && p.ready()).count();
                    if (ready < wanted) {
                        problems.add(name + ": " + ready + " of " + wanted + " pods ready");
                    }
                }
            });
            if (deployed && leftZooKeeper) {
                notes.add(cluster.spec().hasZooKeeper() ? "ZooKeeper not asked: the cluster left it (migration finalized)"
                        : "made in KRaft mode: no ZooKeeper");
            }
            if (!deployed) {
                notes.add("ZooKeeper and Kafka not asked: the cluster is not fully deployed");
            }
            List<String> unreachable = new ArrayList<>();
            ZooKeeperReport zookeeper = merge(zooKeeperFound, problems, notes, unreachable);
            KafkaAnswers kafka = merge(kafkaFound, problems, notes, unreachable);
            String migration = migration(client, controllers != null, zookeeper != null, leftZooKeeper, problems);
            volumes.sort(Comparator.comparing(Volume::name));
            claims.sort(Comparator.comparing(Claim::name));
            pods.sort(Comparator.comparing(PodState::name));
            return new Status(namespace, volumes, claims, pods, zookeeper, kafka == null ? null : kafka.replication(),
                    kafka == null ? null : kafka.protection(), problems, notes, unreachable, migration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted");
        }
    }

    /** Whether StatefulSet {@code name} is the cluster's ZooKeeper ensemble, which may be gone once the cluster left it. */
    private boolean removedEnsemble(String name, boolean leftZooKeeper) {
        return leftZooKeeper && cluster.ensemble().filter(ensemble -> ensemble.statefulSetName().equals(name)).isPresent();
    }

    /** The answer {@code question} found (null when none was asked or it has none), what it found merged in. */
    private static <T> T merge(Future<Found<T>> question, List<String> problems, List<String> notes,
            List<String> unreachable) throws InterruptedException {
        if (question == null) {
            return null;
        }
        Found<T> found = Parallel.answer(question);
        problems.addAll(found.problems());
        notes.addAll(found.notes());
        unreachable.addAll(found.unreachable());
        return found.answer();
    }

    /**
     * The migration's phase, from the record, the controllers, the brokers' mode and (when it answers)
     * ZooKeeper. A record not made by the toolkit is a problem, and says nothing of a migration.
     */
    private String migration(KubernetesClient client, boolean controllersDeployed, boolean zooKeeperAnswers,
            boolean leftZooKeeper, List<String> problems) {
        ConfigMap found = client.configMaps().inNamespace(cluster.spec().namespace())
                .withName(KraftControllers.clusterIdRecordName(cluster.spec().name())).get();
        ClusterIdRecord.problem(found).ifPresent(problems::add);
        ConfigMap record = ClusterIdRecord.ours(found);
        Metadata brokers = cluster.spec().metadata();
        if (record == null && !controllersDeployed && brokers.zooKeeper() || brokers.withoutZooKeeper()) {
            return null;
        }
        if (!controllersDeployed) {
            return brokers.zooKeeper() ? "pre-flight passed, cluster id recorded: next, migrate-controllers"
                    : "a rollback stopped half-way (the controllers are gone, the brokers in " + brokers.mode().word()
                            + " mode): run migrate-rollback to finish it";
        }
        if (brokers.zooKeeper()) {
            return "KRaft controllers deployed, waiting for the brokers: next, migrate-brokers (or migrate-rollback)";
        }
        if (brokers.finalized() && !leftZooKeeper) {
            return "finalizing: the controllers' roll out of migration mode is under way (migrate-finalize goes on with"
                    + " it); there is no way back";
        }
        if (brokers.finalized()) {
            return "finalized: the KRaft controllers alone hold the metadata; ZooKeeper is no longer written (no way"
                    + " back)";
        }
        if (brokers.kraft()) {
            return "brokers in KRaft mode; the controllers still write every change to ZooKeeper, so migrate-rollback"
                    + " can still go back";
        }
        ZooKeeperMigration znodes = zooKeeperAnswers ? ask("ZooKeeper", new ArrayList<>(), new ArrayList<>(), () -> {
            try (KubernetesZooKeeper target = KubernetesZooKeeper.open(client, cluster.statefulSetName())) {
                return ZooKeeperCheck.migration(target, CHECK_TIMEOUT);
            }
        }) : null;
        if (znodes != null && znodes.metadataMigrated()) {
            return "metadata copied: KRaft controller " + znodes.controller() + " leads and writes every change to"
                    + " ZooKeeper too (dual write); migrate-rollback can still go back";
        }
        return "brokers in migration mode; the controllers take over once every broker has registered with them";
    }

    /**
     * How the cluster is protected, as Kafka and the certificates {@code served} show it.
     */
    private Protection protection(ClusterAdmin admin, Served served) {
        String authorizer = admin.anyBrokersSettings(admin.describeCluster().alive(), List.of("authorizer.class.name"))
                .getOrDefault("authorizer.class.name", "");
        if (!cluster.spec().secured()) {
            return new Protection(Security.PLAINTEXT.word(), "PLAINTEXT: no TLS, no authentication", null, List.of(),
                    authorizer.isEmpty() ? "none: every client may do anything" : authorizer);
        }
        return new Protection(Security.SECURED.word(), "SASL_SSL, SCRAM-SHA-512 (logged in as " + ClusterSecrets.ADMIN_USER
                + ")", served.tls(), served.certificates(), authorizer.isEmpty() ? "none" : authorizer);
    }

    /** What TLS the first broker agreed (null when none did) and the certificate each pod served. */
    private record Served(TlsProbe tls, List<ServedCertificate> certificates) {}

    /**
     * A TLS handshake with each broker {@code target} reached and each ready KRaft controller of
     * {@code controllerPods}, all at once. A certificate that expires within {@link #CERTIFICATE_WARNING}
     * or has expired (brokers and clients refuse it then) is a problem naming its pod, as is a
     * handshake that fails; a controller that is not ready is a note.
     */
    private static Served served(KubernetesKafka target, List<String> controllerPods, List<String> problems,
            List<String> notes) throws InterruptedException {
        Map<String, String> servers = new LinkedHashMap<>(target.brokers());
        for (String pod : controllerPods) {
            try {
                target.forwardController(pod).ifPresentOrElse(address -> servers.put(pod, address),
                        () -> notes.add("controller pod " + pod + " is not ready, so its certificate can't be read"));
            } catch (RuntimeException e) {
                problems.add(pod + ": its listener can't be forwarded to: " + Failures.classify(e).getMessage());
            }
        }
        Instant now = Instant.now();
        TlsProbe firstTls = null;
        List<ServedCertificate> certificates = new ArrayList<>();
        try (Parallel parallel = new Parallel()) {
            Map<String, Future<TlsProbe>> pending = new LinkedHashMap<>();
            servers.forEach((pod, address) -> pending.put(pod, parallel.start(() -> TlsProbe.handshake(
                    address.substring(0, address.lastIndexOf(':')), Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)),
                    target.clientSettings(), CHECK_TIMEOUT))));
            for (Map.Entry<String, Future<TlsProbe>> handshake : pending.entrySet()) {
                String pod = handshake.getKey();
                String certificate;
                Instant expires;
                try {
                    TlsProbe tls = Parallel.answer(handshake.getValue());
                    firstTls = firstTls == null ? tls : firstTls;
                    certificate = tls.certificate();
                    expires = tls.expires();
                } catch (TlsProbe.ExpiredCertificate expired) {
                    certificate = expired.certificate();
                    expires = expired.expires();
                } catch (RuntimeException e) {
                    problems.add(pod + ": " + Failures.classify(e).getMessage());
                    continue;
                }
                certificates.add(new ServedCertificate(pod, certificate, expires));
                expiryProblem(pod, certificate, expires, now).ifPresent(problems::add);
            }
        }
        return new Served(firstTls, certificates);
    }

    /** A problem when the certificate {@code pod} serves has expired by {@code now} or will within {@link #CERTIFICATE_WARNING}. */
    static Optional<String> expiryProblem(String pod, String certificate, Instant expires, Instant now) {
        Duration left = Duration.between(now, expires);
        if (left.compareTo(CERTIFICATE_WARNING) >= 0) {
            return Optional.empty();
        }
        String within = left.toDays() >= 2 ? left.toDays() + " days" : Durations.format(left);
        return Optional.of("the certificate " + pod + " serves (" + certificate + ") " + (left.isNegative()
                ? "expired on " + expires : "expires in " + within + ", on " + expires)
                + ": rotate-credentials issues new ones");
    }

    /** What one session with Kafka tells status. */
    private record KafkaAnswers(Replication replication, Protection protection) {}

    /** An answer (null when there is none) and what asking for it found, kept apart until it is merged in order. */
    private record Found<T>(T answer, List<String> problems, List<String> notes, List<String> unreachable) {}

    private Found<KafkaAnswers> askKafka(KubernetesClient client, List<String> controllerPods) {
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        KafkaAnswers answers = ask("Kafka", problems, unreachable, () -> {
            try (KubernetesKafka target = KubernetesKafka.open(client, cluster.statefulSetName())) {
                notes.addAll(target.notes());
                // Read before Kafka is asked: an expired certificate may keep the admin client from logging in.
                Served served = cluster.spec().secured() ? served(target, controllerPods, problems, notes)
                        : new Served(null, List.of());
                try (ClusterAdmin admin = ClusterAdmin.connect(target, KAFKA_TIMEOUT); Parallel parallel = new Parallel()) {
                    // Both questions at once: the admin client sends them together.
                    Future<Protection> protection = parallel.start(() -> protection(admin, served));
                    Replication replication = new Replication(admin.underReplicated());
                    return new KafkaAnswers(replication, Parallel.answer(protection));
                }
            }
        });
        if (answers != null && !answers.replication().underReplicated().isEmpty()) {
            problems.add(answers.replication().underReplicated().size() + " under-replicated partitions");
        }
        return new Found<>(answers, problems, notes, unreachable);
    }

    private Found<ZooKeeperReport> askZooKeeper(KubernetesClient client) {
        List<String> problems = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        ZooKeeperReport report = ask("ZooKeeper", problems, unreachable, () -> {
            try (KubernetesZooKeeper target = KubernetesZooKeeper.open(client, cluster.statefulSetName())) {
                return ZooKeeperCheck.run(target, new ZooKeeperCheck.Settings(null, CHECK_TIMEOUT));
            }
        });
        if (report != null) {
            problems.addAll(report.problems());
        }
        return new Found<>(report, problems, report == null ? List.of() : report.notes(), unreachable);
    }

    private interface Question<T> {
        T ask() throws Exception;
    }

    /**
     * The answer, or null with the reason among the problems when it can't be had; {@code whom} goes
     * into {@code unreachable} when it could not be reached at all.
     */
    private static <T> T ask(String whom, List<String> problems, List<String> unreachable, Question<T> question) {
        try {
            return question.ask();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted");
        } catch (Exception e) {
            ToolException failure = Failures.classify(e);
            problems.add(whom + " could not be asked: " + failure.getMessage());
            if (failure.exitCode() == ExitCode.UNREACHABLE) {
                unreachable.add(whom);
            }
        }
        return null;
    }

    /** The scheduler's reason when the pod waits for a node (its volume's node cordoned or gone, say). */
    private static Optional<String> unschedulable(Pod pod) {
        return pod.getStatus() == null ? Optional.empty() : pod.getStatus().getConditions().stream()
                .filter(condition -> "PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus()))
                .map(condition -> Objects.requireNonNullElse(condition.getMessage(), condition.getReason()))
                .findFirst();
    }

    private static PodState podState(Pod pod, String currentRevision) {
        int restarts = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                : pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getRestartCount)
                        .filter(Objects::nonNull).mapToInt(Integer::intValue).sum();
        String created = pod.getMetadata().getCreationTimestamp();
        String age = created == null ? "-" : Durations.format(Duration.between(Instant.parse(created), Instant.now()));
        String revision = Rollout.revision(pod);
        return new PodState(pod.getMetadata().getName(), Readiness.isPodReady(pod),
                phase(pod.getStatus() == null ? null : pod.getStatus().getPhase()), restarts, age, pod.getSpec().getNodeName(),
                currentRevision != null && revision != null && !currentRevision.equals(revision));
    }

    private static String phase(String phase) {
        return phase == null ? "Unknown" : phase;
    }
}
