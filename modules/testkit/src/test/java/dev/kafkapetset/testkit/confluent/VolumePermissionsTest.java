package dev.kafkapetset.testkit.confluent;

import static dev.kafkapetset.testkit.confluent.Crashes.firstCrash;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The images' checks that their user may write what they write, on the stand-in's volumes: a
 * hand-made hostPath volume is root's until an init container chowns it; a provisioned one takes the
 * pod's fsGroup. These pods have no ZooKeeper: a broker that passes the checks goes on to wait for
 * one, a second, and says so, which is as far as these tests follow it.
 */
class VolumePermissionsTest {
    private static final String KAFKA_IMAGE = "confluentinc/cp-kafka:7.9.11";
    private static final String HAND_MADE = "";
    private static final String PAST_THE_CHECKS = "Timed out waiting for connection to Zookeeper server [nowhere:2181].";
    /** The manifests' pod security context: the images' user, its group, and the fsGroup. */
    private static final PodSecurityContext APPUSER = new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser(1000L)
            .withRunAsGroup(1000L)
            .withFsGroup(1000L)
            .build();
    private static ConfluentPodRuntime runtime;
    private static StandInCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        runtime = ConfluentPodRuntime.create();
        cluster = StandInCluster.start(runtime);
        client = cluster.client();
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
    void aBrokerOnAHostPathVolumeNoOneChownedCannotWriteItsDataDirectory() {
        assertEquals("Check if /var/lib/kafka/data is writable: no, it is 0:0 mode 0755 and the container runs as uid 1000,"
                + " gid 1000, groups [1000]", firstCrash(client, broker("bare", HAND_MADE, APPUSER)).getMessage());
    }

    @Test
    void aChownAsRootWithTheChownCapabilityGivesAHostPathVolumeToTheImagesUser() {
        assertEquals(PAST_THE_CHECKS, firstCrash(client, broker("chowned", HAND_MADE, APPUSER, dataPermissions()))
                .getMessage());
    }

    @Test
    void aChownByTheImagesUserIsNotPermitted() {
        Container asAppuser = new ContainerBuilder(dataPermissions())
                .withSecurityContext(null)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
        assertEquals("chown: changing ownership of '/var/lib/kafka/data': Operation not permitted\n",
                firstCrash(client, broker("unpermitted", HAND_MADE, APPUSER, asAppuser)).getMessage());
    }

    @Test
    void rootInAPodThatMustNotRunAsRootIsRefusedUnlessItsContainerAllowsIt() {
        Container nonRootPolicy = new ContainerBuilder(dataPermissions())
                .editSecurityContext().withRunAsNonRoot(null).endSecurityContext()
                .build();
        String refused = firstCrash(client, broker("policed", HAND_MADE, APPUSER, nonRootPolicy)).getMessage();
        assertTrue(refused.matches("container's runAsUser breaks non-root policy \\(pod: \"policed-0_default\\(.+\\)\","
                + " container: data-permissions\\)"), refused);
    }

    @Test
    void aProvisionedVolumeIsTheImagesUsersThroughTheFsGroupAlone() {
        assertEquals(PAST_THE_CHECKS, firstCrash(client, broker("provisioned", StandInCluster.STORAGE_CLASS, APPUSER)).getMessage());
        PodSecurityContext withoutFsGroup = new PodSecurityContextBuilder(APPUSER).withFsGroup(null).build();
        assertEquals("Check if /var/lib/kafka/data is writable: no, it is 0:0 mode 0755 and the container runs as uid 1000,"
                + " gid 1000, groups [1000]", firstCrash(client, broker("unshared", StandInCluster.STORAGE_CLASS, withoutFsGroup))
                .getMessage());
    }

    @Test
    void aUserOutsideTheImagesUserAndGroupZeroCannotWriteEtcKafka() {
        PodSecurityContext other = new PodSecurityContextBuilder(APPUSER).withRunAsUser(1001L).withRunAsGroup(1001L).build();
        assertEquals("Check if /etc/kafka is writable: no, it is 1000:0 mode 0775 and the container runs as uid 1001, gid 1001,"
                + " groups [1000, 1001]", firstCrash(client, broker("stranger", StandInCluster.STORAGE_CLASS, other)).getMessage());
    }

    @Test
    void aZooKeeperOnHostPathVolumesNoOneChownedCannotWriteItsDataDirectory() {
        StatefulSet zookeeper = workload("lonely", "confluentinc/cp-zookeeper:7.9.11", HAND_MADE, APPUSER,
                Map.of("ZOOKEEPER_CLIENT_PORT", "2181"), Map.of("data", "/var/lib/zookeeper/data", "datalog", "/var/lib/zookeeper/log"));
        assertEquals("Check if /var/lib/zookeeper/data is writable: no, it is 0:0 mode 0755 and the container runs as uid 1000,"
                + " gid 1000, groups [1000]", firstCrash(client, zookeeper).getMessage());
    }

    /** The manifests' data-permissions init container. */
    private static Container dataPermissions() {
        return new ContainerBuilder()
                .withName("data-permissions")
                .withImage(KAFKA_IMAGE)
                .withWorkingDir("/")
                .withCommand("chown", "1000:1000", "/var/lib/kafka/data")
                .withNewSecurityContext()
                    .withRunAsUser(0L)
                    .withRunAsNonRoot(false)
                    .withAllowPrivilegeEscalation(false)
                    .withNewCapabilities()
                        .withDrop("ALL")
                        .withAdd("CHOWN")
                    .endCapabilities()
                .endSecurityContext()
                .withVolumeMounts(dataMount("data", "/var/lib/kafka/data"))
                .build();
    }

    /** A broker with a data claim of {@code storageClass} (a hand-made hostPath volume for ""), waiting for no ZooKeeper. */
    private static StatefulSet broker(String name, String storageClass, PodSecurityContext security, Container... inits) {
        return new StatefulSetBuilder(workload(name, KAFKA_IMAGE, storageClass, security, Map.of(
                        "KAFKA_ZOOKEEPER_CONNECT", "nowhere:2181",
                        "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + name + "-0." + name + ".default.svc:9092",
                        "KAFKA_CUB_ZK_TIMEOUT", "1"),
                Map.of("data", "/var/lib/kafka/data")))
                .editSpec().editTemplate().editSpec().withInitContainers(inits).endSpec().endTemplate().endSpec()
                .build();
    }

    /**
     * One pod of {@code image} with {@code env}, and a claim for each of {@code mounts} (name to
     * path); for a hand-made claim, this creates the hostPath volume bound to it in advance.
     */
    private static StatefulSet workload(String name, String image, String storageClass, PodSecurityContext security,
            Map<String, String> env, Map<String, String> mounts) {
        StatefulSetBuilder set = new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withServiceName(name)
                    .withReplicas(1)
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", name).endMetadata()
                        .withNewSpec()
                            .withSecurityContext(security)
                            .addNewContainer()
                                .withName(name)
                                .withImage(image)
                                .withEnv(env.entrySet().stream()
                                        .map(variable -> new EnvVar(variable.getKey(), variable.getValue(), null))
                                        .toList())
                                .withVolumeMounts(mounts.entrySet().stream()
                                        .map(mount -> dataMount(mount.getKey(), mount.getValue()))
                                        .toList())
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                .endSpec();
        for (String claim : mounts.keySet()) {
            set.editSpec()
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName(claim).endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withStorageClassName(storageClass)
                            .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                    .endSpec();
            if (storageClass.equals(HAND_MADE)) {
                client.persistentVolumes().resource(new PersistentVolumeBuilder()
                        .withNewMetadata().withName(name + "-" + claim).endMetadata()
                        .withNewSpec()
                            .addToCapacity("storage", new Quantity("1Gi"))
                            .withAccessModes("ReadWriteOnce")
                            .withStorageClassName(HAND_MADE)
                            .withNewClaimRef().withNamespace("default").withName(claim + "-" + name + "-0").endClaimRef()
                            .withNewHostPath().withPath("/data/" + name + "/" + claim).withType("DirectoryOrCreate").endHostPath()
                        .endSpec()
                        .build()).create();
            }
        }
        return set.build();
    }

    private static VolumeMount dataMount(String name, String path) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).build();
    }
}
