package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/** Looks for a cluster's secret values in text the steps printed, or its pods logged. */
final class SecretLeaks {

    /**
     * Fails naming the text and the Secret key when any text of {@code texts} (by where it came
     * from) holds a password, key, JAAS file or keystore of a Secret in {@code client}'s namespace.
     * The CA certificate is public.
     */
    static void assertNoneIn(KubernetesClient client, Map<String, String> texts) {
        values(client).forEach((where, value) -> texts.forEach((source, text) ->
                assertFalse(text.contains(value), () -> where + " appears in " + source)));
    }

    /** Every secret value, by {@code secret/<name>/<key>}. */
    private static Map<String, String> values(KubernetesClient client) {
        Map<String, String> values = new TreeMap<>();
        for (Secret secret : client.secrets().list().getItems()) {
            secret.getData().forEach((key, encoded) -> {
                if (!key.equals("ca.crt")) {
                    values.put("secret/" + secret.getMetadata().getName() + "/" + key,
                            new String(Base64.getDecoder().decode(encoded), StandardCharsets.ISO_8859_1));
                }
            });
        }
        return values;
    }

    private SecretLeaks() {}
}
