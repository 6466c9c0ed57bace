package dev.kafkapetset.steps;

import dev.kafkapetset.cli.JoinZookeeperOption;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.ZookeeperConnect;
import dev.kafkapetset.zookeeper.KafkaRegistration;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Brokers with no data deployed into a ZooKeeper root that holds a Kafka cluster join that cluster:
 * each takes the broker id of its ordinal there, and one whose id is of a broker of it that is down
 * takes its place with an empty log (a partition whose only in-sync replica was there loses its
 * records). So before brokers are deployed on an outside ZooKeeper (not the cluster's own ensemble)
 * while none of this cluster's runs there, its root is read: one that holds a cluster is refused
 * unless the operator names that cluster to join, and then still while one of the brokers' ids is
 * registered there (that broker could not start). Kept claims don't count as proof: the plan can't
 * see whether they hold data, and the data check passes an empty one.
 */
final class ZookeeperRootCheck {
    /** How long the read of the root may take before the plan gives up. */
    private static final Duration READ = Duration.ofSeconds(30);
    private static final String OPTION = JoinZookeeperOption.NAME;

    private ZookeeperRootCheck() {}

    /**
     * What deploying {@code brokers} brokers of {@code cluster} finds in its ZooKeeper's root, as
     * notes; refused (before anything is written) when they would join a cluster the operator did
     * not name in {@code join} (null: none).
     */
    static List<PlanEntry> plan(ClusterState state, KafkaCluster cluster, int brokers, String join, KubeOptions kube) {
        String namespace = cluster.spec().namespace();
        if (!state.isLive() || !cluster.spec().metadata().zooKeeper() || cluster.spec().ensemble().isPresent()) {
            return List.of();
        }
        // Brokers of this cluster running there (a StatefulSet deleted with --cascade=orphan leaves them): its root.
        if (state.get(StatefulSet.class, namespace, cluster.statefulSetName()) != null
                || !state.list(Pod.class, namespace, cluster.labels().selector()).isEmpty()) {
            return join == null ? List.of() : List.of(Note.info(OPTION + " " + join + ": the cluster's brokers run there"
                    + " already, nothing to join"));
        }
        List<Integer> kept = IntStream.range(0, brokers)
                .filter(ordinal -> state.get(PersistentVolumeClaim.class, namespace, cluster.claimName(ordinal)) != null)
                .boxed().toList();
        ZookeeperConnect connect = cluster.spec().zookeeper();
        if (!KubernetesZooKeeper.inCluster(state, namespace, connect)) {
            return List.of(Note.warning("ZooKeeper at " + connect + " is not a pod, or a Service with a selector, of this"
                    + " Kubernetes cluster, so it can't be read from here" + (join == null ? "" : " to prove it holds cluster "
                    + join) + ": make sure its root holds no other Kafka cluster (brokers with no data join whatever cluster"
                    + " it holds, and take over the broker ids of any that are down, with empty logs)"));
        }
        KafkaRegistration held = read(kube, connect, cluster.spec().name());
        if (held.clusterId() == null) {
            if (join != null) {
                throw ToolException.failed(OPTION + " " + join + ": ZooKeeper at " + connect + " holds no Kafka cluster;"
                        + " is --zookeeper the root you meant? Leave the option out to start a new cluster there");
            }
            return List.of(Note.info("ZooKeeper at " + connect + " holds no Kafka cluster yet: the brokers start one"));
        }
        Set<Integer> registered = held.brokers().stream().map(KafkaRegistration.Broker::id)
                .collect(Collectors.toCollection(TreeSet::new));
        String registeredIds = registered.isEmpty() ? "none" : joined(List.copyOf(registered));
        List<Integer> all = IntStream.range(0, brokers).boxed().toList();
        if (join == null) {
            throw ToolException.failed("ZooKeeper at " + connect + " holds Kafka cluster " + held.clusterId() + " (brokers"
                    + " registered: " + registeredIds + "), and cluster " + cluster.spec().name() + " runs no broker there"
                    + (kept.isEmpty() ? "" : " (claims of " + brokers(kept) + " are kept from before)") + ": "
                    + brokers(all) + " would join that cluster, and a broker of it that is down would be replaced by one of"
                    + " the same id with an empty log. Give this cluster a root of its own (e.g. --zookeeper " + connect + "/"
                    + cluster.spec().name() + "); if cluster " + held.clusterId() + " is to be joined, or is this one's from"
                    + " before a teardown (which leaves an outside ZooKeeper as it is), pass " + OPTION + " "
                    + held.clusterId());
        }
        if (!join.equals(held.clusterId())) {
            throw ToolException.failed(OPTION + " " + join + ": ZooKeeper at " + connect + " holds Kafka cluster "
                    + held.clusterId() + ", not " + join + "; is --zookeeper the root you meant?");
        }
        List<Integer> taken = all.stream().filter(registered::contains).toList();
        if (!taken.isEmpty()) {
            boolean one = taken.size() == 1;
            throw ToolException.failed(OPTION + " " + join + ": cluster " + join + "'s " + brokers(taken) + (one ? " is" : " are")
                    + " registered in ZooKeeper at " + connect + " now, so this cluster's " + (one ? "broker" : "brokers")
                    + " of the same " + (one ? "id" : "ids") + " could not start (a broker id can be registered only once);"
                    + " stop " + (one ? "it" : "them") + " first only if " + (one ? "it is" : "they are") + " to be replaced");
        }
        return List.of(Note.warning(OPTION + " " + join + ": " + brokers(all) + (all.size() == 1 ? " joins" : " join")
                + " the Kafka cluster in ZooKeeper at " + connect + (kept.isEmpty() ? " with no data" : "") + " (registered"
                + " there now: " + registeredIds + "); a partition whose only in-sync replica was on "
                + (all.size() == 1 ? brokers(all) : "one of " + brokers(all)) + " loses its records, unless a kept claim"
                + " holds them"));
    }

    /** Refuses {@code join} (a usage error) unless {@code cluster}'s brokers use an outside ZooKeeper. */
    static void requireJoinable(KafkaCluster cluster, String join) {
        if (join != null && (!cluster.spec().metadata().zooKeeper() || cluster.spec().ensemble().isPresent())) {
            throw ToolException.usage(OPTION + ": only brokers deployed on an outside ZooKeeper (--zookeeper) join a"
                    + " Kafka cluster there; cluster " + cluster.spec().name() + (cluster.spec().metadata().zooKeeper()
                            ? " has an ensemble of its own" : "'s brokers are not in ZooKeeper mode"));
        }
    }

    /** What Kafka keeps in the root; a ZooKeeper that can't be read is refused as it failed, with what was at stake. */
    private static KafkaRegistration read(KubeOptions kube, ZookeeperConnect connect, String cluster) {
        try (KubernetesZooKeeper target = KubernetesZooKeeper.open(kube, connect, cluster)) {
            return ZooKeeperCheck.registration(target, READ);
        } catch (ToolException unread) {
            throw new ToolException(unread.exitCode(), "ZooKeeper at " + connect + " can't be read to tell whether its"
                    + " root holds another Kafka cluster, which brokers with no data would join: " + unread.getMessage(),
                    unread);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.unreachable("interrupted while reading ZooKeeper at " + connect, e);
        }
    }

    /** "broker 0", "brokers 0, 1". */
    private static String brokers(List<Integer> ids) {
        return (ids.size() == 1 ? "broker " : "brokers ") + joined(ids);
    }

    private static String joined(List<Integer> ids) {
        return ids.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
