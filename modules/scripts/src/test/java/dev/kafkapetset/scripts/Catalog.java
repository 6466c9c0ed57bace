package dev.kafkapetset.scripts;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/** The aliases of catalog.json, as the tests iterate over them. */
final class Catalog {

    record Alias(String name, String scriptRef, String description) {
        @Override
        public String toString() {
            return name;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Alias> aliases() {
        try {
            Map<String, Object> catalog = new KubernetesSerialization()
                    .unmarshal(Files.readString(Jbang.ROOT.resolve("catalog.json")), Map.class);
            Map<String, Map<String, Object>> aliases = (Map<String, Map<String, Object>>) catalog.get("aliases");
            return aliases.entrySet().stream()
                    .map(alias -> new Alias(alias.getKey(), (String) alias.getValue().get("script-ref"),
                            (String) alias.getValue().get("description")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Catalog() {}
}
