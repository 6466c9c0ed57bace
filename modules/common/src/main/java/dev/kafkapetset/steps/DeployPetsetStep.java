package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.ClusterAdmin;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kafka.KubernetesKafka;
import dev.kafkapetset.kube.ClusterIdRecord;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.ClusterSecrets;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.ZookeeperConnect;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The brokers' StatefulSet and disruption budget, then the wait for them to be ready. */
public final class DeployPetsetStep implements Step {
    private final KafkaCluster cluster;
    private final int brokers;
    private final BrokerChanges changes;
    private final KubeOptions kube;
    private final WaitOptions waiting;

    /**
     * What needs the operator's explicit word: changes to a running cluster, and joining the Kafka
     * cluster an outside ZooKeeper's root holds.
     *
     * @param noRoll leave the brokers on the old pod template after a change to it, for the operator to
     *     roll them later
     * @param joinZookeeperCluster the id of the Kafka cluster an outside ZooKeeper root holds, which the
     *     brokers are to join; null: they may only start a cluster of their own there
     */
    public record BrokerChanges(boolean allowZookeeperChange, boolean expandClaims, boolean noRoll,
            String joinZookeeperCluster) {}

    /** @param kube reaches the brokers to roll them safely after a change to their pod template */
    public DeployPetsetStep(KafkaCluster cluster, int brokers, BrokerChanges changes, KubeOptions kube, WaitOptions waiting) {
        ZookeeperRootCheck.requireJoinable(cluster, changes.joinZookeeperCluster());
        this.cluster = cluster;
        this.brokers = brokers;
        this.changes = changes;
        this.kube = kube;
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
        refuseZooKeeperModeOverMigratedData(state);
        if (cluster.spec().metadata().withoutZooKeeper()) {
            Workloads.requireService(state, namespace, KraftControllers.statefulSetName(cluster.spec().name()),
                    "run deploy-controllers first (the brokers register with the KRaft controllers)");
            String name = KraftControllers.clusterIdRecordName(cluster.spec().name());
            ConfigMap record = ClusterIdRecord.find(state, cluster);
            if (ClusterIdRecord.data(record).get(KraftControllers.CLUSTER_ID_KEY) == null) {
                throw ToolException.failed("configmap/" + name + (record == null ? " not found" : " holds no cluster id")
                        + ": run deploy-controllers first (it records the id the brokers format with)");
            }
        }
        Workloads.requireService(state, namespace, cluster.serviceName(),
                "run deploy-service first (the brokers' DNS names come from it)");
        Workloads.requireVolumes(state, cluster.generateVolumes(brokers), "create-volumes --replicas " + brokers);
        if (cluster.spec().secured()) {
            Workloads.requireSecrets(state, namespace, List.of(cluster.secrets().credentials(), cluster.secrets().brokerTls(),
                    cluster.secrets().brokerJaas()));
            requireKeystores(state);
        }
        refuseSharedZookeeperRoot(state);
        List<PlanEntry> plan = new ArrayList<>(ZookeeperRootCheck.plan(state, cluster, brokers,
                changes.joinZookeeperCluster(), kube));
        plan.addAll(Workloads.reusedClaims(state, cluster, 0, brokers));
        plan.addAll(zookeeperChange(state));
        StatefulSet live = state.get(StatefulSet.class, namespace, cluster.statefulSetName());
        if (live != null) {
            refuseVersionJump(DeployedKafka.from(live));
        }
        // Planned first, for its refusals (a change of racks among them); applied after the racks and Services it reads.
        ObjectChange statefulSet = Workloads.statefulSet(state, cluster.generateStatefulSet(brokers), this::refuseScaleDown);
        plan.addAll(Racks.plan(state, cluster, brokers));
        cluster.externalServices(0, brokers).forEach(service -> plan.add(Apply.change(state, service)));
        plan.addAll(LoadBalancers.plan(state, cluster, brokers, waiting));
        plan.add(statefulSet);
        plan.addAll(new ClaimSizes(state, cluster, brokers, changes.expandClaims()).plan());
        plan.add(Apply.change(state, cluster.generatePodDisruptionBudget()));
        plan.addAll(Workloads.rollAfter(statefulSet, state, RollStep.brokers(cluster, kube, false, waiting),
                changes.noRoll()));
        plan.addAll(Workloads.awaitReady(namespace, cluster.statefulSetName(), cluster.labels().selector(), brokers,
                waiting));
        plan.addAll(dynamicSettings(state));
        return plan;
    }

    /**
     * The settings Kafka takes at run time: set as cluster-wide defaults once the brokers serve, no
     * restart, where the cluster's differ; unchanged where they already hold.
     */
    private List<PlanEntry> dynamicSettings(ClusterState state) {
        Map<String, String> wanted = cluster.spec().settings().dynamic();
        if (wanted.isEmpty()) {
            return List.of();
        }
        Map<String, String> current = Map.of();
        String known = "";
        if (state.isLive() && state.get(StatefulSet.class, cluster.spec().namespace(), cluster.statefulSetName()) != null) {
            try (KafkaTarget target = kafka(); ClusterAdmin admin = ClusterAdmin.connect(target,
                    Duration.ofSeconds(30))) {
                current = admin.clusterDefaults();
            } catch (ToolException unreachable) {
                // Only the brokers being out of reach is planned around; anything else (a login refused) is a refusal now.
                if (unreachable.exitCode() != ExitCode.UNREACHABLE) {
                    throw unreachable;
                }
                known = " (the brokers can't tell now what they hold: " + unreachable.getMessage() + ")";
            }
        }
        Map<String, String> changes = new TreeMap<>();
        Map<String, String> holds = current;
        wanted.forEach((key, value) -> {
            if (!value.equals(holds.get(key))) {
                changes.put(key, value);
            }
        });
        if (changes.isEmpty()) {
            return List.of(Note.info("cluster-wide broker settings unchanged: " + joined(wanted)));
        }
        return List.of(new Action("configure", "set the cluster-wide broker settings " + joined(changes) + ", which Kafka"
                + " applies at run time: no restart" + known, changes, execution -> {
                    try (KafkaTarget target = kafka(); ClusterAdmin admin = ClusterAdmin.connect(target,
                            Duration.ofSeconds(30))) {
                        admin.setClusterDefaults(changes);
                    }
                    execution.report().line("cluster-wide broker settings set: " + joined(changes));
                }));
    }

    private KafkaTarget kafka() {
        return KubernetesKafka.open(kube, cluster.statefulSetName());
    }

    private static String joined(Map<String, String> settings) {
        return String.join(", ", settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /**
     * Repointing running brokers at another ZooKeeper breaks them: their data carries the cluster id
     * kept in the old one (InconsistentClusterIdException at start). Refused while they have data,
     * unless the operator says so and is told what that means.
     */
    private List<PlanEntry> zookeeperChange(ClusterState state) {
        StatefulSet live = state.get(StatefulSet.class, cluster.spec().namespace(), cluster.statefulSetName());
        if (live == null || !cluster.spec().hasZooKeeper()) {
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
     * Brokers deployed afresh render in ZooKeeper mode, but the migration's record (kept by teardown
     * with the data) says this cluster's metadata was leaving ZooKeeper, without saying it was
     * finalized (a finalized one brings the cluster back in KRaft mode): ZooKeeper-mode brokers on
     * that data could go back to ZooKeeper's stale copy, which Kafka forbids once finalized.
     */
    private void refuseZooKeeperModeOverMigratedData(ClusterState state) {
        String namespace = cluster.spec().namespace();
        String record = KraftControllers.clusterIdRecordName(cluster.spec().name());
        ConfigMap kept = ClusterIdRecord.find(state, cluster);
        if (cluster.spec().metadata().zooKeeper() && state.get(StatefulSet.class, namespace, cluster.statefulSetName()) == null
                && kept != null) {
            ClusterIdRecord.data(kept); // another's record is refused as such, not taken for this cluster's migration
            throw ToolException.failed("configmap/" + record + " records a migration of cluster " + cluster.spec().name()
                    + " off ZooKeeper that it does not say was finalized: brokers deployed afresh would run in ZooKeeper"
                    + " mode on its data, with ZooKeeper's stale metadata. If the data is to go, teardown --delete-data"
                    + " removes it with the record");
        }
    }

    /**
     * Two clusters in one ZooKeeper root take each other's broker ids and cluster id: refuse a root
     * another of this namespace's clusters uses.
     */
    private void refuseSharedZookeeperRoot(ClusterState state) {
        if (!cluster.spec().hasZooKeeper()) {
            return;
        }
        String wanted = cluster.spec().zookeeper().toString();
        for (StatefulSet other : state.list(StatefulSet.class, cluster.spec().namespace(), cluster.labels().kindSelector())) {
            if (other.getMetadata().getName().equals(cluster.statefulSetName())) {
                continue;
            }
            String theirs = DeployedKafka.from(other).zookeeperConnect();
            if (theirs != null && sameRoot(theirs, wanted)) {
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

    /**
     * A new Kafka version takes two rolls with the protocol version pinned between them; a cluster in
     * the middle of that is the upgrade's to finish. Only a patch-level image change is deploy-petset's.
     */
    private void refuseVersionJump(DeployedKafka live) {
        if (live.protocolVersion() != null) {
            throw ToolException.failed("statefulset.apps/" + live.name() + " is in the middle of a version upgrade"
                    + " (inter.broker.protocol.version pinned to " + live.protocolVersion() + "): finish it with upgrade"
                    + " --image " + live.image());
        }
        UpgradeStep.refuseVersionJump(live.image(), cluster.spec().image());
    }

    /** Every broker started needs its keystore: a broker without one would crash-loop. */
    private void requireKeystores(ClusterState state) {
        Secret tls = state.get(Secret.class, cluster.spec().namespace(), cluster.secrets().brokerTls());
        Map<String, String> data = tls.getData() == null ? Map.of() : tls.getData();
        List<String> missing = new ArrayList<>();
        for (int ordinal = 0; ordinal < brokers; ordinal++) {
            if (!data.containsKey(ClusterSecrets.keystore(cluster.podName(ordinal)))) {
                missing.add(cluster.podName(ordinal));
            }
        }
        if (!missing.isEmpty()) {
            throw ToolException.failed("secret/" + cluster.secrets().brokerTls() + " has no keystore for "
                    + String.join(", ", missing) + ": run create-secrets --replicas " + brokers + " first");
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
