package dev.kafkapetset.kafka;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.DeployedKafka;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.PerBrokerRecord;
import dev.kafkapetset.model.ExternalAccess;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.Security;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The deployed cluster as a client outside it reaches it: through the external listeners, at the
 * addresses the brokers advertise there (their node ports or load balancers), with the cluster's credentials when it
 * is secured. Kubernetes is read only for those addresses and credentials; no traffic goes through it.
 */
public final class ExternalKafka {
    private ExternalKafka() {}

    /**
     * Every broker of StatefulSet {@code name} at its external address. The clients then go where the
     * brokers' metadata sends them, and the smoke run names a broker whose advertised address is silent.
     */
    public static KafkaTarget open(KubeOptions kube, String name) {
        try (KubernetesClient client = kube.connect()) {
            String namespace = kube.namespace();
            DeployedKafka kafka = DeployedKafka.read(client, namespace, name);
            ExternalAccess external = kafka.external();
            if (external == null) {
                throw ToolException.failed("StatefulSet " + namespace + "/" + name + " has no external listener: deploy"
                        + " it with --external nodeport --external-host HOST, or --external loadbalancer, first");
            }
            Map<Integer, String> loadBalancers = external.loadBalancers() ? PerBrokerRecord.values(client.configMaps()
                    .inNamespace(namespace).withName(KafkaCluster.externalAddressesName(name)).get()) : Map.of();
            List<String> bootstrap = new ArrayList<>();
            for (int ordinal = 0; ordinal < kafka.replicas(); ordinal++) {
                String host = external.loadBalancers() ? loadBalancers.get(ordinal) : external.host();
                if (host == null) {
                    throw ToolException.failed("configmap/" + KafkaCluster.externalAddressesName(name) + " records no load"
                            + " balancer address for broker " + ordinal + ": deploy-petset or scale writes it");
                }
                bootstrap.add(host + ":" + external.port(ordinal));
            }
            Map<String, String> settings = kafka.security() == Security.SECURED
                    ? ClientSecurity.admin(client, namespace, name) : Map.of();
            String servers = String.join(",", bootstrap);
            return new KafkaTarget.Direct(servers, settings, kafka.replicas());
        }
    }
}
