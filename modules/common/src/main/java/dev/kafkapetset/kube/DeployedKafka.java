package dev.kafkapetset.kube;

import dev.kafkapetset.cli.ToolException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Optional;

/**
 * What the deployed Kafka StatefulSet tells a check about reaching its cluster from outside: how many
 * brokers it runs, where their ZooKeeper is, and the local ports its operator listeners advertise.
 *
 * @param zookeeperConnect the brokers' {@code KAFKA_ZOOKEEPER_CONNECT}: in-cluster host names, maybe a chroot
 * @param operatorPortBase broker {@code n} advertises its operator listener as {@code 127.0.0.1:<base + n>}
 */
public record DeployedKafka(String namespace, String name, int replicas, String zookeeperConnect,
        int operatorPortBase) {
    public static final String ZOOKEEPER_CONNECT_ENV = "KAFKA_ZOOKEEPER_CONNECT";
    public static final String OPERATOR_PORT_BASE_ENV = "OPERATOR_PORT_BASE";
    public static final int DEFAULT_OPERATOR_PORT_BASE = 19092;
    /** The container port of every broker's operator listener. */
    public static final String OPERATOR_PORT_NAME = "operator";

    /** Reads StatefulSet {@code name}; a missing one is a failure that says how to get one. */
    public static DeployedKafka read(KubernetesClient client, String namespace, String name) {
        StatefulSet statefulSet = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (statefulSet == null) {
            throw ToolException.failed("no StatefulSet '" + name + "' in namespace '" + namespace
                    + "': deploy Kafka first (deploy-petset), or give the address to check directly");
        }
        return from(statefulSet);
    }

    static DeployedKafka from(StatefulSet statefulSet) {
        String namespace = statefulSet.getMetadata().getNamespace();
        String name = statefulSet.getMetadata().getName();
        Integer replicas = statefulSet.getSpec().getReplicas();
        String where = "StatefulSet " + namespace + "/" + name;
        String zookeeperConnect = env(statefulSet, ZOOKEEPER_CONNECT_ENV).orElseThrow(() -> ToolException.failed(
                where + " sets no " + ZOOKEEPER_CONNECT_ENV + " in its containers: is it a kafka-petset broker set?"));
        String base = env(statefulSet, OPERATOR_PORT_BASE_ENV).orElse(Integer.toString(DEFAULT_OPERATOR_PORT_BASE));
        int operatorPortBase;
        try {
            operatorPortBase = Integer.parseInt(base.strip());
        } catch (NumberFormatException e) {
            throw ToolException.failed(where + ": " + OPERATOR_PORT_BASE_ENV + "='" + base + "' is not a port number");
        }
        return new DeployedKafka(namespace, name, replicas == null ? 1 : replicas, zookeeperConnect, operatorPortBase);
    }

    /** Broker {@code ordinal}'s pod. */
    public String podName(int ordinal) {
        return name + "-" + ordinal;
    }

    private static Optional<String> env(StatefulSet statefulSet, String variable) {
        for (Container container : statefulSet.getSpec().getTemplate().getSpec().getContainers()) {
            if (container.getEnv() != null) {
                for (EnvVar env : container.getEnv()) {
                    if (variable.equals(env.getName()) && env.getValue() != null) {
                        return Optional.of(env.getValue());
                    }
                }
            }
        }
        return Optional.empty();
    }
}
