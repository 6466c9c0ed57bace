package dev.kafkapetset.kube;

import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.List;
import java.util.Map;

/** The cluster as its API server shows it now. */
public record LiveState(KubernetesClient client) implements ClusterState {

    @Override
    public boolean isLive() {
        return true;
    }

    /** Where RBAC hides namespaces from us, the first write will tell: assume it exists. */
    @Override
    public boolean namespaceExists(String namespace) {
        try {
            return client.namespaces().withName(namespace).get() != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        return scope(type, namespace).withName(name).get();
    }

    @Override
    public <T extends HasMetadata> List<T> list(Class<T> type, String namespace, Map<String, String> labels) {
        return scope(type, namespace).withLabels(labels).list().getItems();
    }

    private <T extends HasMetadata> NonNamespaceOperation<T, KubernetesResourceList<T>, Resource<T>> scope(Class<T> type,
            String namespace) {
        MixedOperation<T, KubernetesResourceList<T>, Resource<T>> all = client.resources(type);
        return namespace == null ? all : all.inNamespace(namespace);
    }

    /** Fails with the namespace's name and how to make it when it does not exist (a usage error). */
    public static void requireNamespace(ClusterState state, String namespace) {
        if (!state.namespaceExists(namespace)) {
            throw ToolException.usage("namespace '" + namespace + "' does not exist: create it with"
                    + " 'kubectl create namespace " + namespace + "', or choose another with -n");
        }
    }
}
