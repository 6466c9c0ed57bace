package dev.kafkapetset.kube;

import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Values the toolkit reads from a secured cluster's Secrets to log in: held in memory, never printed. */
public final class SecretValues {

    /**
     * Key {@code key} of Secret {@code name}, decoded; a missing one is a failure naming it. One the
     * toolkit did not make is refused: its CA would be trusted, its password sent.
     */
    public static String read(KubernetesClient client, String namespace, String name, String key) {
        Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
        if (secret != null) {
            Objects.requireOurs(secret, "refusing to log in with it; if it is this cluster's, label it " + Objects.OURS);
        }
        String encoded = secret == null || secret.getData() == null ? null : secret.getData().get(key);
        if (encoded == null) {
            throw ToolException.failed("the cluster is secured, and " + (secret == null ? "secret/" + name + " is missing"
                    : "secret/" + name + " has no key " + key) + " in namespace " + namespace
                    + ": the toolkit logs in with it (create-secrets makes it)");
        }
        return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    }

    private SecretValues() {}
}
