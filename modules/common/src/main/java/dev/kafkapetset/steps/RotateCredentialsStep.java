package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Renews the brokers' certificates without downtime: new keys and certificates issued by the
 * cluster's CA, which every broker and client trusts already, so the old certificates and the new
 * are both trusted while the brokers roll onto the new ones, one at a time, as {@code roll} does.
 * Run again after a failure, it goes on with the brokers not restarted yet, issuing nothing new.
 */
public final class RotateCredentialsStep implements Step {
    private final KafkaCluster cluster;
    private final RollStep roll;

    public RotateCredentialsStep(KafkaCluster cluster, RollStep roll) {
        this.cluster = cluster;
        this.roll = roll;
    }

    @Override
    public String alias() {
        return "rotate-credentials";
    }

    @Override
    public String purpose() {
        return "new broker certificates from the cluster's CA, rolled in one broker at a time";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        String namespace = cluster.spec().namespace();
        LiveState.requireNamespace(state, namespace);
        if (!cluster.spec().secured()) {
            throw ToolException.failed("statefulset.apps/" + cluster.statefulSetName() + " is plaintext (--security"
                    + " plaintext): it has no certificates or passwords to rotate");
        }
        StatefulSet live = state.get(StatefulSet.class, namespace, cluster.statefulSetName());
        if (live == null) {
            throw ToolException.failed("statefulset.apps/" + cluster.statefulSetName() + " not found in namespace "
                    + namespace + ": run deploy-petset first");
        }
        List<PlanEntry> plan = new ArrayList<>();
        if (roll.underWay(state)) {
            // Issuing again now would take the certificates of the brokers already restarted away.
            plan.add(Note.info("a roll is under way (some brokers run an old pod template): going on with it, with the"
                    + " certificates already issued"));
        } else {
            plan.addAll(new SecretsPlan(cluster, state).renewedKeystores(Workloads.replicas(live)));
        }
        plan.addAll(roll.plan(state));
        return plan;
    }
}
