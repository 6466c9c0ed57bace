package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.Storage;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.util.ArrayList;
import java.util.List;

/**
 * On hostPath clusters: a PersistentVolume bound in advance to each data claim, brokers' and
 * ZooKeeper's, pinned to the node its directory is on ({@link VolumePlacement}).
 */
public final class CreateVolumesStep implements Step {
    private final KafkaCluster cluster;
    private final int brokers;
    private final List<String> nodes;

    /** @param nodes where new volumes go ({@code --node}); empty: the schedulable nodes */
    public CreateVolumesStep(KafkaCluster cluster, int brokers, List<String> nodes) {
        this.cluster = cluster;
        this.brokers = brokers;
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public String alias() {
        return "create-volumes";
    }

    @Override
    public String purpose() {
        return "hostPath volumes for " + (cluster.spec().metadata().withoutZooKeeper() ? "the KRaft controllers'"
                : "ZooKeeper's") + " and the brokers' data";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        if (cluster.spec().storage() instanceof Storage.Provisioned provisioned) {
            return List.of(Note.info("nothing to do: storage class '" + provisioned.storageClass()
                    + "' provisions the volumes"));
        }
        LiveState.requireNamespace(state, cluster.spec().namespace());
        List<VolumePlacement.Pods> pods = new ArrayList<>();
        cluster.ensemble().ifPresent(ensemble -> pods.add(
                new VolumePlacement.Pods(ensemble.component(), 0, ensemble.spec().replicas())));
        if (cluster.spec().metadata().kraft()) {
            KraftControllers controllers = cluster.controllers(cluster.spec().metadata().controllers());
            pods.add(new VolumePlacement.Pods(controllers.component(), 0, controllers.replicas()));
        }
        pods.add(new VolumePlacement.Pods(cluster.brokerComponent(), 0, brokers));
        VolumePlacement placement = VolumePlacement.plan(state, pods, nodes, cluster.spec().rackKey());
        return volumes(state, cluster.allVolumes(brokers, placement), placement);
    }

    /**
     * Creates the missing volumes, pinned as {@code placement} says; refuses, before any write, one
     * that exists with another spec.
     */
    static List<PlanEntry> volumes(ClusterState state, List<PersistentVolume> volumes, VolumePlacement placement) {
        List<PlanEntry> plan = new ArrayList<>(placement.notes());
        for (PersistentVolume volume : volumes) {
            ObjectChange change = Apply.change(state, volume);
            PersistentVolume live = state.get(volume);
            // A volume without a node may be given one, the one its data is on; nothing else of its spec may change.
            boolean pinningOnly = live != null && live.getSpec().getNodeAffinity() == null && change.differences().stream()
                    .allMatch(difference -> difference.path().startsWith("spec.nodeAffinity"));
            if (!pinningOnly && change.differences().stream().anyMatch(difference -> difference.path().startsWith("spec."))) {
                throw ToolException.failed(change.name() + " exists with another spec (" + hostPath(state.get(volume), volume)
                        + "), and a volume's source can't change in place: if it was made with another"
                        + " --host-path-base, pass that; if its data can go, delete it with 'kubectl delete pv "
                        + volume.getMetadata().getName() + "'");
            }
            plan.add(change);
        }
        return plan;
    }

    private static String hostPath(PersistentVolume live, PersistentVolume wanted) {
        String livePath = live.getSpec().getHostPath() == null ? "not a hostPath" : live.getSpec().getHostPath().getPath();
        return "live path " + livePath + ", wanted " + wanted.getSpec().getHostPath().getPath();
    }
}
