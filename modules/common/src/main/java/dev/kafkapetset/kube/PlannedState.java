package dev.kafkapetset.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cluster as it will be once planned changes are made: {@code base}, with the objects planned for
 * creation or update in place and those planned for deletion gone. A runbook plans each step against
 * the state its earlier steps leave behind.
 */
public final class PlannedState implements ClusterState {
    private final ClusterState base;
    /** Planned objects by kind/namespace/name; null marks one planned for deletion. */
    private final Map<String, HasMetadata> planned = new HashMap<>();

    public PlannedState(ClusterState base) {
        this.base = base;
    }

    /** From now on, {@code object} is there as given. */
    public void put(HasMetadata object) {
        planned.put(key(object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName()), object);
    }

    /** From now on, {@code object} is gone. */
    public void remove(HasMetadata object) {
        planned.put(key(object.getClass(), object.getMetadata().getNamespace(), object.getMetadata().getName()), null);
    }

    @Override
    public boolean isLive() {
        return base.isLive();
    }

    @Override
    public boolean namespaceExists(String namespace) {
        return base.namespaceExists(namespace);
    }

    @Override
    public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        String key = key(type, namespace, name);
        return planned.containsKey(key) ? type.cast(planned.get(key)) : base.get(type, namespace, name);
    }

    @Override
    public <T extends HasMetadata> List<T> list(Class<T> type, String namespace, Map<String, String> labels) {
        List<T> objects = new ArrayList<>();
        for (T object : base.list(type, namespace, labels)) {
            if (!planned.containsKey(key(type, object.getMetadata().getNamespace(), object.getMetadata().getName()))) {
                objects.add(object);
            }
        }
        for (HasMetadata object : planned.values()) {
            if (type.isInstance(object) && (namespace == null || namespace.equals(object.getMetadata().getNamespace()))
                    && carries(object, labels)) {
                objects.add(type.cast(object));
            }
        }
        return objects;
    }

    private static boolean carries(HasMetadata object, Map<String, String> labels) {
        Map<String, String> own = Objects.requireNonNullElse(object.getMetadata().getLabels(), Map.of());
        return own.entrySet().containsAll(labels.entrySet());
    }

    private static String key(Class<?> type, String namespace, String name) {
        return HasMetadata.getKind(type) + "/" + namespace + "/" + name;
    }
}
