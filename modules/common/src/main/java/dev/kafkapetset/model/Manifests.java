package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Objects as text that {@code kubectl apply -f -} accepts. */
public final class Manifests {
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** Multi-document YAML, one document per object. */
    public static String yaml(List<? extends HasMetadata> objects) {
        return objects.stream().map(SERIALIZATION::asYaml).collect(Collectors.joining());
    }

    /** The object as a JSON tree, as the API server would receive it. */
    public static JsonNode tree(HasMetadata object) {
        return SERIALIZATION.convertValue(object, JsonNode.class);
    }

    /** A {@code v1 List} holding the objects. */
    public static String json(List<? extends HasMetadata> objects) {
        return SERIALIZATION.asJson(new KubernetesListBuilder().addAllToItems(List.copyOf(objects)).build()) + "\n";
    }

    private Manifests() {}
}
