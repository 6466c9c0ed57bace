package dev.kafkapetset.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What applying an object the toolkit renders does to its live copy, worked out as kubectl's
 * client-side apply does it: a three-way merge of the live object, the object wanted now, and the
 * one applied last time (kept on the live object in the {@value #LAST_APPLIED} annotation).
 * <ul>
 *   <li>Every value the toolkit sets is put back if it differs, so an out-of-band edit is mended.</li>
 *   <li>Values it does not set survive: the API server's defaults, a {@code kubectl rollout restart}
 *       annotation, a label or a sidecar someone else added.</li>
 *   <li>Values it set last time and sets no more are removed.</li>
 * </ul>
 * Lists of named items (containers, env, ports, volumes...) merge item by item by name, as
 * Kubernetes' strategic merge does; other lists are replaced whole. The result is unchanged exactly
 * when the live object already holds every value the toolkit sets.
 *
 * <p>Server-side apply would do this on the server, but the mock API server the tests run on does
 * not serve it; the same merge on the client works against any API server.
 */
public final class ThreeWayMerge {
    /** Where the toolkit records what it applied, as kubectl's last-applied-configuration does. */
    public static final String LAST_APPLIED = "kafka-petset/last-applied";
    /** Annotations earlier versions of the toolkit set, removed where found. */
    private static final List<String> RETIRED_ANNOTATIONS = List.of("kafka-petset/spec-hash");
    /**
     * Keys of which an object holds one at most (a probe's handler, an env var's source, a volume's
     * source): setting one removes the others.
     */
    private static final List<Set<String>> ONE_OF = List.of(
            Set.of("exec", "httpGet", "tcpSocket", "grpc"),
            Set.of("value", "valueFrom"),
            Set.of("hostPath", "persistentVolumeClaim", "emptyDir", "secret", "configMap", "projected", "local",
                    "nfs", "csi", "downwardAPI"));
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final int SHOWN_VALUE_LENGTH = 60;

    /** A value the merge changes: where, and what it was and becomes ({@code null}: absent). */
    public record Difference(String path, String before, String after) {
        @Override
        public String toString() {
            return path + ": " + shown(before) + " -> " + shown(after);
        }

        private static String shown(String value) {
            if (value == null) {
                return "(none)";
            }
            return value.length() <= SHOWN_VALUE_LENGTH ? value : value.substring(0, SHOWN_VALUE_LENGTH - 3) + "...";
        }
    }

    /**
     * @param merged the live object with the wanted values merged in and the last-applied record
     *     updated: what an update writes (it keeps the live resource version)
     * @param differences every value the merge changes, bookkeeping aside; empty when the live object
     *     already holds everything wanted
     */
    public record Result<T extends HasMetadata>(T merged, List<Difference> differences) {}

    /** Merges {@code desired} into {@code live}, with what {@code live} records as applied last. */
    @SuppressWarnings("unchecked")
    public static <T extends HasMetadata> Result<T> merge(T live, T desired) {
        JsonNode wanted = tree(desired);
        ObjectNode current = (ObjectNode) tree(live);
        JsonNode lastApplied = lastApplied(live, wanted);
        removeAnnotation(current, LAST_APPLIED);
        JsonNode merged = merge(current, wanted, lastApplied);
        List<Difference> differences = new ArrayList<>();
        compare("", current, merged, differences);
        T result = (T) SERIALIZATION.convertValue(merged, desired.getClass());
        return new Result<>(recording(result, desired), differences);
    }

    /** {@code object} carrying the record that {@code applied} is what the toolkit applied. */
    public static <T extends HasMetadata> T recording(T object, HasMetadata applied) {
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(object.getMetadata().getAnnotations());
        annotations.put(LAST_APPLIED, SERIALIZATION.asJson(withoutRecord(applied)));
        object.getMetadata().setAnnotations(annotations);
        return object;
    }

    /** A deep copy of {@code object}, to change without touching the original. */
    public static <T extends HasMetadata> T copy(T object) {
        return SERIALIZATION.clone(object);
    }

    private static HasMetadata withoutRecord(HasMetadata applied) {
        HasMetadata copy = SERIALIZATION.clone(applied);
        Map<String, String> annotations = copy.getMetadata().getAnnotations();
        if (annotations != null) {
            annotations.remove(LAST_APPLIED);
            if (annotations.isEmpty()) {
                copy.getMetadata().setAnnotations(null);
            }
        }
        return copy;
    }

    private static JsonNode tree(HasMetadata object) {
        return SERIALIZATION.convertValue(object, JsonNode.class);
    }

    /**
     * What the live object records as applied last; an object made by other means (kubectl create
     * of kube/, an earlier version of the toolkit) has no record: then only what is wanted now
     * counts as the toolkit's, and the annotations earlier versions set.
     */
    private static JsonNode lastApplied(HasMetadata live, JsonNode wanted) {
        Map<String, String> annotations = live.getMetadata().getAnnotations();
        String recorded = annotations == null ? null : annotations.get(LAST_APPLIED);
        ObjectNode last = recorded == null ? (ObjectNode) wanted.deepCopy()
                : SERIALIZATION.unmarshal(recorded, ObjectNode.class);
        ObjectNode metadata = last.has("metadata") ? (ObjectNode) last.get("metadata") : last.putObject("metadata");
        ObjectNode lastAnnotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations")
                : metadata.putObject("annotations");
        RETIRED_ANNOTATIONS.forEach(retired -> lastAnnotations.put(retired, ""));
        return last;
    }

    private static void removeAnnotation(ObjectNode object, String annotation) {
        JsonNode annotations = object.path("metadata").path("annotations");
        if (annotations instanceof ObjectNode own) {
            own.remove(annotation);
            if (own.isEmpty()) {
                ((ObjectNode) object.get("metadata")).remove("annotations");
            }
        }
    }

    private static JsonNode merge(JsonNode live, JsonNode wanted, JsonNode last) {
        if (wanted.isObject()) {
            return live != null && live.isObject() ? mergeObject((ObjectNode) live, (ObjectNode) wanted, last) : wanted.deepCopy();
        }
        if (wanted.isArray() && itemKey(wanted) != null) {
            return mergeNamedItems(live, (ArrayNode) wanted, last);
        }
        return wanted.deepCopy();
    }

    private static ObjectNode mergeObject(ObjectNode live, ObjectNode wanted, JsonNode last) {
        ObjectNode result = live.deepCopy();
        for (Set<String> group : ONE_OF) {
            group.stream().filter(wanted::has).findFirst()
                    .ifPresent(chosen -> group.stream().filter(key -> !key.equals(chosen)).forEach(result::remove));
        }
        // A strategy of another type than RollingUpdate takes no rollingUpdate settings.
        if (wanted.has("type") && !wanted.has("rollingUpdate") && live.has("rollingUpdate")
                && !"RollingUpdate".equals(wanted.get("type").asString())) {
            result.remove("rollingUpdate");
        }
        for (Map.Entry<String, JsonNode> field : wanted.properties()) {
            JsonNode lastValue = last == null ? null : last.get(field.getKey());
            result.set(field.getKey(), merge(live.get(field.getKey()), field.getValue(), lastValue));
        }
        if (last != null && last.isObject()) {
            for (String key : last.propertyNames()) {
                if (!wanted.has(key)) {
                    removeApplied(result, key, last.get(key));
                }
            }
        }
        return result;
    }

    /**
     * Removes what was applied last at {@code key} and is wanted no more: of a map (labels,
     * annotations), only the entries applied; anything else whole.
     */
    private static void removeApplied(ObjectNode object, String key, JsonNode applied) {
        JsonNode present = object.get(key);
        if (present instanceof ObjectNode map && applied.isObject()) {
            for (String inner : applied.propertyNames()) {
                removeApplied(map, inner, applied.get(inner));
            }
            if (map.isEmpty()) {
                object.remove(key);
            }
        } else {
            object.remove(key);
        }
    }

    /**
     * The wanted items in their order, each merged into the live item of its name; then the live
     * items someone else added (neither wanted nor applied last time), kept.
     */
    private static ArrayNode mergeNamedItems(JsonNode live, ArrayNode wanted, JsonNode last) {
        ArrayNode result = JsonNodeFactory.instance.arrayNode();
        Set<String> wantedNames = new HashSet<>();
        for (JsonNode item : wanted) {
            String name = name(item);
            wantedNames.add(name);
            result.add(merge(find(live, name), item, find(last, name)));
        }
        if (live != null && live.isArray()) {
            for (JsonNode item : live) {
                String name = name(item);
                if (name == null || !wantedNames.contains(name) && find(last, name) == null) {
                    result.add(item.deepCopy());
                }
            }
        }
        return result;
    }

    /** The key a list's items are known by: "name" (or metadata.name) when every wanted item has one. */
    private static String itemKey(JsonNode array) {
        if (array.isEmpty()) {
            return null;
        }
        for (JsonNode item : array) {
            if (name(item) == null) {
                return null;
            }
        }
        return "name";
    }

    private static String name(JsonNode item) {
        if (!item.isObject()) {
            return null;
        }
        JsonNode name = item.has("name") ? item.get("name") : item.path("metadata").get("name");
        return name != null && name.isString() ? name.asString() : null;
    }

    private static JsonNode find(JsonNode array, String name) {
        if (array == null || !array.isArray() || name == null) {
            return null;
        }
        for (JsonNode item : array) {
            if (name.equals(name(item))) {
                return item;
            }
        }
        return null;
    }

    /** Every path where {@code before} and {@code after} differ, named as a person reads it. */
    private static void compare(String path, JsonNode before, JsonNode after, List<Difference> differences) {
        if (before != null && before.equals(after)) {
            return;
        }
        if (before != null && after != null && before.isObject() && after.isObject()) {
            Set<String> keys = new TreeSet<>(before.propertyNames());
            keys.addAll(after.propertyNames());
            for (String key : keys) {
                compare(join(path, key), before.get(key), after.get(key), differences);
            }
            return;
        }
        if (before != null && after != null && before.isArray() && after.isArray() && itemKey(after) != null
                && itemKey(before) != null) {
            Set<String> names = new LinkedHashSet<>();
            before.forEach(item -> names.add(name(item)));
            after.forEach(item -> names.add(name(item)));
            int found = differences.size();
            for (String name : names) {
                compare(path + "[" + name + "]", find(before, name), find(after, name), differences);
            }
            if (differences.size() == found) {
                differences.add(new Difference(path, "order " + names(before), "order " + names(after)));
            }
            return;
        }
        differences.add(new Difference(path, text(before), text(after)));
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(item -> names.add(name(item)));
        return names;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? null : value.isString() ? value.asString() : value.toString();
    }

    private ThreeWayMerge() {}
}
