package dev.kafkapetset.kafka;

import dev.kafkapetset.kube.SecretValues;
import dev.kafkapetset.model.ClusterSecrets;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.security.scram.ScramLoginModule;

/**
 * How the toolkit's own clients get into a secured cluster: SCRAM-SHA-512 as its admin user over
 * TLS, trusting the cluster's CA and checking the broker's name. Read from the cluster's Secrets,
 * held in memory only.
 */
public final class ClientSecurity {

    /** The settings of a client logging in as {@code user} with {@code password}, trusting the CA {@code caPem}. */
    public static Map<String, String> scram(String user, String password, String caPem) {
        return Map.of(
                CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_SSL.name,
                SaslConfigs.SASL_MECHANISM, ClusterSecrets.SASL_MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, ScramLoginModule.class.getName() + " required username=\"" + user
                        + "\" password=\"" + password + "\";",
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM",
                SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, caPem);
    }

    /** The toolkit's admin login to secured cluster {@code cluster}, from its Secrets. */
    public static Map<String, String> admin(KubernetesClient client, String namespace, String cluster) {
        ClusterSecrets secrets = new ClusterSecrets(cluster, namespace);
        return scram(ClusterSecrets.ADMIN_USER,
                SecretValues.read(client, namespace, secrets.credentials(), ClusterSecrets.ADMIN_PASSWORD),
                SecretValues.read(client, namespace, secrets.certificateAuthority(), ClusterSecrets.CA_CERTIFICATE));
    }

    private ClientSecurity() {}
}
