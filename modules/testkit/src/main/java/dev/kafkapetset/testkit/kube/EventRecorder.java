package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** Writes core/v1 Events as the controllers, scheduler and kubelet do, once per object, reason and message. */
final class EventRecorder {
    static final String NORMAL = "Normal";
    static final String WARNING = "Warning";

    private final KubernetesClient client;
    private final Set<String> recorded = new HashSet<>();

    EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    void record(HasMetadata object, String fieldPath, String type, String reason, String message, String component) {
        String uid = object.getMetadata().getUid();
        if (!recorded.add(uid + '\n' + reason + '\n' + message)) {
            return;
        }
        // Cluster-scoped objects (PersistentVolumes) have their Events in the default namespace.
        String namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
        String now = timestamp(Instant.now());
        client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                .withNewMetadata()
                    .withName(object.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion(object.getApiVersion())
                    .withKind(object.getKind())
                    .withName(object.getMetadata().getName())
                    .withNamespace(object.getMetadata().getNamespace())
                    .withUid(uid)
                    .withFieldPath(fieldPath)
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component)
                .withCount(1)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .build()).create();
    }

    /** Forgets an object's Events, so a new incarnation reports its own. */
    void forget(String uid) {
        recorded.removeIf(key -> key.startsWith(uid + '\n'));
    }

    static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
