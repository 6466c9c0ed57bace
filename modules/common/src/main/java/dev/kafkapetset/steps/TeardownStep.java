package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.JoinZookeeperOption;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterIdRecord;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.kube.Objects;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.ZookeeperEnsemble;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Removes a cluster's workloads, services and budgets, brokers first, then its ZooKeeper ensemble;
 * or, once the cluster has left ZooKeeper (a finalized migration), its ensemble alone. The data
 * (claims and volumes) stays unless asked for; then the claims, volumes and Secrets kafka-petset made
 * go (another's of the same labels is left alone), and the operator is told that hostPath directories
 * stay on the node.
 */
public final class TeardownStep implements Step {

    /** Asks the operator before data is deleted; fails when they don't confirm. */
    @FunctionalInterface
    public interface Confirmation {
        void confirm(List<String> lost, String clusterName);
    }

    private final KafkaCluster cluster;
    private final boolean deleteData;
    private final boolean zooKeeperOnly;
    private final Confirmation confirmation;
    private final WaitOptions waiting;

    /**
     * @param zooKeeperOnly only the cluster's own ZooKeeper ensemble, which a finalized migration left unused
     * @param confirmation asked before data is deleted; null when the operator said yes already
     */
    public TeardownStep(KafkaCluster cluster, boolean deleteData, boolean zooKeeperOnly, Confirmation confirmation,
            WaitOptions waiting) {
        this.cluster = cluster;
        this.deleteData = deleteData;
        this.zooKeeperOnly = zooKeeperOnly;
        this.confirmation = confirmation;
        this.waiting = waiting;
    }

    @Override
    public String alias() {
        return "teardown";
    }

    @Override
    public String purpose() {
        return "remove the cluster's " + (zooKeeperOnly ? "ZooKeeper ensemble" : "workloads")
                + (deleteData ? " and its data" : ", keeping its data");
    }

    /**
     * The ZooKeeper the brokers use when it is not the cluster's own ensemble, as their StatefulSet
     * says (or, with none, the options); null when it is, or when they use none.
     */
    private String outsideZookeeper(ClusterState state) {
        StatefulSet brokers = state.get(StatefulSet.class, cluster.spec().namespace(), cluster.statefulSetName());
        String connect = brokers != null ? DeployedKafka.from(brokers).zookeeperConnect()
                : cluster.spec().hasZooKeeper() ? cluster.spec().zookeeper().toString() : null;
        return connect == null || connect.equals(ZookeeperEnsemble.connect(cluster.spec().name()).toString()) ? null : connect;
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        LiveState.requireNamespace(state, cluster.spec().namespace());
        String controllers = KraftControllers.statefulSetName(cluster.spec().name());
        boolean finalized = cluster.spec().metadata().finalized();
        List<KafkaCluster.Component> components = cluster.components();
        if (zooKeeperOnly) {
            components = List.of(requireUnusedEnsemble(state).component());
        }
        if (!finalized && state.get(StatefulSet.class, cluster.spec().namespace(), controllers) != null) {
            // Left running, they would keep the migration's hold on this ZooKeeper, or on a new cluster's of the same name.
            throw ToolException.failed("a migration off ZooKeeper is under way (statefulset.apps/" + controllers
                    + "): run migrate-rollback first (or finish it with migrate-finalize), then teardown");
        }
        ConfigMap record = ClusterIdRecord.find(state, cluster);
        ConfigMap ours = ClusterIdRecord.ours(record);
        Data found = data(state, components, ours);
        List<HasMetadata> data = found.ours();
        List<PlanEntry> plan = new ArrayList<>();
        if (!zooKeeperOnly && record != null && ours == null) {
            plan.add(Apply.leftAlone(record));
        }
        if (deleteData) {
            // Claims this toolkit's first versions made carried no managed-by label: the operator can say they are ours.
            found.others().forEach(other -> plan.add(Note.warning(Objects.notOurs(other, "left alone; if it is this"
                    + " cluster's data, label it so and run again"))));
        }
        String outside = deleteData && !zooKeeperOnly && !finalized ? outsideZookeeper(state) : null;
        if (outside != null) {
            // What the cluster kept there outlives its data: brokers deployed there again, with none, would join it.
            plan.add(Note.warning("ZooKeeper at " + outside + " is not the cluster's own, so its root"
                    + " is left as it is, with whatever the cluster kept there (its id, topics, ACLs): brokers deployed"
                    + " there again with no data would join that cluster (deploy-petset refuses, unless "
                    + JoinZookeeperOption.NAME + "); for a new cluster, clear the root or choose another"));
        }
        if (deleteData && confirmation != null && !data.isEmpty()) {
            List<String> lost = data.stream().map(TeardownStep::describe).toList();
            plan.add(new Action("confirm", "ask for the cluster's name ('" + cluster.spec().name() + "') before deleting"
                    + " the data: " + String.join(", ", lost),
                    execution -> confirmation.confirm(lost, cluster.spec().name())));
        }
        String namespace = cluster.spec().namespace();
        if (!zooKeeperOnly) {
            plan.addAll(brokerDeletions(state, finalized, controllers));
        }
        cluster.ensemble().ifPresent(ensemble -> {
            plan.add(Apply.deletion(state, StatefulSet.class, namespace, ensemble.statefulSetName()));
            plan.add(Apply.deletion(state, PodDisruptionBudget.class, namespace, ensemble.statefulSetName()));
            plan.add(Apply.deletion(state, Service.class, namespace, ensemble.headlessServiceName()));
            plan.add(Apply.deletion(state, Service.class, namespace, ensemble.clientServiceName()));
            if (cluster.spec().secured()) {
                plan.add(Apply.deletion(state, NetworkPolicy.class, namespace, ensemble.statefulSetName()));
            }
        });
        if (waiting.enabled()) {
            List<KafkaCluster.Component> awaited = components;
            plan.add(new Action("wait", "wait until the " + (zooKeeperOnly ? "ensemble's" : "cluster's") + " pods are gone"
                    + " (timeout " + Durations.format(waiting.timeout()) + ")",
                    execution -> awaitNoPods(execution, awaited)));
        }
        ObjectChange.Verb verb = deleteData ? ObjectChange.Verb.DELETE : ObjectChange.Verb.KEEP;
        data.forEach(object -> plan.add(ObjectChange.of(verb, object)));
        if (deleteData && data.stream().anyMatch(object -> object instanceof PersistentVolume volume
                && volume.getSpec().getHostPath() != null)) {
            plan.add(Note.warning("hostPath volumes keep their files on the node: remove their directories ("
                    + String.join(", ", data.stream().filter(PersistentVolume.class::isInstance)
                            .map(PersistentVolume.class::cast).filter(volume -> volume.getSpec().getHostPath() != null)
                            .map(volume -> volume.getSpec().getHostPath().getPath()).toList())
                    + ") there to free the space"));
        }
        return plan;
    }

    /**
     * With --zookeeper-only: the cluster's own ensemble, once the cluster has left it; refused while
     * the brokers or the controllers still use it, or when the ZooKeeper is not the toolkit's.
     */
    private ZookeeperEnsemble requireUnusedEnsemble(ClusterState state) {
        if (!cluster.spec().metadata().finalized()) {
            throw ToolException.failed("cluster " + cluster.spec().name() + " still uses its ZooKeeper (the brokers' metadata"
                    + " is in " + cluster.spec().metadata().mode().word() + " mode): --zookeeper-only removes it only once"
                    + " the migration off it is finalized (migrate-finalize)");
        }
        if (!MigrateFinalizeStep.controllersFinalized(state, cluster)) {
            throw ToolException.failed("the KRaft controllers still use ZooKeeper: migrate-finalize has not rolled them all"
                    + " out of migration mode yet; run it again to finish");
        }
        return cluster.ensemble().orElseThrow(() -> ToolException.usage("cluster " + cluster.spec().name() + " used the"
                + " ZooKeeper at " + cluster.spec().zookeeper() + ", which is not the toolkit's ensemble: nothing to tear"
                + " down (remove it with its own tools once nothing else uses it)"));
    }

    /** The brokers' workloads and ways in, and, once the migration is finalized, the KRaft controllers'. */
    private List<PlanEntry> brokerDeletions(ClusterState state, boolean finalized, String controllers) {
        String namespace = cluster.spec().namespace();
        List<PlanEntry> plan = new ArrayList<>();
        plan.add(Apply.deletion(state, StatefulSet.class, namespace, cluster.statefulSetName()));
        plan.add(Apply.deletion(state, PodDisruptionBudget.class, namespace, cluster.statefulSetName()));
        plan.add(Apply.deletion(state, Service.class, namespace, cluster.serviceName()));
        if (finalized) {
            // The cluster's metadata is theirs now; their volumes go with the data below.
            plan.add(Apply.deletion(state, StatefulSet.class, namespace, controllers));
            plan.add(Apply.deletion(state, PodDisruptionBudget.class, namespace, controllers));
            plan.add(Apply.deletion(state, Service.class, namespace, controllers));
            if (cluster.spec().secured()) {
                plan.add(Apply.deletion(state, NetworkPolicy.class, namespace, controllers));
            }
        }
        // Every broker's external Service, the racks and the load balancers' addresses, whatever the options of this run.
        state.list(Service.class, namespace, cluster.externalServiceSelector()).forEach(service -> plan.add(
                Apply.deletion(state, Service.class, namespace, service.getMetadata().getName())));
        for (String perBroker : List.of(cluster.racksName(), cluster.externalAddressesName())) {
            if (state.get(ConfigMap.class, namespace, perBroker) != null) {
                plan.add(Apply.deletion(state, ConfigMap.class, namespace, perBroker));
            }
        }
        if (cluster.spec().secured()) {
            plan.add(Apply.deletion(state, NetworkPolicy.class, namespace, cluster.serviceName()));
        }
        return plan;
    }

    /**
     * @param ours the cluster's data, claims first
     * @param others what carries its labels but kafka-petset did not make (another tool's claims of
     *     the same {@code app.kubernetes.io} labels, say): never deleted
     */
    private record Data(List<HasMetadata> ours, List<HasMetadata> others) {}

    /**
     * The cluster's data: what kafka-petset made of the claims and volumes carrying the labels of its
     * brokers or its ensemble, with any claim bound to one of those volumes, and of its Secrets, which
     * go with the data (the SCRAM users and ZooKeeper's ACLs are made with their passwords); and
     * {@code record}, the cluster's record of its id if it has one of ours.
     */
    private Data data(ClusterState state, List<KafkaCluster.Component> components, ConfigMap record) {
        String namespace = cluster.spec().namespace();
        List<HasMetadata> claims = new ArrayList<>();
        List<PersistentVolume> volumes = new ArrayList<>();
        List<HasMetadata> others = new ArrayList<>();
        for (KafkaCluster.Component component : components) {
            sort(state.list(PersistentVolumeClaim.class, namespace, component.labels().selector()), claims, others);
            sort(state.list(PersistentVolume.class, null, component.volumeSelector()), volumes, others);
        }
        // A claim bound to one of our volumes counts too, whatever its labels: the data it holds is ours.
        for (PersistentVolume volume : volumes) {
            if (volume.getSpec().getClaimRef() != null) {
                String claim = volume.getSpec().getClaimRef().getName();
                if (claims.stream().noneMatch(c -> c.getMetadata().getName().equals(claim))) {
                    PersistentVolumeClaim bound = state.get(PersistentVolumeClaim.class, namespace, claim);
                    if (bound != null) {
                        claims.add(bound);
                        others.removeIf(other -> other instanceof PersistentVolumeClaim
                                && other.getMetadata().getName().equals(claim));
                    }
                }
            }
        }
        List<HasMetadata> data = new ArrayList<>(claims);
        data.addAll(volumes);
        if (zooKeeperOnly) {
            return new Data(data, others);
        }
        sort(state.list(Secret.class, namespace, cluster.secrets().selector()), data, others);
        // The cluster id the KRaft-mode brokers' data checks compare with goes with their data.
        if (record != null) {
            data.add(record);
        }
        return new Data(data, others);
    }

    /** Puts each of {@code found} into {@code ours} when kafka-petset made it, else into {@code others}. */
    private static <T extends HasMetadata> void sort(List<T> found, List<? super T> ours, List<HasMetadata> others) {
        for (T object : found) {
            if (Objects.isOurs(object)) {
                ours.add(object);
            } else {
                others.add(object);
            }
        }
    }

    private static String describe(HasMetadata object) {
        String name = Objects.describe(object);
        return object instanceof PersistentVolume volume && volume.getSpec().getHostPath() != null
                ? name + " (hostPath " + volume.getSpec().getHostPath().getPath() + ")" : name;
    }

    private void awaitNoPods(Execution execution, List<KafkaCluster.Component> components) throws InterruptedException {
        String namespace = cluster.spec().namespace();
        for (KafkaCluster.Component component : components) {
            try {
                execution.client().pods().inNamespace(namespace).withLabels(component.labels().selector())
                        .informOnCondition(List<Pod>::isEmpty)
                        .get(waiting.timeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw ToolException.failed("pods of statefulset " + component.statefulSet()
                        + " still running after " + Durations.format(waiting.timeout()) + ": their data is left as it is");
            } catch (ExecutionException e) {
                throw KubernetesClientException.launderThrowable(e.getCause());
            }
        }
        execution.report().line("all pods gone");
    }
}
