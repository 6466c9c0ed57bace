package dev.kafkapetset.testkit.confluent;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** How pods on the stand-in cluster crash: the last exit of the first of their containers to. */
final class Crashes {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    /** How the first crash of the set's one pod ended; the set goes again, not to crash on. */
    static ContainerStateTerminated firstCrash(KubernetesClient client, StatefulSet set) {
        client.resource(set).create();
        try {
            return awaitCrash(client, set.getMetadata().getName() + "-0");
        } finally {
            client.resource(set).delete();
        }
    }

    /** How the first container of {@code pod} to crash, init containers first, last ended. */
    static ContainerStateTerminated awaitCrash(KubernetesClient client, String pod) {
        Pod crashed = client.pods().withName(pod).waitUntilCondition(candidate -> candidate != null && crashed(candidate).isPresent(),
                TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return crashed(crashed).orElseThrow().getLastState().getTerminated();
    }

    private static Optional<ContainerStatus> crashed(Pod pod) {
        return Stream.concat(pod.getStatus().getInitContainerStatuses().stream(), pod.getStatus().getContainerStatuses().stream())
                .filter(status -> status.getRestartCount() > 0)
                .findFirst();
    }

    private Crashes() {}
}
