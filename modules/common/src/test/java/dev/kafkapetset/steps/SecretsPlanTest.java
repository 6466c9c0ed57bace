package dev.kafkapetset.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.PlannedState;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What the secured profile's Secrets are made from, and what they are never made from. */
class SecretsPlanTest {
    private final KafkaCluster cluster = new KafkaCluster(CommandLine.populateCommand(new ClusterOptions(), "--security",
            "secured").spec("default"));
    private final PlannedState state = new PlannedState(ClusterState.EMPTY);

    /**
     * A CA Secret of the cluster's name that another made (no managed-by label) signs no certificate:
     * the new broker's keystore is refused before any is issued, as the Secret would be if written.
     */
    @Test
    void aCertificateAuthorityNotOursSignsNoCertificate() {
        new SecretsPlan(cluster, state).all(2).stream().filter(ObjectChange.class::isInstance)
                .forEach(change -> state.put(((ObjectChange) change).written()));
        Secret ca = state.get(Secret.class, "default", "kafka-ca");
        state.put(new SecretBuilder(ca).editMetadata().removeFromLabels(Labels.MANAGED_BY_LABEL).endMetadata().build());

        ToolException refused = assertThrows(ToolException.class, () -> new SecretsPlan(cluster, state).keystores(3));
        assertEquals("secret/kafka-ca exists and was not made by kafka-petset (no app.kubernetes.io/managed-by=kafka-petset"
                + " label): refusing to use it; remove it or choose another --name", refused.getMessage());
    }

    /** Nor is another's Secret of the brokers' names mounted in their pods: deploy-petset refuses it before any write. */
    @Test
    void aSecretNotOursIsNotMountedInThePods() {
        new SecretsPlan(cluster, state).all(2).stream().filter(ObjectChange.class::isInstance)
                .forEach(change -> state.put(((ObjectChange) change).written()));
        List<String> mounted = List.of(cluster.secrets().credentials(), cluster.secrets().brokerTls());
        Workloads.requireSecrets(state, "default", mounted);
        Secret tls = state.get(Secret.class, "default", "kafka-broker-tls");
        state.put(new SecretBuilder(tls).editMetadata().removeFromLabels(Labels.MANAGED_BY_LABEL).endMetadata().build());

        ToolException refused = assertThrows(ToolException.class, () -> Workloads.requireSecrets(state, "default", mounted));
        assertEquals("secret/kafka-broker-tls exists and was not made by kafka-petset (no"
                + " app.kubernetes.io/managed-by=kafka-petset label): refusing to mount it in the cluster's pods; if it is"
                + " this cluster's, label it app.kubernetes.io/managed-by=kafka-petset", refused.getMessage());
    }
}
