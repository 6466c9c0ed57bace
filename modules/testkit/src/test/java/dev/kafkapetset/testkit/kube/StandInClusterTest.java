package dev.kafkapetset.testkit.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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

    @Test
    void watchFromAnOlderVersionHearsOfADeletionItStartedTooLateToSee() throws Exception {
        var configMaps = cluster.client().configMaps().inNamespace(StandInCluster.TEAM_NAMESPACE);
        configMaps.resource(configMap("doomed")).create();
        String listedAt = configMaps.list().getMetadata().getResourceVersion();
        configMaps.withName("doomed").delete();

        assertEquals(List.of("DELETED doomed", "ADDED marker"), eventsUntilMarker(configMaps, listedAt));
    }

    @Test
    void watchFromAnOlderVersionKeepsAnObjectDeletedAndCreatedAgain() throws Exception {
        var configMaps = cluster.client().configMaps().inNamespace(StandInCluster.TEAM_NAMESPACE);
        configMaps.resource(configMap("phoenix")).create();
        String listedAt = configMaps.list().getMetadata().getResourceVersion();
        configMaps.withName("phoenix").delete();
        configMaps.resource(configMap("phoenix")).create();

        assertEquals(List.of("ADDED phoenix", "ADDED marker"), eventsUntilMarker(configMaps, listedAt, "phoenix"));
    }

    /**
     * What a watch from {@code resourceVersion} hears until a marker, created once it is open, shows
     * up. The marker and the {@code leftovers} go while the watch is still open: the mock server's
     * watch, as it closes, refuses events for a moment, and a write in that moment would never get
     * its response.
     */
    private static List<String> eventsUntilMarker(NonNamespaceOperation<ConfigMap, ConfigMapList, Resource<ConfigMap>> configMaps,
            String resourceVersion, String... leftovers) throws InterruptedException {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch marked = new CountDownLatch(1);
        try (Watch watch = configMaps.watch(new ListOptionsBuilder().withResourceVersion(resourceVersion).build(), new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap configMap) {
                events.add(action + " " + configMap.getMetadata().getName());
                if (configMap.getMetadata().getName().equals("marker")) {
                    marked.countDown();
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            try {
                configMaps.resource(configMap("marker")).create();
                assertTrue(marked.await(10, TimeUnit.SECONDS), "events: " + events);
                return List.copyOf(events);
            } finally {
                configMaps.withName("marker").delete();
                for (String leftover : leftovers) {
                    configMaps.withName(leftover).delete();
                }
            }
        }
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    private static KubernetesClient connect(String context) {
        Path kubeconfig = cluster.kubeconfig();
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(context, kubeconfig.toFile())).build();
    }
}
