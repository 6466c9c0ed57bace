package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.ZookeeperConnect;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The brokers' StatefulSet and disruption budget, then the wait for them to be ready. */
public final class DeployPetsetStep implements Step {
    private final KafkaCluster cluster;
    private final int brokers;
    private final BrokerChanges changes;
    private final WaitOptions waiting;

    /** Changes to a running cluster that need the operator's explicit word. */
    public record BrokerChanges(boolean allowZookeeperChange, boolean expandClaims) {
        public static final BrokerChanges NONE = new BrokerChanges(false, false);
    }

    public DeployPetsetStep(KafkaCluster cluster, int brokers, BrokerChanges changes, WaitOptions waiting) {
        this.cluster = cluster;
        this.brokers = brokers;
        this.changes = changes;
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "deploy-petset";
    }

    @Override
    public String purpose() {
        return "the " + brokers + " brokers, until every one is ready";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        String namespace = cluster.spec().namespace();
        LiveState.requireNamespace(state, namespace);
        Workloads.requireService(state, namespace, cluster.serviceName(),
                "run deploy-service first (the brokers' DNS names come from it)");
        Workloads.requireVolumes(state, cluster.generateVolumes(brokers), "create-volumes --replicas " + brokers);
        refuseSharedZookeeperRoot(state);
        List<PlanEntry> plan = new ArrayList<>(Workloads.reusedClaims(state, cluster, 0, brokers));
        plan.addAll(zookeeperChange(state));
        plan.add(Workloads.statefulSet(state, cluster.generateStatefulSet(brokers), this::refuseScaleDown));
        plan.addAll(new ClaimSizes(state, cluster, brokers, changes.expandClaims()).plan());
        plan.add(Apply.change(state, cluster.generatePodDisruptionBudget()));
        plan.addAll(Workloads.awaitReady(namespace, cluster.statefulSetName(), cluster.labels().selector(), brokers,
                waiting));
        return plan;
    }

    /**
     * Repointing running brokers at another ZooKeeper breaks them: their data carries the cluster id
     * kept in the old one (InconsistentClusterIdException at start). Refused while they have data,
     * unless the operator says so and is told what that means.
     */
    private List<PlanEntry> zookeeperChange(ClusterState state) {
        StatefulSet live = state.get(StatefulSet.class, cluster.spec().namespace(), cluster.statefulSetName());
        if (live == null) {
            return List.of();
        }
        String was = DeployedKafka.from(live).zookeeperConnect();
        String wanted = cluster.spec().zookeeper().toString();
        if (sameRoot(was, wanted)) {
            return List.of();
        }
        List<String> claims = new ArrayList<>();
        for (int ordinal = 0; ordinal < Math.max(brokers, Workloads.replicas(live)); ordinal++) {
            if (state.get(PersistentVolumeClaim.class, cluster.spec().namespace(), cluster.claimName(ordinal)) != null) {
                claims.add(cluster.claimName(ordinal));
            }
        }
        if (claims.isEmpty()) {
            return List.of();
        }
        String risk = "the brokers keep their metadata in the ZooKeeper at " + was + ", and their data (claims "
                + String.join(", ", claims) + ") carries the cluster id kept there: pointed at " + wanted + " they stop"
                + " with InconsistentClusterIdException";
        if (!changes.allowZookeeperChange()) {
            throw ToolException.failed("statefulset.apps/" + cluster.statefulSetName() + ": " + risk + ". To keep the"
                    + " cluster, pass --zookeeper " + was + "; to repoint it anyway, --allow-zookeeper-change (its"
                    + " brokers' data is then of no use to them)");
        }
        return List.of(Note.warning("--allow-zookeeper-change: " + risk));
    }

    /**
     * Two clusters in one ZooKeeper root take each other's broker ids and cluster id: refuse a root
     * another of this namespace's clusters uses.
     */
    private void refuseSharedZookeeperRoot(ClusterState state) {
        String wanted = cluster.spec().zookeeper().toString();
        for (StatefulSet other : state.list(StatefulSet.class, cluster.spec().namespace(), cluster.labels().kindSelector())) {
            if (other.getMetadata().getName().equals(cluster.statefulSetName())) {
                continue;
            }
            String theirs = DeployedKafka.from(other).zookeeperConnect();
            if (sameRoot(theirs, wanted)) {
                throw ToolException.failed("cluster " + other.getMetadata().getName() + " keeps its metadata in the"
                        + " ZooKeeper at " + theirs + ": two clusters in one ZooKeeper root take each other's broker ids;"
                        + " give this one a root of its own, e.g. --zookeeper " + wanted + "/" + cluster.spec().name()
                        + ", or its own ensemble (leave out --zookeeper)");
            }
        }
    }

    /** The same ZooKeeper servers (in any order) and the same chroot. */
    private static boolean sameRoot(String one, String other) {
        try {
            ZookeeperConnect a = ZookeeperConnect.parse(one);
            ZookeeperConnect b = ZookeeperConnect.parse(other);
            return new TreeSet<>(a.servers().stream().map(Object::toString).toList())
                    .equals(new TreeSet<>(b.servers().stream().map(Object::toString).toList()))
                    && a.chroot().equals(b.chroot());
        } catch (ToolException malformed) {
            return one.equals(other);
        }
    }

    private void refuseScaleDown(StatefulSet live) {
        int running = Workloads.replicas(live);
        if (brokers < running) {
            throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs " + running
                    + " brokers and this would cut it to " + brokers + ": pass --replicas " + running
                    + " to keep them, or use scale --replicas " + brokers + ", which guards the data");
        }
    }
}
