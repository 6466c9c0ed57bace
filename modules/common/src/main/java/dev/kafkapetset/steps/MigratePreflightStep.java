package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.ClusterAdmin;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kafka.Reassignment;
import dev.kafkapetset.kube.ClusterIdRecord;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.zookeeper.KafkaRegistration;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import dev.kafkapetset.zookeeper.ZooKeeperMigration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Where leaving ZooKeeper begins: checks, reading only, that Kafka 3.9 can migrate this cluster now,
 * then records the ZooKeeper cluster's id for the controllers' storage (ConfigMap
 * {@code <cluster>-kraft}). Refused, with every reason at once: brokers not on protocol 3.9 (the
 * controllers' metadata version must equal it exactly), several log directories (JBOD), partitions
 * out of sync, a replica on a broker id that is not registered (the migration waits for every id it
 * finds in the assignments), an id in the controllers' range, or a Kafka and ZooKeeper that are not
 * the same cluster's. The checks ask the live cluster, so they run in the plan: a dry run shows
 * their findings and the record it would write.
 */
public final class MigratePreflightStep extends BrokerMigrationStep {
    static final String PROTOCOL_VERSION = "inter.broker.protocol.version";
    /** The only protocol a migration starts from: Kafka 3.9's (3.9-IV0), which the controllers format with. */
    static final String MIGRATION_PROTOCOL = "3.9";

    private final int controllers;

    /**
     * @param kube reaches ZooKeeper through port-forwards
     * @param kafka opens the brokers: through port-forwards, or at --bootstrap-servers
     */
    public MigratePreflightStep(KafkaCluster cluster, KubeOptions kube, Supplier<KafkaTarget> kafka, int controllers,
            WaitOptions waiting) {
        super(cluster, kube, kafka, waiting);
        this.controllers = controllers;
    }

    @Override
    public String alias() {
        return "migrate-preflight";
    }

    @Override
    public String purpose() {
        return "check that Kafka 3.9 can migrate the cluster off ZooKeeper, and record its cluster id";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        DeployedKafka live = requireZooKeeperBrokers(state, cluster);
        if (!live.metadata().zooKeeper()) {
            throw ToolException.failed("the brokers are in " + live.metadata().mode().word() + " mode: the migration is"
                    + " past its pre-flight (status shows where it stands)");
        }
        if (!state.isLive()) {
            throw ToolException.failed("the pre-flight checks ask the running cluster: run it against one");
        }
        boolean controllersDeployed = state.get(StatefulSet.class, cluster.spec().namespace(),
                KraftControllers.statefulSetName(cluster.spec().name())) != null;
        List<String> passed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (cluster.spec().name().length() > KraftControllers.LONGEST_CLUSTER_NAME) {
            problems.add("the controllers' StatefulSet " + KraftControllers.statefulSetName(cluster.spec().name())
                    + " would be longer than Kubernetes allows a StatefulSet whose pods carry its name and a revision hash:"
                    + " a cluster that migrates has a name of at most " + KraftControllers.LONGEST_CLUSTER_NAME + " characters");
        }
        String clusterId;
        int controllerEpoch;
        try (KafkaTarget target = kafka.get();
                ClusterAdmin admin = ClusterAdmin.connect(target, waiting.timeout());
                KubernetesZooKeeper zooKeeper = KubernetesZooKeeper.open(kube, cluster.statefulSetName())) {
            ZooKeeperMigration znodes = ZooKeeperCheck.migration(zooKeeper, waiting.timeout());
            KafkaRegistration registration = ZooKeeperCheck.registration(zooKeeper, waiting.timeout());
            ClusterAdmin.Cluster described = admin.describeCluster();
            clusterId = znodes.clusterId();
            controllerEpoch = znodes.controllerEpoch();
            if (clusterId == null || !clusterId.equals(described.id())) {
                throw ToolException.failed("the Kafka reached reports cluster " + described.id() + ", but its ZooKeeper ("
                        + live.zookeeperConnect() + ") holds " + (clusterId == null ? "no cluster" : "cluster " + clusterId)
                        + ": they are not one cluster, and the migration would copy the wrong metadata");
            }
            passed.add("Kafka and its ZooKeeper are one cluster: " + clusterId);
            brokers(live, registration, described, problems, passed);
            protocol(admin, described.alive(), problems, passed);
            partitions(admin.partitions(), registration, problems, passed);
            if ((znodes.controllersArrived() || znodes.kraftController()) && !controllersDeployed) {
                // A new attempt would start from it: its controllers could write an old image back over ZooKeeper.
                problems.add("ZooKeeper holds an earlier attempt's migration state (/migration, or a KRaft /controller)"
                        + " and no controllers are deployed: a rollback stopped half-way; run migrate-rollback to finish it");
            } else if (znodes.controllersArrived()) {
                passed.add("KRaft controllers in migration mode have reached this ZooKeeper already: the migration is under"
                        + " way (status shows its phase)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ToolException.failed("interrupted while checking the cluster");
        }
        KraftControllers quorum = cluster.controllers(controllers);
        Map<String, String> data = ClusterIdRecord.data(state, cluster);
        String before = data.get(KraftControllers.CLUSTER_ID_KEY);
        // Deployed controllers keep the attempt recorded: their log is in the directory it names. Without them an
        // attempt starts afresh, at ZooKeeper's controller epoch now: a record a rollback stopped half-way left behind
        // names an earlier attempt's log, which must never be read again.
        ConfigMap record = quorum.generateClusterIdRecord(clusterId, controllersDeployed
                ? data.getOrDefault(KraftControllers.ATTEMPT_KEY, Integer.toString(controllerEpoch))
                : Integer.toString(controllerEpoch));
        if (before != null && !before.equals(clusterId)) {
            problems.add("configmap/" + quorum.clusterIdRecordName() + " records cluster " + before + ", not this one ("
                    + clusterId + "): it is another cluster's; if that cluster is gone, delete it");
        }
        List<PlanEntry> plan = new ArrayList<>(passed.stream().map(line -> (PlanEntry) Note.info("ok: " + line)).toList());
        if (!problems.isEmpty()) {
            plan.add(new Refusal("Kafka 3.9 can't migrate this cluster yet: " + String.join("; ", problems), List.of()));
            return plan;
        }
        plan.add(Apply.change(state, record));
        plan.add(Note.info("next: migrate-controllers deploys " + controllers + " KRaft controllers in migration mode"));
        return plan;
    }

    /**
     * The cluster's broker StatefulSet, which must exist and run in ZooKeeper mode, on the ZooKeeper
     * and image the options name; the parts of the migration this toolkit does not do yet are refused here.
     */
    static DeployedKafka requireZooKeeperBrokers(ClusterState state, KafkaCluster cluster) {
        String namespace = cluster.spec().namespace();
        LiveState.requireNamespace(state, namespace);
        StatefulSet brokers = state.get(StatefulSet.class, namespace, cluster.statefulSetName());
        if (brokers == null) {
            throw ToolException.failed("statefulset.apps/" + cluster.statefulSetName() + " not found in namespace " + namespace
                    + ": there is no ZooKeeper-mode cluster to migrate");
        }
        DeployedKafka live = DeployedKafka.from(brokers);
        // The controllers join the brokers' ZooKeeper on the brokers' image, and every roll keeps both.
        if (!cluster.spec().zookeeper().toString().equals(live.zookeeperConnect())) {
            throw ToolException.usage("the brokers use ZooKeeper " + live.zookeeperConnect() + ", not "
                    + cluster.spec().zookeeper() + ": pass the brokers' --zookeeper, so that the migration joins theirs");
        }
        if (!cluster.spec().image().equals(live.image())) {
            throw ToolException.usage("the brokers run " + live.image() + ", not " + cluster.spec().image()
                    + ": pass --image " + live.image() + " (an upgrade is upgrade's, before or after the migration)");
        }
        return live;
    }

    /** Every broker the StatefulSet runs is registered, and no more. */
    private static void brokers(DeployedKafka live, KafkaRegistration registration, ClusterAdmin.Cluster described,
            List<String> problems, List<String> passed) {
        Set<Integer> expected = IntStream.range(0, live.replicas()).boxed().collect(Collectors.toCollection(TreeSet::new));
        Set<Integer> registered = registration.brokers().stream().map(KafkaRegistration.Broker::id)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!registered.equals(expected)) {
            problems.add("brokers " + registered + " are registered, not " + expected + ": every broker must be up");
        } else {
            passed.add("brokers " + registered + " are registered");
        }
        List<Integer> clashing = registered.stream().filter(id -> id >= KraftControllers.NODE_ID_BASE).toList();
        if (!clashing.isEmpty()) {
            problems.add("broker ids " + clashing + " are in the controllers' range (" + KraftControllers.NODE_ID_BASE
                    + " on)");
        }
        if (!described.alive().equals(registered)) {
            problems.add("the brokers report " + described.alive() + " alive, ZooKeeper " + registered);
        }
    }

    /** Every broker runs protocol 3.9 exactly, with one log directory. */
    private static void protocol(ClusterAdmin admin, Set<Integer> brokers, List<String> problems, List<String> passed) {
        List<String> wrongProtocol = new ArrayList<>();
        List<String> jbod = new ArrayList<>();
        for (int id : brokers) {
            Map<String, String> settings = admin.brokerSettings(id, List.of(PROTOCOL_VERSION, "log.dirs"));
            String protocol = settings.getOrDefault(PROTOCOL_VERSION, "?");
            if (!protocol.equals(MIGRATION_PROTOCOL) && !protocol.startsWith(MIGRATION_PROTOCOL + "-")) {
                wrongProtocol.add("broker " + id + " runs " + protocol);
            }
            if (settings.getOrDefault("log.dirs", "").contains(",")) {
                jbod.add("broker " + id);
            }
        }
        if (wrongProtocol.isEmpty()) {
            passed.add(PROTOCOL_VERSION + " is " + MIGRATION_PROTOCOL + " on every broker");
        } else {
            problems.add(PROTOCOL_VERSION + " must be " + MIGRATION_PROTOCOL + " on every broker (" + String.join(", ",
                    wrongProtocol) + "): finish the upgrade to Confluent Platform 7.9 first (upgrade)");
        }
        if (!jbod.isEmpty()) {
            problems.add(String.join(", ", jbod) + " use several log directories (JBOD), which KRaft 3.9 has only as early"
                    + " access");
        }
    }

    /** Every partition is in sync, and on registered brokers only. */
    private static void partitions(List<Reassignment.Partition> partitions, KafkaRegistration registration,
            List<String> problems, List<String> passed) {
        Set<Integer> registered = registration.brokers().stream().map(KafkaRegistration.Broker::id).collect(Collectors.toSet());
        List<String> outOfSync = partitions.stream().filter(partition -> partition.inSync().size() < partition.replicas().size())
                .map(partition -> partition.topic() + "-" + partition.partition()).toList();
        Set<Integer> strangers = partitions.stream().flatMap(partition -> partition.replicas().stream())
                .filter(id -> !registered.contains(id)).collect(Collectors.toCollection(TreeSet::new));
        if (outOfSync.isEmpty()) {
            passed.add("all " + partitions.size() + " partitions are in sync");
        } else {
            problems.add(outOfSync.size() + " partitions are out of sync (" + String.join(", ", outOfSync.stream().limit(5)
                    .toList()) + (outOfSync.size() > 5 ? ", ..." : "") + "): wait until they catch up (status)");
        }
        if (!strangers.isEmpty()) {
            problems.add("replicas are assigned to broker ids " + strangers + ", which are not registered: the migration"
                    + " would wait for them for ever; move those replicas (kafka-reassign-partitions) first");
        }
    }
}
