package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.function.Consumer;

/** The informers the stand-in controllers read the cluster through, as real controllers do. */
final class Caches implements AutoCloseable {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final SharedIndexInformer<StatefulSet> statefulSets;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<PersistentVolumeClaim> claims;
    private final SharedIndexInformer<PersistentVolume> volumes;
    private final SharedIndexInformer<StorageClass> storageClasses;
    private final SharedIndexInformer<Service> services;
    private final SharedIndexInformer<Secret> secrets;
    private final SharedIndexInformer<ConfigMap> configMaps;
    private final SharedIndexInformer<Node> nodes;
    private final SharedIndexInformer<NetworkPolicy> networkPolicies;
    private final SharedIndexInformer<Namespace> namespaces;

    /** Starts the informers; {@code onChange} runs on every event, {@code onDeleted} for deleted StatefulSets. */
    Caches(KubernetesClient client, Runnable onChange, Consumer<StatefulSet> onDeleted) {
        statefulSets = client.apps().statefulSets().inAnyNamespace().inform(new Handler<>(onChange) {
            @Override
            public void onDelete(StatefulSet statefulSet, boolean finalStateUnknown) {
                onDeleted.accept(statefulSet);
                super.onDelete(statefulSet, finalStateUnknown);
            }
        });
        pods = client.pods().inAnyNamespace().inform(new Handler<>(onChange));
        claims = client.persistentVolumeClaims().inAnyNamespace().inform(new Handler<>(onChange));
        volumes = client.persistentVolumes().inform(new Handler<>(onChange));
        storageClasses = client.storage().v1().storageClasses().inform(new Handler<>(onChange));
        services = client.services().inAnyNamespace().inform(new Handler<>(onChange));
        // The kubelet watches what its pods' volumes and environment refer to: a pod waiting for one starts once it is there.
        secrets = client.secrets().inAnyNamespace().inform(new Handler<>(onChange));
        configMaps = client.configMaps().inAnyNamespace().inform(new Handler<>(onChange));
        // The scheduler tries a pending pod again when a node changes (cordoned, uncordoned, labelled).
        nodes = client.nodes().inform(new Handler<>(onChange));
        // What the network plugin enforces: the NetworkPolicies, and the namespaces their selectors may name.
        networkPolicies = client.network().v1().networkPolicies().inAnyNamespace().inform(new Handler<>(onChange));
        namespaces = client.namespaces().inform(new Handler<>(onChange));
    }

    List<NetworkPolicy> networkPolicies(String namespace) {
        return networkPolicies.getStore().list().stream()
                .filter(policy -> namespace.equals(policy.getMetadata().getNamespace())).toList();
    }

    Namespace namespace(String name) {
        return namespaces.getStore().getByKey(name);
    }

    List<StatefulSet> statefulSets() {
        return statefulSets.getStore().list();
    }

    List<Pod> pods() {
        return pods.getStore().list();
    }

    Pod pod(String namespace, String name) {
        return pods.getStore().getByKey(namespace + "/" + name);
    }

    List<PersistentVolumeClaim> claims() {
        return claims.getStore().list();
    }

    PersistentVolumeClaim claim(String namespace, String name) {
        return claims.getStore().getByKey(namespace + "/" + name);
    }

    List<PersistentVolume> volumes() {
        return volumes.getStore().list();
    }

    StorageClass storageClass(String name) {
        return storageClasses.getStore().getByKey(name);
    }

    List<StorageClass> storageClasses() {
        return storageClasses.getStore().list();
    }

    /** The nodes, by name. */
    List<Node> nodes() {
        return nodes.getStore().list().stream().sorted(java.util.Comparator.comparing(node -> node.getMetadata().getName())).toList();
    }

    List<Service> services() {
        return services.getStore().list();
    }

    Service service(String namespace, String name) {
        return services.getStore().getByKey(namespace + "/" + name);
    }

    Secret secret(String namespace, String name) {
        return secrets.getStore().getByKey(namespace + "/" + name);
    }

    ConfigMap configMap(String namespace, String name) {
        return configMaps.getStore().getByKey(namespace + "/" + name);
    }

    /**
     * A copy of a cached object to write back: without its resourceVersion, because the cache may be
     * behind our own writes, and the stand-ins are each the only writer of what they write.
     */
    static <T extends HasMetadata> T writable(T cached) {
        T copy = SERIALIZATION.clone(cached);
        copy.getMetadata().setResourceVersion(null);
        return copy;
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : List.of(statefulSets, pods, claims, volumes, storageClasses, services, secrets, configMaps, nodes,
                networkPolicies, namespaces)) {
            informer.close();
        }
    }

    private static class Handler<T> implements ResourceEventHandler<T> {
        private final Runnable onChange;

        Handler(Runnable onChange) {
            this.onChange = onChange;
        }

        @Override
        public void onAdd(T object) {
            onChange.run();
        }

        @Override
        public void onUpdate(T before, T after) {
            onChange.run();
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            onChange.run();
        }
    }
}
