package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KubernetesKafka;
import dev.kafkapetset.kube.ClusterIdRecord;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.kube.ThreeWayMerge;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.Security;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.Uuid;

/**
 * A cluster made in KRaft mode ({@code --metadata kraft}): its cluster id, new and random, recorded in
 * ConfigMap {@code <cluster>-kraft} once and kept for good (the controllers and brokers format their
 * storage with it, and the brokers' data check compares it); then the KRaft controller quorum, its
 * volumes first, waited for until every controller is Ready. The brokers follow (deploy-petset).
 */
public final class DeployControllersStep implements Step {
    /** What a plan shows for the cluster id a run makes: the id is random, and no dry run can know it. */
    static final String NEW_CLUSTER_ID = "(a new random id, made when applied)";

    private final KafkaCluster cluster;
    private final KraftControllers controllers;
    private final KubeOptions kube;
    private final List<String> nodes;
    private final WaitOptions waiting;

    public DeployControllersStep(KafkaCluster cluster, KubeOptions kube, List<String> nodes, WaitOptions waiting) {
        this.cluster = cluster;
        this.controllers = cluster.controllers(cluster.spec().metadata().controllers());
        this.kube = kube;
        this.nodes = List.copyOf(nodes);
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "deploy-controllers";
    }

    @Override
    public String purpose() {
        return "the cluster id and " + controllers.replicas() + " KRaft controllers, until they are ready";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        if (!cluster.spec().metadata().finalized()) {
            throw ToolException.usage("cluster " + cluster.spec().name() + " keeps its metadata in ZooKeeper: deploy-controllers"
                    + " is for a cluster made in KRaft mode (--metadata kraft); a ZooKeeper-mode cluster gets its"
                    + " controllers from migrate-controllers");
        }
        LiveState.requireNamespace(state, cluster.spec().namespace());
        StatefulSet running = state.get(StatefulSet.class, cluster.spec().namespace(), controllers.statefulSetName());
        if (running != null) {
            UpgradeStep.refuseVersionJump(DeployedKafka.image(running, KraftControllers.CONTAINER_NAME), cluster.spec().image());
        }
        List<PlanEntry> plan = new ArrayList<>();
        plan.add(clusterIdRecord(state));
        // A changed pod template is rolled in safely, the leader last, asking the quorum through the brokers; with none
        // serving, nothing uses the metadata yet, and the pods take the new template as they restart.
        StatefulSet brokers = state.get(StatefulSet.class, cluster.spec().namespace(), cluster.statefulSetName());
        boolean serving = brokers != null && Workloads.readyReplicas(brokers) > 0;
        Optional<RollStep> roll = serving ? Optional.of(new RollStep(cluster, controllers.statefulSetName(),
                controllers.labels(), new ControllerRoll(() -> KubernetesKafka.open(kube, cluster.statefulSetName()),
                        controllers.replicas()), waiting)) : Optional.empty();
        plan.addAll(quorum(state, cluster, controllers, nodes, waiting, roll));
        if (!serving && running != null) {
            plan.add(Note.info("no broker serves yet: a controller on an older pod template takes the new one when it"
                    + " restarts (status names any), or when deploy-controllers runs again with the brokers up"));
        }
        plan.add(Note.info("next: deploy-service and deploy-petset, whose brokers register with these controllers"));
        return plan;
    }

    /**
     * The record of the cluster id: made with a new random id when missing, kept as it is otherwise.
     * A record a migration made names its attempt: that cluster left ZooKeeper, and its controllers'
     * log is on their volumes, which a quorum made here would not read.
     */
    private ObjectChange clusterIdRecord(ClusterState state) {
        String name = controllers.clusterIdRecordName();
        ConfigMap live = state.get(ConfigMap.class, cluster.spec().namespace(), name);
        Map<String, String> data = ClusterIdRecord.data(live);
        if (live == null) {
            ConfigMap record = controllers.generateRecord(Map.of(KraftControllers.CLUSTER_ID_KEY, Uuid.randomUuid().toString(),
                    KraftControllers.ATTEMPT_KEY, KraftControllers.NO_MIGRATION,
                    KraftControllers.CONTROLLERS_KEY, Integer.toString(controllers.replicas()),
                    KraftControllers.SECURITY_KEY, cluster.spec().security().word()), Set.of());
            ConfigMap shown = new ConfigMapBuilder(record).addToData(KraftControllers.CLUSTER_ID_KEY, NEW_CLUSTER_ID).build();
            return new ObjectChange(ObjectChange.Verb.CREATE, shown,
                    ThreeWayMerge.recording(ThreeWayMerge.copy(record), record), List.of());
        }
        String attempt = data.get(KraftControllers.ATTEMPT_KEY);
        String clusterId = data.get(KraftControllers.CLUSTER_ID_KEY);
        if (clusterId == null || !KraftControllers.NO_MIGRATION.equals(attempt) && cluster.spec().metadata().withoutZooKeeper()) {
            throw ToolException.failed("configmap/" + name + " records " + (attempt == null ? "no migration attempt"
                    : "migration attempt " + attempt) + " of cluster " + clusterId + ", not a cluster made in KRaft mode:"
                    + " it is kept with the data of a cluster that left ZooKeeper, or was leaving it, and does not say the"
                    + " migration was finalized (migrate-finalize records that); if that cluster and its data are gone,"
                    + " delete it");
        }
        try {
            Uuid.fromString(clusterId);
        } catch (IllegalArgumentException notAnId) {
            // A plan printed with --dry-run and applied by hand shows the placeholder, not an id.
            throw ToolException.failed("configmap/" + name + " holds cluster id '" + clusterId + "', which is not a Kafka"
                    + " cluster id (a plan's placeholder applied by hand?): if no controller or broker has formatted its"
                    + " storage with it, delete it and run again");
        }
        String recordedVoters = data.get(KraftControllers.CONTROLLERS_KEY);
        if (recordedVoters != null && !recordedVoters.equals(Integer.toString(controllers.replicas()))) {
            throw ToolException.failed("configmap/" + name + " records a quorum of " + recordedVoters + " controllers, whose"
                    + " static voter list can't change: pass --controllers " + recordedVoters);
        }
        Map<String, String> wanted = new TreeMap<>(data);
        if (KraftControllers.recordsKraftForGood(data)) {
            Security recorded = KraftControllers.recordedSecurity(data);
            if (recorded != cluster.spec().security()) {
                // With nothing deployed, only the record says how its kept data is protected.
                throw ToolException.failed("configmap/" + name + " records a " + recorded.word() + " cluster: its kept"
                        + " controllers' and brokers' data is that cluster's; pass --security " + recorded.word()
                        + ", or bring up a new " + cluster.spec().security().word() + " cluster beside it (--name)");
            }
            // Every step reads the quorum's size and security from here while no StatefulSet runs.
            wanted.put(KraftControllers.CONTROLLERS_KEY, Integer.toString(controllers.replicas()));
            wanted.put(KraftControllers.SECURITY_KEY, recorded.word());
        }
        return Apply.change(state, controllers.generateRecord(wanted, KraftControllers.unregistering(data)));
    }

    /**
     * {@code cluster}'s controllers: in a secured cluster their certificates and login first; their
     * volumes, placed as the others', then their Service, StatefulSet (with {@code roll} after a
     * change of its pod template, if given) and budget, and the wait until every controller is Ready:
     * a static quorum's size can't change.
     */
    static List<PlanEntry> quorum(ClusterState state, KafkaCluster cluster, KraftControllers controllers, List<String> nodes,
            WaitOptions waiting, Optional<RollStep> roll) {
        List<PlanEntry> plan = new ArrayList<>();
        if (cluster.spec().secured()) {
            // From the cluster's CA and passwords, which create-secrets makes.
            plan.addAll(new SecretsPlan(cluster, state).forControllers(controllers));
        }
        VolumePlacement placement = VolumePlacement.plan(state,
                List.of(new VolumePlacement.Pods(controllers.component(), 0, controllers.replicas())), nodes,
                Optional.empty());
        plan.addAll(CreateVolumesStep.volumes(state, controllers.volumes(placement), placement));
        for (HasMetadata object : controllers.generateWorkload()) {
            if (object instanceof StatefulSet statefulSet) {
                ObjectChange change = Workloads.statefulSet(state, statefulSet, live -> refuseResize(live, controllers.replicas()));
                plan.add(change);
                roll.ifPresent(restarts -> plan.addAll(Workloads.rollAfter(change, state, restarts, false)));
            } else {
                plan.add(Apply.change(state, object));
            }
        }
        plan.addAll(Workloads.awaitReady(controllers.generateService().getMetadata().getNamespace(),
                controllers.statefulSetName(), controllers.labels().selector(), controllers.replicas(), waiting));
        return plan;
    }

    static void refuseResize(StatefulSet live, int wanted) {
        int running = Workloads.replicas(live);
        if (running != wanted) {
            throw ToolException.failed("statefulset.apps/" + live.getMetadata().getName() + " runs " + running
                    + " controllers: a static quorum's voters can't change; pass --controllers " + running);
        }
    }
}
