package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The same runbook against a real cluster, the one the current context of {@code KUBECONFIG} (else
 * {@code ~/.kube/config}) names, in a namespace of its own that it removes afterwards with the data.
 * It runs only when asked:
 *
 * <pre>
 * mvn -B test -pl modules/scripts -am -Dtest=RunbookOnRealClusterTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dkafka-petset.e2e.real-cluster=true [-Dkafka-petset.e2e.storage-class=standard]
 * </pre>
 *
 * ({@code KAFKA_PETSET_E2E_REAL_CLUSTER=true} in the environment does the same). Without a storage
 * class the brokers' volumes are hostPath volumes, as on Minikube, under a directory new for each run.
 */
@EnabledIf(value = "asked", disabledReason = "skipped: it runs the runbook against the real cluster of KUBECONFIG"
        + " only when asked (-D" + RunbookOnRealClusterTest.FLAG + "=true or " + RunbookOnRealClusterTest.FLAG_ENV
        + "=true); it deploys into namespace " + RunbookOnRealClusterTest.NAMESPACE + " and deletes it, with the data, afterwards")
class RunbookOnRealClusterTest extends RunbookScenario {
    static final String FLAG = "kafka-petset.e2e.real-cluster";
    static final String FLAG_ENV = "KAFKA_PETSET_E2E_REAL_CLUSTER";
    static final String STORAGE_CLASS = "kafka-petset.e2e.storage-class";
    static final String NAMESPACE = "kafka-petset-e2e";

    private final List<String> clusterOptions = new ArrayList<>();

    static boolean asked() {
        return Boolean.parseBoolean(System.getProperty(FLAG, System.getenv(FLAG_ENV)));
    }

    @BeforeAll
    void createNamespace() {
        String storageClass = System.getProperty(STORAGE_CLASS);
        if (storageClass != null) {
            clusterOptions.addAll(List.of("--storage-class", storageClass));
        } else {
            // Volumes left on the node by an earlier run belong to another ZooKeeper: start afresh.
            clusterOptions.addAll(List.of("--host-path-base", "/data/kafka-petset-e2e/run-" + System.currentTimeMillis()));
        }
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)).build()) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                    .serverSideApply();
        }
    }

    @AfterAll
    void deleteEverything() {
        Script.Result teardown = step("teardown", "--delete-data", "--yes", "--timeout", timeout());
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.autoConfigure(null)).build()) {
            client.namespaces().withName(NAMESPACE).delete();
        }
        assertEquals(0, teardown.exitCode(), teardown::toString);
    }

    @Override
    List<String> connection() {
        return List.of("-n", NAMESPACE);
    }

    @Override
    List<String> clusterOptions() {
        return clusterOptions;
    }

    @Override
    List<String> otherClusterOptions() {
        List<String> options = new ArrayList<>(List.of("--name", "other", "--zookeeper-replicas", "1",
                "--operator-port-base", "29092"));
        options.addAll(clusterOptions);
        return options;
    }

    @Override
    String timeout() {
        return "10m";
    }
}
