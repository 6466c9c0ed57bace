package dev.kafkapetset.steps;

import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.model.KafkaCluster;
import java.util.List;

/**
 * Secured clusters: the Secrets the brokers and ZooKeeper servers mount, made in the cluster and
 * kept only there: passwords, the cluster's CA, each broker's keystore, the JAAS files. Run again,
 * it keeps what exists and adds what is missing (the keystores of new brokers).
 */
public final class CreateSecretsStep implements Step {
    private final KafkaCluster cluster;
    private final int brokers;

    public CreateSecretsStep(KafkaCluster cluster, int brokers) {
        this.cluster = cluster;
        this.brokers = brokers;
    }

    @Override
    public String alias() {
        return "create-secrets";
    }

    @Override
    public String purpose() {
        return "the secured cluster's passwords, CA and certificates, as Secrets";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        if (!cluster.spec().secured()) {
            return List.of(Note.info("nothing to do: the cluster is plaintext (--security plaintext), it has no Secrets"));
        }
        LiveState.requireNamespace(state, cluster.spec().namespace());
        return new SecretsPlan(cluster, state).all(brokers);
    }
}
