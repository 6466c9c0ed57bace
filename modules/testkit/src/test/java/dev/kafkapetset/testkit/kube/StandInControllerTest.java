package dev.kafkapetset.testkit.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class StandInControllerTest {
    private static final long TIMEOUT_SECONDS = 10;
    private static StandInCluster cluster;
    private static KubernetesClient client;
    private String namespace;

    @BeforeAll
    static void startCluster() {
        cluster = StandInCluster.start();
        client = cluster.client();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    /** Each test in a namespace of its own, so that names and Events don't meet. */
    @BeforeEach
    void createNamespace(TestInfo test) {
        namespace = test.getTestMethod().orElseThrow().getName().replaceAll("([A-Z])", "-$1").toLowerCase();
        namespace = namespace.substring(0, Math.min(namespace.length(), 63)).replaceAll("-$", "");
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
    }

    @Test
    void statefulSetGetsReadyPodsAndBoundClaims() {
        create(statefulSet("kafka", 2, "Parallel", StandInCluster.STORAGE_CLASS));

        StatefulSet ready = waitFor("kafka", set -> readyReplicas(set) == 2);

        assertEquals(2, ready.getStatus().getReplicas());
        assertEquals(2, ready.getStatus().getAvailableReplicas());
        assertEquals(2, ready.getStatus().getCurrentReplicas());
        assertEquals(2, ready.getStatus().getUpdatedReplicas());
        assertEquals(ready.getMetadata().getGeneration(), ready.getStatus().getObservedGeneration());
        for (int ordinal = 0; ordinal < 2; ordinal++) {
            Pod pod = pod("kafka-" + ordinal);
            assertEquals("Running", pod.getStatus().getPhase());
            for (String type : List.of("PodScheduled", "Initialized", "ContainersReady", "Ready")) {
                assertEquals("True", condition(pod, type).getStatus(), type);
            }
            assertEquals("kafka-" + ordinal, pod.getSpec().getHostname());
            assertEquals("kafka-headless", pod.getSpec().getSubdomain());
            assertEquals("kafka", pod.getMetadata().getLabels().get("app"));
            assertEquals(Integer.toString(ordinal), pod.getMetadata().getLabels().get("apps.kubernetes.io/pod-index"));
            assertEquals("9092", pod.getMetadata().getAnnotations().get("example.com/port"));
            assertEquals("BROKER_RACK", pod.getSpec().getContainers().get(0).getEnv().get(0).getName());
            assertEquals(ready.getMetadata().getUid(), pod.getMetadata().getOwnerReferences().get(0).getUid());
            assertEquals(StandInNodes.DEFAULT_NODE, pod.getSpec().getNodeName());
            assertEquals("data-kafka-" + ordinal, pod.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
            ContainerStatus container = pod.getStatus().getContainerStatuses().get(0);
            assertTrue(container.getReady());
            assertEquals(0, container.getRestartCount());
            assertTrue(pod.getStatus().getStartTime() != null && container.getState().getRunning() != null);

            PersistentVolumeClaim claim = claim("data-kafka-" + ordinal);
            assertEquals("Bound", claim.getStatus().getPhase());
            assertEquals("kafka", claim.getMetadata().getLabels().get("app"));
            PersistentVolume volume = client.persistentVolumes().withName(claim.getSpec().getVolumeName()).get();
            assertEquals("Bound", volume.getStatus().getPhase());
            assertEquals(claim.getMetadata().getUid(), volume.getSpec().getClaimRef().getUid());
            assertEquals(new Quantity("1Gi"), volume.getSpec().getCapacity().get("storage"));
            assertEquals(StandInCluster.PROVISIONER, volume.getMetadata().getAnnotations().get("pv.kubernetes.io/provisioned-by"));
        }
    }

    @Test
    void scalesUpThenDownHighestOrdinalFirstKeepingClaims() {
        create(statefulSet("zk", 2, "OrderedReady", StandInCluster.STORAGE_CLASS));
        waitFor("zk", set -> readyReplicas(set) == 2);
        List<String> deleted;

        try (PodDeletions deletions = new PodDeletions()) {
            statefulSet("zk").scale(3);
            waitFor("zk", set -> readyReplicas(set) == 3 && set.getStatus().getReplicas() == 3);
            statefulSet("zk").scale(1);
            waitFor("zk", set -> set.getStatus().getReplicas() == 1 && readyReplicas(set) == 1);
            deleted = deletions.await(2);
        }

        assertEquals(List.of("zk-2", "zk-1"), deleted);
        assertEquals(List.of("zk-0"), client.pods().inNamespace(namespace).list().getItems().stream()
                .map(pod -> pod.getMetadata().getName()).toList());
        assertEquals(List.of("data-zk-0", "data-zk-1", "data-zk-2"), client.persistentVolumeClaims().inNamespace(namespace)
                .list().getItems().stream().map(claim -> claim.getMetadata().getName()).sorted().toList());
    }

    @Test
    void heldPodStaysRunningButNotReadyWithItsEvent() {
        cluster.controller().holdNotReady("held-1", "Unhealthy", "Readiness probe failed: broker 1 not registered");
        try {
            create(statefulSet("held", 2, "Parallel", StandInCluster.STORAGE_CLASS));
            waitFor("held", set -> readyReplicas(set) == 1);
            Pod held = waitForPod("held-1", pod -> pod.getStatus().getContainerStatuses().size() == 1
                    && pod.getStatus().getContainerStatuses().get(0).getState().getRunning() != null);

            assertEquals("Running", held.getStatus().getPhase());
            assertEquals("False", condition(held, "Ready").getStatus());
            assertEquals("ContainersNotReady", condition(held, "Ready").getReason());
            Event event = waitForEvent("held-1", "Unhealthy");
            assertEquals("Warning", event.getType());
            assertEquals("Readiness probe failed: broker 1 not registered", event.getMessage());
            assertEquals("Pod", event.getInvolvedObject().getKind());
        } finally {
            cluster.controller().release("held-1");
        }
        waitFor("held", set -> readyReplicas(set) == 2);
    }

    @Test
    void orderedReadyCreatesEachPodAfterThePreviousIsReady() {
        cluster.controller().holdNotReady("ordered-0", "Unhealthy", "not yet");
        try {
            create(statefulSet("ordered", 3, "OrderedReady", StandInCluster.STORAGE_CLASS));
            waitForPod("ordered-0", pod -> "Running".equals(pod.getStatus().getPhase()));
            waitFor("ordered", set -> set.getStatus() != null && set.getStatus().getReplicas() == 1);

            assertNull(client.pods().inNamespace(namespace).withName("ordered-1").get());
        } finally {
            cluster.controller().release("ordered-0");
        }
        waitFor("ordered", set -> readyReplicas(set) == 3);
    }

    @Test
    void parallelCreatesAllPodsAtOnce() {
        cluster.controller().holdNotReady("parallel-0", "Unhealthy", "not yet");
        try {
            create(statefulSet("parallel", 3, "Parallel", StandInCluster.STORAGE_CLASS));

            StatefulSet set = waitFor("parallel", s -> readyReplicas(s) == 2);

            assertEquals(3, set.getStatus().getReplicas());
            assertEquals("False", condition(pod("parallel-0"), "Ready").getStatus());
        } finally {
            cluster.controller().release("parallel-0");
        }
    }

    @Test
    void claimBindsToTheHostPathVolumeWhoseClaimRefNamesIt() {
        for (int ordinal = 1; ordinal >= 0; ordinal--) {
            client.persistentVolumes().resource(new PersistentVolumeBuilder()
                    .withNewMetadata().withName(namespace + "-kafka-" + ordinal).endMetadata()
                    .withNewSpec()
                        .addToCapacity("storage", new Quantity("1Gi"))
                        .withAccessModes("ReadWriteOnce")
                        .withNewHostPath().withPath("/tmp/kafka-" + ordinal).endHostPath()
                        .withNewClaimRef().withNamespace(namespace).withName("data-kafka-" + ordinal).endClaimRef()
                    .endSpec()
                    .build()).create();
        }

        create(statefulSet("kafka", 2, "OrderedReady", ""));
        waitFor("kafka", set -> readyReplicas(set) == 2);

        for (int ordinal = 0; ordinal < 2; ordinal++) {
            PersistentVolumeClaim claim = claim("data-kafka-" + ordinal);
            assertEquals(namespace + "-kafka-" + ordinal, claim.getSpec().getVolumeName());
            assertEquals("Bound", claim.getStatus().getPhase());
            PersistentVolume volume = client.persistentVolumes().withName(namespace + "-kafka-" + ordinal).get();
            assertEquals("Bound", volume.getStatus().getPhase());
            assertEquals(claim.getMetadata().getUid(), volume.getSpec().getClaimRef().getUid());
        }
    }

    @Test
    void claimBindsToTheSmallestAvailableVolumeOfItsClassThatFits() {
        for (String size : List.of("1Gi", "5Gi", "10Gi")) {
            client.persistentVolumes().resource(new PersistentVolumeBuilder()
                    .withNewMetadata().withName(namespace + "-" + size.toLowerCase()).endMetadata()
                    .withNewSpec()
                        .addToCapacity("storage", new Quantity(size))
                        .withAccessModes("ReadWriteOnce")
                        .withStorageClassName("manual")
                        .withNewHostPath().withPath("/tmp/" + size).endHostPath()
                    .endSpec()
                    .build()).create();
        }

        create(new StatefulSetBuilder(statefulSet("sized", 1, "OrderedReady", "manual")).editSpec().editFirstVolumeClaimTemplate()
                .editSpec().editResources().addToRequests("storage", new Quantity("2Gi")).endResources().endSpec()
                .endVolumeClaimTemplate().endSpec().build());
        waitFor("sized", set -> readyReplicas(set) == 1);

        assertEquals(namespace + "-5gi", claim("data-sized-0").getSpec().getVolumeName());
        assertEquals(new Quantity("5Gi"), claim("data-sized-0").getStatus().getCapacity().get("storage"));
        assertEquals("Available", client.persistentVolumes().withName(namespace + "-1gi").get().getStatus().getPhase());
        assertEquals("Available", client.persistentVolumes().withName(namespace + "-10gi").get().getStatus().getPhase());
    }

    @Test
    void claimWithoutAClassGetsTheDefaultClassNotAClassLessVolume() {
        client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName(namespace + "-handmade").endMetadata()
                .withNewSpec()
                    .addToCapacity("storage", new Quantity("1Gi"))
                    .withAccessModes("ReadWriteOnce")
                    .withNewHostPath().withPath("/tmp/handmade").endHostPath()
                    .withNewClaimRef().withNamespace(namespace).withName("data-classless-0").endClaimRef()
                .endSpec()
                .build()).create();

        create(statefulSet("classless", 1, "OrderedReady", null));
        waitFor("classless", set -> readyReplicas(set) == 1);

        PersistentVolumeClaim claim = claim("data-classless-0");
        assertEquals(StandInCluster.STORAGE_CLASS, claim.getSpec().getStorageClassName());
        assertEquals("pvc-" + claim.getMetadata().getUid(), claim.getSpec().getVolumeName());
        assertEquals("Available", client.persistentVolumes().withName(namespace + "-handmade").get().getStatus().getPhase());
    }

    @Test
    void podWithAnUnboundClaimStaysPendingUntilTheClaimBinds() {
        create(statefulSet("pending", 1, "OrderedReady", "fast"));

        Pod pod = waitForPod("pending-0", p -> condition(p, "PodScheduled") != null);
        assertEquals("Pending", pod.getStatus().getPhase());
        assertEquals("False", condition(pod, "PodScheduled").getStatus());
        assertEquals("Unschedulable", condition(pod, "PodScheduled").getReason());
        Event scheduling = waitForEvent("pending-0", "FailedScheduling");
        assertEquals("Warning", scheduling.getType());
        assertTrue(scheduling.getMessage().contains("pod has unbound immediate PersistentVolumeClaims"), scheduling.getMessage());
        assertEquals("storageclass.storage.k8s.io \"fast\" not found", waitForEvent("data-pending-0", "ProvisioningFailed").getMessage());

        client.storage().v1().storageClasses().resource(new StorageClassBuilder()
                .withNewMetadata().withName("fast").endMetadata()
                .withProvisioner("example.com/fast")
                .build()).create();
        try {
            waitFor("pending", set -> readyReplicas(set) == 1);
            assertEquals("Bound", claim("data-pending-0").getStatus().getPhase());
        } finally {
            client.storage().v1().storageClasses().withName("fast").delete();
        }
    }

    @Test
    void crashLoopingPodRestartsUntilReleased() {
        create(statefulSet("crashy", 1, "OrderedReady", StandInCluster.STORAGE_CLASS));
        waitFor("crashy", set -> readyReplicas(set) == 1);

        cluster.controller().crashLoop("crashy-0", "java.lang.OutOfMemoryError: Java heap space");
        try {
            Pod crashing = waitForPod("crashy-0", pod -> pod.getStatus().getContainerStatuses().get(0).getRestartCount() >= 2);
            ContainerStatus container = crashing.getStatus().getContainerStatuses().get(0);
            assertEquals("CrashLoopBackOff", container.getState().getWaiting().getReason());
            assertEquals("java.lang.OutOfMemoryError: Java heap space", container.getLastState().getTerminated().getMessage());
            assertFalse(container.getReady());
            assertEquals("False", condition(crashing, "Ready").getStatus());
            waitFor("crashy", set -> readyReplicas(set) == 0);
        } finally {
            cluster.controller().release("crashy-0");
        }
        waitFor("crashy", set -> readyReplicas(set) == 1);
    }

    @Test
    void deletingTheStatefulSetDeletesItsPodsButKeepsItsClaims() {
        create(statefulSet("gone", 2, "Parallel", StandInCluster.STORAGE_CLASS));
        waitFor("gone", set -> readyReplicas(set) == 2);

        try (PodDeletions deletions = new PodDeletions()) {
            statefulSet("gone").delete();

            assertEquals(List.of("gone-0", "gone-1"), deletions.await(2).stream().sorted().toList());
        }
        assertEquals(2, client.persistentVolumeClaims().inNamespace(namespace).list().getItems().size());
    }

    @Test
    void deletedPodComesBackWithItsClaim() {
        create(statefulSet("phoenix", 2, "OrderedReady", StandInCluster.STORAGE_CLASS));
        waitFor("phoenix", set -> readyReplicas(set) == 2);
        String oldUid = pod("phoenix-1").getMetadata().getUid();
        String volume = claim("data-phoenix-1").getSpec().getVolumeName();

        client.pods().inNamespace(namespace).withName("phoenix-1").delete();

        Pod back = waitForPod("phoenix-1", pod -> !pod.getMetadata().getUid().equals(oldUid)
                && "True".equals(condition(pod, "Ready") == null ? null : condition(pod, "Ready").getStatus()));
        assertEquals("data-phoenix-1", back.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName());
        assertEquals(volume, claim("data-phoenix-1").getSpec().getVolumeName());
    }

    @Test
    void templateChangeReplacesPodsHighestOrdinalFirst() {
        create(statefulSet("rolling", 2, "OrderedReady", StandInCluster.STORAGE_CLASS));
        StatefulSet before = waitFor("rolling", set -> readyReplicas(set) == 2);
        String oldRevision = before.getStatus().getUpdateRevision();

        statefulSet("rolling").edit(set -> new StatefulSetBuilder(set).editSpec().editTemplate().editSpec()
                .editFirstContainer().withImage("confluentinc/cp-kafka:7.9.1").endContainer()
                .endSpec().endTemplate().endSpec().build());

        StatefulSet after = waitFor("rolling", set -> set.getStatus().getUpdatedReplicas() == 2 && readyReplicas(set) == 2
                && set.getStatus().getCurrentRevision().equals(set.getStatus().getUpdateRevision()));
        assertFalse(after.getStatus().getUpdateRevision().equals(oldRevision));
        for (String name : List.of("rolling-0", "rolling-1")) {
            assertEquals("confluentinc/cp-kafka:7.9.1", pod(name).getSpec().getContainers().get(0).getImage());
            assertEquals(after.getStatus().getUpdateRevision(), pod(name).getMetadata().getLabels().get("controller-revision-hash"));
        }
    }

    @Test
    void parallelRollingUpdateWaitsForEachNewPodToBeReadyBeforeReplacingTheNext() {
        create(statefulSet("wide", 3, "Parallel", StandInCluster.STORAGE_CLASS));
        String revision = waitFor("wide", set -> readyReplicas(set) == 3).getStatus().getUpdateRevision();
        BlockingQueue<String> steps = new LinkedBlockingQueue<>();
        Set<String> readyUids = ConcurrentHashMap.newKeySet();
        Watch watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                String name = pod.getMetadata().getName();
                if (action == Action.DELETED) {
                    steps.add("deleted " + name);
                } else if (!revision.equals(pod.getMetadata().getLabels().get("controller-revision-hash"))
                        && pod.getStatus() != null && pod.getStatus().getConditions() != null
                        && condition(pod, "Ready") != null && "True".equals(condition(pod, "Ready").getStatus())
                        && readyUids.add(pod.getMetadata().getUid())) {
                    steps.add("ready " + name);
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        try {
            statefulSet("wide").edit(set -> new StatefulSetBuilder(set).editSpec().editTemplate().editSpec()
                    .editFirstContainer().withImage("confluentinc/cp-kafka:7.9.1").endContainer()
                    .endSpec().endTemplate().endSpec().build());

            List<String> seen = new ArrayList<>();
            while (seen.size() < 6) {
                String step = steps.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertTrue(step != null, "so far: " + seen);
                seen.add(step);
            }
            assertEquals(List.of("deleted wide-2", "ready wide-2", "deleted wide-1", "ready wide-1", "deleted wide-0",
                    "ready wide-0"), seen, "one pod at a time, the next only once the new one is ready");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        } finally {
            watch.close();
        }
    }

    /**
     * The names of the pods deleted in the test's namespace, in order. A watch opened before the
     * deletions: the mock server does not replay deletions a later informer would have missed.
     */
    private final class PodDeletions implements AutoCloseable {
        private final BlockingQueue<String> names = new LinkedBlockingQueue<>();
        private final Watch watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                if (action == Action.DELETED) {
                    names.add(pod.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {}
        });

        List<String> await(int count) {
            List<String> deleted = new ArrayList<>();
            try {
                while (deleted.size() < count) {
                    String name = names.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    assertTrue(name != null, "deleted so far: " + deleted);
                    deleted.add(name);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return deleted;
        }

        @Override
        public void close() {
            watch.close();
        }
    }

    private static StatefulSet statefulSet(String name, int replicas, String policy, String storageClass) {
        return new StatefulSetBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                    .withNewSelector().addToMatchLabels("app", name).endSelector()
                    .withServiceName(name + "-headless")
                    .withReplicas(replicas)
                    .withPodManagementPolicy(policy)
                    .withNewTemplate()
                        .withNewMetadata()
                            .addToLabels("app", name)
                            .addToAnnotations("example.com/port", "9092")
                        .endMetadata()
                        .withNewSpec()
                            .addNewContainer()
                                .withName(name)
                                .withImage("confluentinc/cp-kafka:7.9.0")
                                .addNewEnv().withName("BROKER_RACK").withValue("rack-a").endEnv()
                                .addNewVolumeMount().withName("data").withMountPath("/var/lib/kafka/data").endVolumeMount()
                            .endContainer()
                        .endSpec()
                    .endTemplate()
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName("data").endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withStorageClassName(storageClass)
                            .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    private void create(StatefulSet set) {
        client.apps().statefulSets().inNamespace(namespace).resource(set).create();
    }

    private RollableScalableResource<StatefulSet> statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(namespace).withName(name);
    }

    /** Waits for the StatefulSet's status, once it speaks of the current generation, to meet the condition. */
    private StatefulSet waitFor(String name, Predicate<StatefulSet> condition) {
        return statefulSet(name).waitUntilCondition(set -> set != null && set.getStatus() != null
                        && set.getMetadata().getGeneration().equals(set.getStatus().getObservedGeneration())
                        && condition.test(set),
                TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private Pod waitForPod(String name, Predicate<Pod> condition) {
        return client.pods().inNamespace(namespace).withName(name).waitUntilCondition(
                pod -> pod != null && pod.getStatus() != null && condition.test(pod), TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private Event waitForEvent(String object, String reason) {
        return client.v1().events().inNamespace(namespace)
                .informOnCondition(events -> events.stream().anyMatch(event -> matches(event, object, reason)))
                .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .join().stream().filter(event -> matches(event, object, reason)).findFirst().orElseThrow();
    }

    private static boolean matches(Event event, String object, String reason) {
        return object.equals(event.getInvolvedObject().getName()) && reason.equals(event.getReason());
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    private PersistentVolumeClaim claim(String name) {
        return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    }

    private static int readyReplicas(StatefulSet set) {
        return set.getStatus().getReadyReplicas() == null ? 0 : set.getStatus().getReadyReplicas();
    }

    private static PodCondition condition(Pod pod, String type) {
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }
}
