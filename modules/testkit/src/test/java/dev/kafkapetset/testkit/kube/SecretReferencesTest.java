package dev.kafkapetset.testkit.kube;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the kubelet does with a pod's references to Secrets and ConfigMaps: volumes it can't set up
 * keep the pod from starting ({@code FailedMount}), an environment it can't build keeps the
 * container waiting ({@code CreateContainerConfigError}), both until what is missing appears; and
 * the files it writes into such volumes.
 */
class SecretReferencesTest {
    private static final long TIMEOUT_SECONDS = 20;
    /** What each started pod saw: its environment and the files of its volumes, by pod name. */
    private static final Map<String, ScheduledPod> STARTED = new ConcurrentHashMap<>();
    private static StandInCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startCluster() {
        cluster = StandInCluster.start(pod -> {
            // What a runtime does first: set up the volumes and build the environment.
            pod.pod().getSpec().getVolumes().forEach(volume -> pod.volumeFiles(volume.getName()));
            pod.env();
            STARTED.put(pod.name(), pod);
            return PodRuntime.readyAfter(java.time.Duration.ZERO).start(pod);
        });
        client = cluster.client();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aPodWhoseSecretVolumeHasNoSecretWaitsInContainerCreatingUntilTheSecretIsCreated() {
        StatefulSet set = new StatefulSetBuilder(statefulSet("mounted"))
                .editSpec().editTemplate().editSpec()
                    .addNewVolume().withName("tls").withNewSecret().withSecretName("mounted-tls").withDefaultMode(0440)
                        .addNewItem().withKey("keystore").withPath("kafka.keystore.p12").endItem()
                        .addNewItem().withKey("password").withPath("credentials/keystore-password").withMode(0400).endItem()
                    .endSecret().endVolume()
                    .addNewVolume().withName("settings").withNewConfigMap().withName("mounted-settings").endConfigMap().endVolume()
                    .editFirstContainer()
                        .addNewVolumeMount().withName("tls").withMountPath("/etc/kafka/secrets").endVolumeMount()
                    .endContainer()
                .endSpec().endTemplate().endSpec()
                .build();
        client.resource(set).create();

        awaitEvent("mounted-0", "FailedMount", "MountVolume.SetUp failed for volume \"tls\" : secret \"mounted-tls\" not found");
        Pod waiting = awaitPod("mounted-0", pod -> true);
        assertEquals("Pending", waiting.getStatus().getPhase());
        assertEquals("ContainerCreating", state(waiting.getStatus().getContainerStatuses().get(0)).getWaiting().getReason());
        assertEquals("False", condition(waiting, "PodReadyToStartContainers"));

        byte[] keystore = {0, 1, 2, (byte) 0xff};
        client.resource(new SecretBuilder().withNewMetadata().withName("mounted-tls").endMetadata()
                .addToData("keystore", Base64.getEncoder().encodeToString(keystore))
                .addToStringData("unlisted", "not asked for")
                .build()).create();
        // An item naming a key the Secret lacks is no better than no Secret.
        awaitEvent("mounted-0", "FailedMount", "MountVolume.SetUp failed for volume \"tls\" : references non-existent secret key: password");
        client.secrets().withName("mounted-tls").edit(secret -> new SecretBuilder(secret).addToStringData("password", "s3cret").build());
        awaitEvent("mounted-0", "FailedMount", "MountVolume.SetUp failed for volume \"settings\" : configmap \"mounted-settings\" not found");
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("mounted-settings").endMetadata()
                .addToData("log4j.properties", "log4j.rootLogger=INFO").build()).create();

        awaitPod("mounted-0", pod -> "True".equals(condition(pod, "Ready")));
        ScheduledPod started = STARTED.get("mounted-0");
        List<VolumeFile> tls = started.volumeFiles("tls").orElseThrow();
        assertEquals(List.of("kafka.keystore.p12", "credentials/keystore-password"), tls.stream().map(VolumeFile::path).toList());
        assertArrayEquals(keystore, tls.get(0).content());
        assertEquals(List.of(0440, 0400), tls.stream().map(VolumeFile::mode).toList());
        assertEquals("s3cret", new String(tls.get(1).content(), StandardCharsets.UTF_8));
        VolumeFile log4j = started.volumeFiles("settings").orElseThrow().get(0);
        assertEquals("log4j.properties", log4j.path());
        assertEquals(0644, log4j.mode());
        assertEquals(Optional.empty(), started.volumeFiles("data"));
    }

    @Test
    void anOptionalSecretVolumeWithoutItsSecretIsEmpty() {
        client.resource(new StatefulSetBuilder(statefulSet("optional"))
                .editSpec().editTemplate().editSpec()
                    .addNewVolume().withName("tls").withNewSecret().withSecretName("nowhere").withOptional(true).endSecret().endVolume()
                .endSpec().endTemplate().endSpec()
                .build()).create();
        awaitPod("optional-0", pod -> "True".equals(condition(pod, "Ready")));
        assertEquals(List.of(), STARTED.get("optional-0").volumeFiles("tls").orElseThrow());
    }

    @Test
    void aContainerWhoseEnvironmentNamesAMissingSecretOrKeyWaitsInCreateContainerConfigErrorWithoutRestarting() {
        client.resource(new StatefulSetBuilder(statefulSet("configured"))
                .editSpec().editTemplate().editSpec().editFirstContainer()
                    .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "configured-creds", null)
                        .endValueFrom().endEnv()
                    .addNewEnv().withName("MAYBE").withNewValueFrom().withNewSecretKeyRef("absent", "configured-creds", true)
                        .endValueFrom().endEnv()
                    .addNewEnv().withName("NOTHING").withNewValueFrom().withNewConfigMapKeyRef("absent", "nowhere", true)
                        .endValueFrom().endEnv()
                .endContainer().endSpec().endTemplate().endSpec()
                .build()).create();

        awaitEvent("configured-0", "Failed", "Error: secret \"configured-creds\" not found");
        Pod waiting = awaitPod("configured-0", pod -> true);
        ContainerStatus container = waiting.getStatus().getContainerStatuses().get(0);
        assertEquals("CreateContainerConfigError", state(container).getWaiting().getReason());
        assertEquals("secret \"configured-creds\" not found", state(container).getWaiting().getMessage());
        assertEquals(0, container.getRestartCount());
        assertEquals("Pending", waiting.getStatus().getPhase());

        client.resource(new SecretBuilder().withNewMetadata().withName("configured-creds").endMetadata()
                .addToStringData("user", "kafka").build()).create();
        Pod keyless = awaitPod("configured-0", pod -> "couldn't find key password in Secret default/configured-creds".equals(
                state(pod.getStatus().getContainerStatuses().get(0)).getWaiting() == null ? null
                        : state(pod.getStatus().getContainerStatuses().get(0)).getWaiting().getMessage()));
        assertEquals(0, keyless.getStatus().getContainerStatuses().get(0).getRestartCount());

        client.secrets().withName("configured-creds").edit(secret -> new SecretBuilder(secret).addToStringData("password", "s3cret").build());
        awaitPod("configured-0", pod -> "True".equals(condition(pod, "Ready")));
        Map<String, String> env = new TreeMap<>(STARTED.get("configured-0").env());
        assertEquals("s3cret", env.get("PASSWORD"));
        // Optional references to what is missing set nothing.
        assertFalse(env.containsKey("MAYBE") || env.containsKey("NOTHING"), env::toString);
    }

    @Test
    void anInitContainerWhoseEnvironmentNamesAMissingConfigMapKeyWaitsInCreateContainerConfigError() {
        client.resource(new ConfigMapBuilder().withNewMetadata().withName("init-settings").endMetadata()
                .addToData("other", "x").build()).create();
        client.resource(new StatefulSetBuilder(statefulSet("initconf"))
                .editSpec().editTemplate().editSpec()
                    .addNewInitContainer().withName("prepare").withImage("busybox:1.36").withCommand("true")
                        .addNewEnv().withName("SETTING").withNewValueFrom().withNewConfigMapKeyRef("setting", "init-settings", null)
                            .endValueFrom().endEnv()
                    .endInitContainer()
                .endSpec().endTemplate().endSpec()
                .build()).create();

        awaitEvent("initconf-0", "Failed", "Error: couldn't find key setting in ConfigMap default/init-settings");
        Pod waiting = awaitPod("initconf-0", pod -> true);
        ContainerStatus init = waiting.getStatus().getInitContainerStatuses().get(0);
        assertEquals("CreateContainerConfigError", state(init).getWaiting().getReason());
        assertEquals("couldn't find key setting in ConfigMap default/init-settings", state(init).getWaiting().getMessage());
        assertEquals("PodInitializing", state(waiting.getStatus().getContainerStatuses().get(0)).getWaiting().getReason());
        assertNull(STARTED.get("initconf-0"));

        client.configMaps().withName("init-settings").edit(map -> new ConfigMapBuilder(map).addToData("setting", "on").build());
        awaitPod("initconf-0", pod -> "True".equals(condition(pod, "Ready")));
    }

    private static StatefulSet statefulSet(String app) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("app", app).endSelector()
                    .withServiceName(app)
                    .withReplicas(1)
                    .withNewTemplate()
                        .withNewMetadata().addToLabels("app", app).endMetadata()
                        .withNewSpec()
                            .addNewContainer().withName(app).withImage("confluentinc/cp-kafka:7.9.11").endContainer()
                            .addNewVolume().withName("data").withNewEmptyDir().endEmptyDir().endVolume()
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Pod awaitPod(String name, Predicate<Pod> condition) {
        return client.pods().withName(name).waitUntilCondition(pod -> pod != null && pod.getStatus() != null
                && !pod.getStatus().getContainerStatuses().isEmpty() && condition.test(pod), TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static ContainerState state(ContainerStatus status) {
        return status.getState();
    }

    private static String condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(condition -> type.equals(condition.getType()))
                .map(condition -> condition.getStatus()).findFirst().orElse(null);
    }

    /** Waits for a Warning Event of the pod with that reason and message, as the kubelet records it. */
    private static void awaitEvent(String pod, String reason, String message) {
        Predicate<Event> wanted = event -> pod.equals(event.getInvolvedObject().getName()) && "Warning".equals(event.getType())
                && reason.equals(event.getReason()) && message.equals(event.getMessage());
        client.v1().events().informOnCondition(events -> events.stream().anyMatch(wanted))
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
    }
}
