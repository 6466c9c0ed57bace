package dev.kafkapetset.testkit.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StandInClusterTest {
    private static StandInCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = StandInCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void kubeconfigCurrentContextReachesTheClusterOverVerifiedTls() throws Exception {
        String kubeconfig = Files.readString(cluster.kubeconfig());
        assertFalse(kubeconfig.contains("insecure-skip-tls-verify: true"), kubeconfig);
        assertTrue(cluster.url().startsWith("https://"), cluster.url());

        try (KubernetesClient client = connect(null)) {
            assertEquals(StandInCluster.NAMESPACE, client.getNamespace());
            client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("seen").endMetadata().build()).create();

            assertEquals("seen", cluster.client().configMaps().inNamespace(StandInCluster.NAMESPACE).withName("seen").get()
                    .getMetadata().getName());
            assertTrue(client.namespaces().withName(StandInCluster.NAMESPACE).get() != null);
        }
    }

    @Test
    void teamContextDefaultsToItsOwnNamespace() {
        try (KubernetesClient client = connect(StandInCluster.TEAM_CONTEXT)) {
            assertEquals(StandInCluster.TEAM_NAMESPACE, client.getNamespace());
            assertTrue(client.namespaces().withName(StandInCluster.TEAM_NAMESPACE).get() != null);
        }
    }

    @Test
    void unreachableContextRefusesConnections() {
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                Config.fromKubeconfig(StandInCluster.UNREACHABLE_CONTEXT, cluster.kubeconfig().toFile()))
                .withRequestRetryBackoffLimit(0)
                .build()).build()) {
            assertThrows(KubernetesClientException.class, () -> client.namespaces().list());
        }
    }

    @Test
    void defaultStorageClassIsThere() {
        var standard = cluster.client().storage().v1().storageClasses().withName(StandInCluster.STORAGE_CLASS).get();

        assertEquals("true", standard.getMetadata().getAnnotations().get("storageclass.kubernetes.io/is-default-class"));
        assertEquals(StandInCluster.PROVISIONER, standard.getProvisioner());
    }

    private static KubernetesClient connect(String context) {
        Path kubeconfig = cluster.kubeconfig();
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context, kubeconfig.toFile())).build();
    }
}
