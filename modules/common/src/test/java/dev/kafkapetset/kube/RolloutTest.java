package dev.kafkapetset.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/**
 * A restart after a change to the pod template waits for the StatefulSet controller to have seen
 * the change: a pod deleted before that is made again from the old template. Here no controller
 * runs: the test plays it, by writing the StatefulSet's status.
 */
@EnableKubernetesMockClient(crud = true)
class RolloutTest {
    static KubernetesClient client;

    @Test
    void noPodIsDeletedBeforeTheControllerHasSeenTheNewTemplate() {
        StatefulSet created = client.apps().statefulSets().inNamespace("default").resource(statefulSet("web")).create();
        client.apps().statefulSets().inNamespace("default").resource(new StatefulSetBuilder(created).withNewStatus()
                .withObservedGeneration(created.getMetadata().getGeneration()).endStatus().build()).updateStatus();
        Pod pod = client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web-0")
                .endMetadata().withNewSpec().addNewContainer().withName("kafka").withImage("kafka:7.8").endContainer()
                .endSpec().build()).create();
        StatefulSet changed = client.apps().statefulSets().inNamespace("default").withName("web")
                .edit(set -> new StatefulSetBuilder(set).editSpec().editTemplate().editSpec().editFirstContainer()
                        .withImage("kafka:7.9").endContainer().endSpec().endTemplate().endSpec().build());
        assertTrue(changed.getMetadata().getGeneration() > changed.getStatus().getObservedGeneration(),
                "the API server counts the change: " + changed.getMetadata());
        Rollout rollout = new Rollout(client, new Report(new PrintWriter(new StringWriter(), true), Ansi.OFF));

        ToolException unseen = assertThrows(ToolException.class,
                () -> rollout.restart("default", "web", "web-0", Duration.ofSeconds(2), Set.of()));
        assertEquals("timed out after 2s waiting for the StatefulSet controller to see statefulset.apps/web's new pod"
                + " template (its status.observedGeneration stays below 2): is the controller manager running?",
                unseen.getMessage());
        assertEquals(pod.getMetadata().getUid(), client.pods().inNamespace("default").withName("web-0").get().getMetadata()
                .getUid(), "web-0 is left running");

        // Once it has, the pod goes (and, with no controller to make it again, is waited for in vain).
        client.apps().statefulSets().inNamespace("default").resource(new StatefulSetBuilder(changed).editStatus()
                .withObservedGeneration(changed.getMetadata().getGeneration()).endStatus().build()).updateStatus();
        ToolException notMadeAgain = assertThrows(ToolException.class,
                () -> rollout.restart("default", "web", "web-0", Duration.ofSeconds(2), Set.of()));
        assertTrue(notMadeAgain.getMessage().contains("waiting for web-0 to be ready again: no new pod yet"),
                notMadeAgain::getMessage);
        assertNull(client.pods().inNamespace("default").withName("web-0").get());
    }

    /**
     * A pod made again from an older template than the StatefulSet's current one (its template
     * changed again meanwhile) is not counted as restarted on the current one: the roll stops there.
     */
    @Test
    void aPodBackOnAnOlderTemplateIsNotCountedAsRolled() throws InterruptedException {
        StatefulSet created = client.apps().statefulSets().inNamespace("default").resource(statefulSet("db")).create();
        client.apps().statefulSets().inNamespace("default").resource(new StatefulSetBuilder(created).withNewStatus()
                .withObservedGeneration(created.getMetadata().getGeneration()).withUpdateRevision("db-2").endStatus().build())
                .updateStatus();
        client.pods().inNamespace("default").resource(readyPod("db-1")).create();
        // The controller, playing late: it makes db-0 again from revision db-1. Its watch is up before the roll deletes
        // the pod (the mock API server replays no event to a watch that starts after it).
        try (SharedIndexInformer<Pod> controller = client.pods().inNamespace("default").withName("db-0").inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {}

                    @Override
                    public void onUpdate(Pod before, Pod after) {}

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        client.pods().inNamespace("default").resource(readyPod("db-1")).create();
                    }
                })) {
            for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); !controller.isWatching(); ) {
                assertTrue(System.nanoTime() < deadline, "the informer's watch never started");
                Thread.sleep(10);
            }
            Rollout rollout = new Rollout(client, new Report(new PrintWriter(new StringWriter(), true), Ansi.OFF));

            ToolException stale = assertThrows(ToolException.class,
                    () -> rollout.restart("default", "db", "db-0", Duration.ofSeconds(20), Set.of()));
            assertEquals("db-0 came back on template revision db-1, not statefulset.apps/db's current db-2 (its template"
                    + " changed meanwhile): run the step again, which restarts it on the current one", stale.getMessage());
        }
    }

    private static Pod readyPod(String revision) {
        return new PodBuilder().withNewMetadata().withName("db-0").addToLabels("controller-revision-hash", revision)
                .endMetadata().withNewSpec().addNewContainer().withName("db").withImage("db").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build();
    }

    private static StatefulSet statefulSet(String name) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(1).withServiceName(name).withNewSelector().addToMatchLabels("app", name)
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("kafka").withImage("kafka:7.8").endContainer().endSpec().endTemplate().endSpec()
                .build();
    }
}
