package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Renews the brokers' certificates, and a KRaft cluster's controllers', without downtime: new keys
 * and certificates issued by the cluster's CA, which every node and client trusts already, so the
 * old certificates and the new are both trusted while the pods roll onto the new ones, one at a
 * time, as {@code roll} does: the controllers first, then the brokers. Run again after a failure, it
 * goes on with the pods not restarted yet, issuing nothing new. While a migration off ZooKeeper runs,
 * its controllers keep theirs (they are rolled by the migration's own steps).
 */
public final class RotateCredentialsStep implements Step {
    private final KafkaCluster cluster;
    private final RollStep brokers;
    private final Optional<RollStep> controllers;

    /** Rotates {@code cluster}'s certificates, asking the Kafka {@code kafka} opens whether each restart is safe. */
    public RotateCredentialsStep(KafkaCluster cluster, Supplier<KafkaTarget> kafka, WaitOptions waiting) {
        this.cluster = cluster;
        this.brokers = RollStep.brokers(cluster, kafka, false, waiting);
        int voters = cluster.spec().metadata().controllers();
        KraftControllers quorum = cluster.controllers(voters);
        this.controllers = cluster.spec().metadata().finalized() ? Optional.of(new RollStep(cluster, quorum.statefulSetName(),
                quorum.labels(), new ControllerRoll(kafka, voters), waiting)) : Optional.empty();
    }

    @Override
    public String alias() {
        return "rotate-credentials";
    }

    @Override
    public String purpose() {
        return "new " + (controllers.isPresent() ? "controller and broker" : "broker") + " certificates from the"
                + " cluster's CA, rolled in one pod at a time";
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
        boolean brokersUnderWay = brokers.underWay(state);
        if (brokersUnderWay || controllers.map(roll -> roll.underWay(state)).orElse(false)) {
            // Issuing again now would take the certificates of the pods already restarted away.
            plan.add(Note.info("a roll is under way (some pods run an old pod template): going on with it, with the"
                    + " certificates already issued"));
        } else {
            plan.addAll(new SecretsPlan(cluster, state).renewedKeystores(Workloads.replicas(live), controllers.isPresent()));
        }
        // The controllers first: once the brokers' roll is under way, theirs is done.
        if (!brokersUnderWay) {
            controllers.ifPresent(roll -> plan.addAll(roll.plan(state)));
        }
        plan.addAll(brokers.plan(state));
        return plan;
    }
}
