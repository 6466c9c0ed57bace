package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The keys and values of a Secret or ConfigMap as the kubelet hands them to containers, decoded:
 * a Secret's {@code data} from base64 ({@code stringData} too, which the API server would have
 * merged into {@code data} but the mock server keeps as written), a ConfigMap's {@code data} and
 * its base64 {@code binaryData}.
 */
record KeyedData(String kind, String namespace, String name, Map<String, byte[]> values) {
    static final String SECRET = "Secret";
    static final String CONFIG_MAP = "ConfigMap";

    static KeyedData of(Secret secret) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        Objects.requireNonNullElse(secret.getStringData(), Map.<String, String>of())
                .forEach((key, value) -> values.put(key, value.getBytes(StandardCharsets.UTF_8)));
        Objects.requireNonNullElse(secret.getData(), Map.<String, String>of())
                .forEach((key, value) -> values.put(key, Base64.getDecoder().decode(value)));
        return new KeyedData(SECRET, secret.getMetadata().getNamespace(), secret.getMetadata().getName(), values);
    }

    static KeyedData of(ConfigMap configMap) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        Objects.requireNonNullElse(configMap.getData(), Map.<String, String>of())
                .forEach((key, value) -> values.put(key, value.getBytes(StandardCharsets.UTF_8)));
        Objects.requireNonNullElse(configMap.getBinaryData(), Map.<String, String>of())
                .forEach((key, value) -> values.put(key, Base64.getDecoder().decode(value)));
        return new KeyedData(CONFIG_MAP, configMap.getMetadata().getNamespace(), configMap.getMetadata().getName(), values);
    }

    /** The kubelet's error for an object that is not there: {@code secret "x" not found}. */
    static String notFound(String kind, String name) {
        return kind.toLowerCase(java.util.Locale.ROOT) + " \"" + name + "\" not found";
    }

    /** The value of {@code key} as text, for an environment variable. */
    String text(String key) {
        return new String(values.get(key), StandardCharsets.UTF_8);
    }

    /** All of it as text, for {@code envFrom}. */
    Map<String, String> texts() {
        Map<String, String> texts = new LinkedHashMap<>();
        values.keySet().forEach(key -> texts.put(key, text(key)));
        return texts;
    }
}
