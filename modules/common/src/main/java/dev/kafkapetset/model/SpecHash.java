package dev.kafkapetset.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every object we render carries a hash of its own content. Re-running a step compares it with the
 * live object's, which tells "unchanged" from "updated" without diffing against the API server's
 * defaults, and holds for objects created from kube/ with kubectl too.
 */
public final class SpecHash {
    public static final String ANNOTATION = "kafka-petset/spec-hash";

    /** Returns {@code object}, annotated with the hash of everything else in it. */
    public static <T extends HasMetadata> T stamp(T object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations() == null
                ? new LinkedHashMap<>()
                : new LinkedHashMap<>(object.getMetadata().getAnnotations());
        annotations.remove(ANNOTATION);
        object.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        String hash = hash(Manifests.SERIALIZATION.asJson(object));
        annotations.put(ANNOTATION, hash);
        object.getMetadata().setAnnotations(annotations);
        return object;
    }

    /** The hash an object carries, or null when it was not made by us. */
    public static String of(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ANNOTATION);
    }

    private static String hash(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private SpecHash() {}
}
