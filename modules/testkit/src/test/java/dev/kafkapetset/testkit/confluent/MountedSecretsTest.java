package dev.kafkapetset.testkit.confluent;

import static dev.kafkapetset.testkit.confluent.Crashes.firstCrash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secret volumes as a container of Confluent's images sees them on the stand-in: the Secret's data
 * as files, and read-only, as are mounts that say {@code readOnly: true} and, with
 * {@code readOnlyRootFilesystem}, the container's own filesystem.
 */
class MountedSecretsTest {
    private static final String KAFKA_IMAGE = "confluentinc/cp-kafka:7.9.11";
    /** A broker that got past the image's checks waits for its ZooKeeper, which none of these pods has. */
    private static final String PAST_THE_CHECKS = "Timed out waiting for connection to Zookeeper server [nowhere:2181].";
    private static ConfluentPodRuntime runtime;
    private static StandInCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        runtime = ConfluentPodRuntime.create();
        cluster = StandInCluster.start(runtime);
        client = cluster.client();
        client.resource(new SecretBuilder().withNewMetadata().withName("tls").endMetadata()
                .addToData("keystore-password", Base64.getEncoder().encodeToString("s3cret\n".getBytes()))
                .addToStringData("jaas.conf", "Client { };")
                .build()).create();
    }

    @AfterAll
    static void stopCluster() {
        try {
            runtime.close();
        } finally {
            cluster.close();
        }
    }

    @Test
    void aSecretVolumeHoldsTheSecretsDecodedDataAndCantBeWrittenByTheContainersCommands() {
        // Paths given as words of the command are the container's own; the script sees them as "$1", "$2".
        String script = "cat \"$1\"; cat \"$2\"; echo; touch \"$3\" 2>&1 | sed 's/.*: //'; exit 3";
        ContainerStateTerminated ended = firstCrash(client, withSecretVolume(pod("reader", "bash", "-c", script, "reader",
                "/etc/kafka/secrets/credentials/password", "/etc/kafka/secrets/jaas.conf", "/etc/kafka/secrets/new-file")));
        assertEquals(3, ended.getExitCode());
        assertEquals("s3cret\nClient { };\nRead-only file system\n", ended.getMessage());
    }

    @Test
    void aMountSayingReadOnlyIsReadOnlyForTheImagesChecksAndForCommands() {
        StatefulSet readOnlyData = new StatefulSetBuilder(pod("frozen", "touch", "/var/lib/kafka/data/x"))
                .editSpec().editTemplate().editSpec()
                    .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                    .editFirstInitContainer()
                        .addNewVolumeMount().withName("data").withMountPath("/var/lib/kafka/data").withReadOnly(true).endVolumeMount()
                    .endInitContainer()
                    .editFirstContainer()
                        .addNewVolumeMount().withName("data").withMountPath("/var/lib/kafka/data").withReadOnly(true).endVolumeMount()
                    .endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
        assertTrue(firstCrash(client, readOnlyData).getMessage().endsWith("/volumes/data/x': Read-only file system\n"));

        StatefulSet imageOnly = new StatefulSetBuilder(pod("frozen-image"))
                .editSpec().editTemplate().editSpec()
                    .withInitContainers()
                    .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                    .editFirstContainer()
                        .addNewVolumeMount().withName("data").withMountPath("/var/lib/kafka/data").withReadOnly(true).endVolumeMount()
                    .endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
        assertEquals("Check if /var/lib/kafka/data is writable: no, it is on volume data, mounted readOnly",
                firstCrash(client, imageOnly).getMessage());
    }

    @Test
    void aReadOnlyRootFilesystemStopsTheImageUnlessEtcKafkaIsAVolume() {
        assertEquals("Check if /etc/kafka is writable: no, the container's root filesystem is read-only (readOnlyRootFilesystem)",
                firstCrash(client, withReadOnlyRoot(pod("sealed"))).getMessage());
        StatefulSet withVolumes = new StatefulSetBuilder(withReadOnlyRoot(pod("sealed-volumes")))
                .editSpec().editTemplate().editSpec()
                    .addNewVolume().withName("config").withNewEmptyDir().endEmptyDir().endVolume()
                    .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                    .editFirstContainer()
                        .addNewVolumeMount().withName("config").withMountPath("/etc/kafka").endVolumeMount()
                        .addNewVolumeMount().withName("data").withMountPath("/var/lib/kafka/data").endVolumeMount()
                    .endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
        assertEquals(PAST_THE_CHECKS, firstCrash(client, withVolumes).getMessage());
    }

    private static StatefulSet withReadOnlyRoot(StatefulSet set) {
        return new StatefulSetBuilder(set).editSpec().editTemplate().editSpec()
                .withInitContainers()
                .editFirstContainer().withNewSecurityContext().withReadOnlyRootFilesystem(true).endSecurityContext().endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
    }

    /** A broker pod waiting for no ZooKeeper, with an init container running {@code command}. */
    private static StatefulSet pod(String name, String... command) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withServiceName(name)
                    .withReplicas(1)
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec()
                            .addNewInitContainer()
                                .withName("check")
                                .withImage(KAFKA_IMAGE)
                                .withCommand(command)
                                .withTerminationMessagePolicy("FallbackToLogsOnError")
                            .endInitContainer()
                            .addNewContainer()
                                .withName("kafka")
                                .withImage(KAFKA_IMAGE)
                                .addNewEnv().withName("KAFKA_ZOOKEEPER_CONNECT").withValue("nowhere:2181").endEnv()
                                .addNewEnv().withName("KAFKA_ADVERTISED_LISTENERS")
                                    .withValue("PLAINTEXT://" + name + "-0." + name + ".default.svc:9092").endEnv()
                                .addNewEnv().withName("KAFKA_CUB_ZK_TIMEOUT").withValue("1").endEnv()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /** The Secret {@code tls} at {@code /etc/kafka/secrets} in every container, its password under {@code credentials/}. */
    private static StatefulSet withSecretVolume(StatefulSet set) {
        StatefulSet mounted = new StatefulSetBuilder(set).editSpec().editTemplate().editSpec()
                .addNewVolume().withName("secrets").withNewSecret().withSecretName("tls")
                    .addNewItem().withKey("keystore-password").withPath("credentials/password").endItem()
                    .addNewItem().withKey("jaas.conf").withPath("jaas.conf").endItem()
                .endSecret().endVolume()
                .endSpec().endTemplate().endSpec()
                .build();
        VolumeMount secrets = new VolumeMountBuilder().withName("secrets").withMountPath("/etc/kafka/secrets").build();
        mounted.getSpec().getTemplate().getSpec().getInitContainers().forEach(container -> container.getVolumeMounts().add(secrets));
        mounted.getSpec().getTemplate().getSpec().getContainers().forEach(container -> container.getVolumeMounts().add(secrets));
        return mounted;
    }
}
