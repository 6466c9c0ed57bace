package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.Rollout;
import dev.kafkapetset.kube.ThreeWayMerge.Difference;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Security;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** What the steps that run StatefulSets share: their preconditions, their changes, and the wait for their pods. */
final class Workloads {
    /** What Kubernetes won't change on a live StatefulSet. */
    private static final List<String> IMMUTABLE = List.of("spec.selector", "spec.serviceName",
            "spec.podManagementPolicy", "spec.volumeClaimTemplates");

    /** The volumes of {@code volumes} that don't exist, as {@code persistentvolume/name}. */
    static List<String> missingVolumes(ClusterState state, List<PersistentVolume> volumes) {
        return volumes.stream()
                .filter(volume -> state.get(volume) == null)
                .map(volume -> "persistentvolume/" + volume.getMetadata().getName())
                .toList();
    }

    static void requireVolumes(ClusterState state, List<PersistentVolume> volumes, String remedy) {
        List<String> missing = missingVolumes(state, volumes);
        if (!missing.isEmpty()) {
            throw ToolException.failed(missing.size() + " of the " + volumes.size() + " volumes the pods need are"
                    + " missing (" + String.join(", ", missing) + "): run " + remedy + " first");
        }
    }

    /**
     * A running cluster keeps the protection it was made with: changing it would roll brokers whose
     * peers and clients speak the other protocol, and lock every client out or in.
     */
    /**
     * Running brokers keep their rack awareness: while a roll turns it on or off, some brokers have a
     * rack and some not, and Kafka then refuses to create any topic.
     */
    static void requireSameRacks(StatefulSet live, Optional<String> wanted) {
        Optional<String> running = DeployedKafka.rackKey(live);
        if (!running.equals(wanted)) {
            throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs "
                    + running.map(key -> "rack-aware brokers (--rack-topology-key " + key + ")").orElse("brokers without racks")
                    + ": turning racks " + (wanted.isPresent() && running.isPresent() ? "to another label" : wanted.isPresent()
                    ? "on" : "off") + " is not something this version does (while a roll is under way, Kafka refuses to"
                    + " create topics when some brokers have a rack and some not). Leave out --rack-topology-key to keep"
                    + " what runs");
        }
    }

    private static void requireSameSecurity(StatefulSet live, Security wanted) {
        Security running = DeployedKafka.security(live);
        if (running != wanted) {
            throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs " + running.word()
                    + ": changing a running cluster to --security " + wanted.word() + " is not something this version"
                    + " does (brokers and clients would stop understanding each other part-way through a roll). Pass"
                    + " --security " + running.word() + ", or bring up a new " + wanted.word() + " cluster beside it"
                    + " (--name) and move the clients over");
        }
    }

    /**
     * Secured clusters: the Secrets their pods mount, else a failure saying to make them first; one
     * kafka-petset did not make is refused.
     */
    static void requireSecrets(ClusterState state, String namespace, List<String> secrets) {
        List<String> missing = new ArrayList<>();
        List<Secret> found = new ArrayList<>();
        for (String name : secrets) {
            Secret secret = state.get(Secret.class, namespace, name);
            if (secret == null) {
                missing.add("secret/" + name);
            } else {
                found.add(secret);
            }
        }
        if (!missing.isEmpty()) {
            throw ToolException.failed("the cluster is secured and its pods mount Secrets that are missing ("
                    + String.join(", ", missing) + "): run create-secrets first");
        }
        // Another's Secret of one of these names would give the pods its keystore, its passwords.
        found.forEach(secret -> dev.kafkapetset.kube.Objects.requireOurs(secret, "refusing to mount it in the cluster's"
                + " pods; if it is this cluster's, label it " + dev.kafkapetset.kube.Objects.OURS));
    }

    static void requireService(ClusterState state, String namespace, String service, String remedy) {
        if (state.get(Service.class, namespace, service) == null) {
            throw ToolException.failed("service/" + service + " is missing in namespace " + namespace + ": " + remedy);
        }
    }

    /**
     * Which brokers about to start will find data on their claims: kept from an earlier run, it is
     * checked against ZooKeeper before Kafka starts (the data-check init container).
     */
    static List<PlanEntry> reusedClaims(ClusterState state, KafkaCluster cluster, int from, int to) {
        String namespace = cluster.spec().namespace();
        List<PlanEntry> notes = new ArrayList<>();
        for (int ordinal = from; ordinal < to; ordinal++) {
            boolean claimed = state.get(PersistentVolumeClaim.class, namespace, cluster.claimName(ordinal)) != null;
            boolean running = state.get(Pod.class, namespace, cluster.podName(ordinal)) != null;
            if (claimed && !running) {
                notes.add(Note.info("persistentvolumeclaim/" + cluster.claimName(ordinal) + " is kept from before: broker "
                        + ordinal + " starts on its data once it matches this cluster's " + (cluster.spec().metadata().kraft()
                                ? "recorded id" : "ZooKeeper")));
            }
        }
        return notes;
    }

    /** The change to a StatefulSet, refused when Kubernetes can't make it in place. */
    static ObjectChange statefulSet(ClusterState state, StatefulSet desired) {
        return statefulSet(state, desired, live -> { });
    }

    /**
     * The change to a StatefulSet: {@code guard} may refuse what it would do to the live one, and a
     * change Kubernetes can't make in place is refused with the way to make it that keeps the data.
     */
    static ObjectChange statefulSet(ClusterState state, StatefulSet desired, Consumer<StatefulSet> guard) {
        StatefulSet live = state.get(desired);
        if (live != null) {
            requireSameSecurity(live, DeployedKafka.security(desired));
            requireSameRacks(live, DeployedKafka.rackKey(desired));
            guard.accept(live);
        }
        ObjectChange change = Apply.change(state, desired);
        List<String> immutable = change.differences().stream()
                .filter(difference -> IMMUTABLE.stream().anyMatch(difference.path()::startsWith))
                .map(Difference::toString)
                .toList();
        if (!immutable.isEmpty()) {
            String name = desired.getMetadata().getName();
            throw ToolException.failed("statefulset.apps/" + name + " can't be changed in place: "
                    + String.join("; ", immutable) + ". To change it and keep the data: 'kubectl delete statefulset "
                    + name + " -n " + desired.getMetadata().getNamespace() + " --cascade=orphan' (the pods keep running,"
                    + " the claims stay), then run this step again: the new StatefulSet adopts the pods and their data"
                    + " claims");
        }
        return change;
    }

    /**
     * What follows a change to a StatefulSet: its pods update only when restarted, so after a change
     * to the pod template they are rolled, one at a time and only when safe; with {@code noRoll} the
     * operator is told they run the old template. A roll that stopped half-way goes on.
     */
    static List<PlanEntry> rollAfter(ObjectChange statefulSet, ClusterState state, RollStep roll, boolean noRoll) {
        boolean templateChanged = statefulSet.verb() == ObjectChange.Verb.UPDATE && statefulSet.differences().stream()
                .anyMatch(difference -> difference.path().startsWith("spec.template"));
        List<Pod> pods = templateChanged || statefulSet.verb() == ObjectChange.Verb.UNCHANGED
                ? roll.podsToRestart(state, templateChanged) : List.of();
        if (pods.isEmpty()) {
            return List.of();
        }
        if (!noRoll) {
            return roll.restarts(state, pods);
        }
        return List.of(Note.warning("the pods of " + statefulSet.name() + " run an old pod template until each restarts:"
                + " run roll to restart them one at a time, safely (--no-roll left them)"));
    }

    /**
     * Waiting for {@code replicas} ready, up-to-date pods of StatefulSet {@code name}, unless --no-wait.
     * A failed data check (another cluster's data on a volume) ends the wait at once: it refuses the
     * same way each time.
     */
    static List<PlanEntry> awaitReady(String namespace, String name, Map<String, String> selector, int replicas,
            WaitOptions waiting) {
        if (!waiting.enabled()) {
            return List.of();
        }
        return List.of(new Action("wait", "wait until " + replicas + " pod" + (replicas == 1 ? "" : "s")
                + " of statefulset/" + name + (replicas == 1 ? " is" : " are") + " ready (timeout "
                + Durations.format(waiting.timeout()) + ")",
                execution -> new Rollout(execution.client(), execution.report())
                        .awaitReady(namespace, name, selector, replicas, waiting.timeout(),
                                Set.of(KafkaCluster.DATA_CHECK_CONTAINER))));
    }

    /** Whether a container of {@code pod} sets environment variable {@code name}. */
    static boolean setsVariable(PodSpec pod, String name) {
        return pod.getContainers().stream().filter(container -> container.getEnv() != null)
                .flatMap(container -> container.getEnv().stream()).anyMatch(env -> name.equals(env.getName()));
    }

    static int replicas(StatefulSet live) {
        return Objects.requireNonNullElse(live.getSpec().getReplicas(), 1);
    }

    /** How many of {@code live}'s pods its status counts ready; none when it has no status yet. */
    static int readyReplicas(StatefulSet live) {
        return live.getStatus() == null ? 0 : Objects.requireNonNullElse(live.getStatus().getReadyReplicas(), 0);
    }

    private Workloads() {}
}
