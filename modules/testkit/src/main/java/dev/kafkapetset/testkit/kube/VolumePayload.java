package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the kubelet's Secret and ConfigMap volume plugins write into a volume ({@code MakePayload}):
 * every key as a file named after it, or only the {@code items} asked for, under their paths, each
 * with its mode. Such a volume can't be set up while its object, or a key an item names, is missing,
 * unless it is {@code optional} (then the volume is empty, or the item left out).
 */
final class VolumePayload {
    private static final int DEFAULT_MODE = 0644;

    /** Thrown when the volume can't be set up yet; the message is the plugin's error. */
    static final class SetUpFailure extends Exception {
        SetUpFailure(String message) {
            super(message);
        }
    }

    /** The files of {@code volume}, or empty when it is not a Secret or ConfigMap volume. */
    static Optional<List<VolumeFile>> of(Volume volume, String namespace, StandInController cluster) throws SetUpFailure {
        if (volume.getSecret() != null) {
            var source = volume.getSecret();
            return Optional.of(files(cluster.keyedData(KeyedData.SECRET, namespace, source.getSecretName()), KeyedData.SECRET,
                    source.getSecretName(), source.getItems(), source.getDefaultMode(), source.getOptional(), "references non-existent secret key: "));
        }
        if (volume.getConfigMap() != null) {
            var source = volume.getConfigMap();
            return Optional.of(files(cluster.keyedData(KeyedData.CONFIG_MAP, namespace, source.getName()), KeyedData.CONFIG_MAP,
                    source.getName(), source.getItems(), source.getDefaultMode(), source.getOptional(),
                    "configmap references non-existent config key: "));
        }
        return Optional.empty();
    }

    private static List<VolumeFile> files(KeyedData data, String kind, String name, List<KeyToPath> items, Integer defaultMode,
            Boolean optional, String missingKey) throws SetUpFailure {
        boolean isOptional = Boolean.TRUE.equals(optional);
        if (data == null) {
            if (isOptional) {
                return List.of();
            }
            throw new SetUpFailure(KeyedData.notFound(kind, name));
        }
        int mode = Objects.requireNonNullElse(defaultMode, DEFAULT_MODE);
        List<VolumeFile> files = new ArrayList<>();
        if (items == null || items.isEmpty()) {
            data.values().forEach((key, value) -> files.add(new VolumeFile(key, value, mode)));
            return files;
        }
        for (KeyToPath item : items) {
            byte[] value = data.values().get(item.getKey());
            if (value == null) {
                if (isOptional) {
                    continue;
                }
                throw new SetUpFailure(missingKey + item.getKey());
            }
            files.add(new VolumeFile(item.getPath(), value, Objects.requireNonNullElse(item.getMode(), mode)));
        }
        return files;
    }

    private VolumePayload() {}
}
