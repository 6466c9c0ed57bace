package dev.kafkapetset.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.model.ClusterSecrets;
import dev.kafkapetset.model.Labels;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin's login comes only from Secrets the toolkit made: another's CA is never trusted, nor its password sent. */
@EnableKubernetesMockClient(crud = true)
class ClientSecurityTest {
    private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nnot checked here\n-----END CERTIFICATE-----\n";
    static KubernetesClient client;
    private final ClusterSecrets names = new ClusterSecrets("kafka", "default");

    @Test
    void aCertificateAuthorityNotOursIsRefused() {
        put(names.credentials(), true, ClusterSecrets.ADMIN_PASSWORD, "an-admin-password-of-ours");
        put(names.certificateAuthority(), false, ClusterSecrets.CA_CERTIFICATE, CA_PEM);

        ToolException refused = assertThrows(ToolException.class,
                () -> ClientSecurity.admin(client, "default", "kafka"));
        assertEquals("secret/" + names.certificateAuthority() + " exists and was not made by kafka-petset (no"
                + " app.kubernetes.io/managed-by=kafka-petset label): refusing to log in with it; if it is this cluster's,"
                + " label it app.kubernetes.io/managed-by=kafka-petset", refused.getMessage());

        put(names.certificateAuthority(), true, ClusterSecrets.CA_CERTIFICATE, CA_PEM);
        Map<String, String> login = ClientSecurity.admin(client, "default", "kafka");
        assertEquals(CA_PEM, login.get("ssl.truststore.certificates"));
        assertTrue(login.get("sasl.jaas.config").contains("password=\"an-admin-password-of-ours\""));
    }

    private void put(String name, boolean ours, String key, String value) {
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .addToData(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
        if (ours) {
            secret.editMetadata().addToLabels(Labels.MANAGED_BY_LABEL, Labels.MANAGED_BY).endMetadata();
        }
        Secret built = secret.build();
        client.secrets().inNamespace("default").resource(built).createOr(existing -> existing.update());
    }
}
