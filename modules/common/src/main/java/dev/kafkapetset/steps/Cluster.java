package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/** Checks on the cluster that every step makes before its first write. */
final class Cluster {

    /** The namespace must exist; where RBAC hides namespaces from us, the first write will tell. */
    static void requireNamespace(KubernetesClient client, String namespace) {
        try {
            if (client.namespaces().withName(namespace).get() == null) {
                throw ToolException.usage("namespace '" + namespace + "' does not exist: create it with"
                        + " 'kubectl create namespace " + namespace + "', or choose another with -n");
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN) {
                throw e;
            }
        }
    }

    private Cluster() {}
}
