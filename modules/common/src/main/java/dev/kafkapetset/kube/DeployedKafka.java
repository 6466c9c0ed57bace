package dev.kafkapetset.kube;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.model.ClusterShape;
import dev.kafkapetset.model.ExternalAccess;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.Metadata;
import dev.kafkapetset.model.Security;
import dev.kafkapetset.model.ZookeeperEnsemble;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a deployed Kafka StatefulSet tells a check about reaching its cluster from outside: how many
 * brokers it runs, where their ZooKeeper is, and the local ports their operator listeners advertise.
 * Read only; the names are {@link KafkaCluster}'s.
 *
 * @param zookeeperConnect the brokers' {@code KAFKA_ZOOKEEPER_CONNECT}: in-cluster host names, maybe a chroot; for
 *     brokers in KRaft mode, which set none, the one they used (recorded in an annotation); null for a cluster
 *     made in KRaft mode
 * @param operatorPortBase broker {@code n} advertises its operator listener as {@code 127.0.0.1:<base + n>};
 *     null when the StatefulSet has no operator listeners
 * @param image the brokers' image
 * @param protocolVersion the {@code inter.broker.protocol.version} pinned in the pod template, or null
 * @param security how the cluster is protected (one deployed before the choice existed is plaintext)
 * @param external how outside clients reach the brokers; null without external access
 * @param metadata where the brokers keep the metadata: ZooKeeper, migration mode, or KRaft mode
 */
public record DeployedKafka(String namespace, String name, int replicas, String zookeeperConnect,
        Integer operatorPortBase, String image, String protocolVersion, Security security, ExternalAccess external,
        Metadata metadata) {

    /**
     * How cluster {@code cluster} in {@code namespace} is protected, as its brokers' or its ensemble's
     * StatefulSet says; empty when neither is deployed.
     */
    public static Optional<Security> securityOf(KubernetesClient client, String namespace, String cluster) {
        for (String name : List.of(cluster, cluster + ZookeeperEnsemble.SUFFIX)) {
            StatefulSet statefulSet = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
            if (statefulSet != null) {
                return Optional.of(security(statefulSet));
            }
        }
        return Optional.empty();
    }

    /**
     * What cluster {@code cluster}'s StatefulSets say of its protection, racks, external access and
     * metadata; empty when none of the brokers', the ensemble's or the KRaft controllers' is deployed
     * (racks and access are the brokers'). Controllers alone, out of migration mode, are a KRaft
     * cluster's whose brokers are not deployed yet.
     */
    public static Optional<ClusterShape> shapeOf(KubernetesClient client, String namespace, String cluster) {
        StatefulSet brokers = client.apps().statefulSets().inNamespace(namespace).withName(cluster).get();
        if (brokers == null) {
            // A finalized cluster's ensemble may still run, unused: the controllers and the record say what it is.
            Optional<ClusterShape> kraft = kraftWithoutBrokers(client, namespace, cluster);
            return kraft.isPresent() ? kraft : securityOf(client, namespace, cluster).map(ClusterShape::of);
        }
        DeployedKafka kafka = from(brokers);
        return Optional.of(new ClusterShape(kafka.security(), rackKey(brokers),
                Optional.ofNullable(kafka.external()),
                kafka.metadata()));
    }

    /**
     * A KRaft cluster whose brokers are not deployed (yet, or since a teardown that kept the data), as
     * its controllers and the record of its cluster id say: made in KRaft mode when the record names
     * no migration attempt; finalized after a migration when controllers out of migration mode run,
     * or, with none running, when the record says it was finalized; with the quorum size the
     * controllers run, else the one recorded. Empty otherwise: a migration's controllers without
     * brokers, or the kept data of a migration not recorded as finalized, are no cluster to deploy
     * KRaft brokers into.
     */
    private static Optional<ClusterShape> kraftWithoutBrokers(KubernetesClient client, String namespace, String cluster) {
        StatefulSet controllers = client.apps().statefulSets().inNamespace(namespace)
                .withName(KraftControllers.statefulSetName(cluster)).get();
        // Another's record of that name says nothing of this cluster: the steps that need the id refuse it, status lists it.
        ConfigMap record = ClusterIdRecord.ours(client.configMaps().inNamespace(namespace)
                .withName(KraftControllers.clusterIdRecordName(cluster)).get());
        Map<String, String> recorded = ClusterIdRecord.data(record);
        boolean inMigrationMode = controllers != null && env(controllers, KraftControllers.MIGRATION_ENV).isPresent();
        Integer voters = controllers != null ? Objects.requireNonNullElse(controllers.getSpec().getReplicas(), 1) : null;
        boolean madeInKraft = KraftControllers.NO_MIGRATION.equals(recorded.get(KraftControllers.ATTEMPT_KEY));
        if (controllers == null ? !KraftControllers.recordsKraftForGood(recorded) : inMigrationMode || record == null) {
            return Optional.empty();
        }
        if (voters == null) {
            // 0: the record does not say; the options' --controllers decides.
            String count = recorded.getOrDefault(KraftControllers.CONTROLLERS_KEY, "0");
            try {
                voters = Integer.valueOf(count);
            } catch (NumberFormatException e) {
                throw ToolException.failed("configmap/" + record.getMetadata().getName() + ": "
                        + KraftControllers.CONTROLLERS_KEY + " '" + count + "' is not a number of controllers");
            }
            if (voters == 0 && !madeInKraft) {
                throw ToolException.failed("configmap/" + record.getMetadata().getName() + " says the migration was"
                        + " finalized, but not how many controllers vote (" + KraftControllers.CONTROLLERS_KEY + ")");
            }
        }
        return Optional.of(new ClusterShape(controllers != null ? security(controllers) : KraftControllers.recordedSecurity(recorded),
                Optional.empty(), Optional.empty(), madeInKraft ? Metadata.kraftFromStart(voters) : Metadata.kraft(voters)));
    }

    /** The node label a rack-aware broker set takes its racks from, as its annotation records it. */
    public static Optional<String> rackKey(StatefulSet statefulSet) {
        Map<String, String> annotations = statefulSet.getMetadata().getAnnotations();
        return Optional.ofNullable(annotations == null ? null : annotations.get(ClusterShape.RACK_ANNOTATION));
    }

    /** What {@code statefulSet}'s annotation says; plaintext without one (made before there was a choice). */
    public static Security security(StatefulSet statefulSet) {
        Map<String, String> annotations = statefulSet.getMetadata().getAnnotations();
        String word = annotations == null ? null : annotations.get(Security.ANNOTATION);
        return word == null ? Security.PLAINTEXT : Security.of("annotation " + Security.ANNOTATION, word);
    }

    /** Reads StatefulSet {@code name}; a missing one is a failure that says how to get one. */
    public static DeployedKafka read(KubernetesClient client, String namespace, String name) {
        StatefulSet statefulSet = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (statefulSet == null) {
            throw ToolException.failed("no StatefulSet '" + name + "' in namespace '" + namespace
                    + "': deploy Kafka first (deploy-petset), or give the address to check directly");
        }
        return from(statefulSet);
    }

    /** What {@code statefulSet} says; a StatefulSet that is not a broker set of the toolkit's is a failure. */
    public static DeployedKafka from(StatefulSet statefulSet) {
        String where = "StatefulSet " + statefulSet.getMetadata().getNamespace() + "/" + statefulSet.getMetadata().getName();
        Map<String, String> annotations = Objects.requireNonNullElse(statefulSet.getMetadata().getAnnotations(), Map.of());
        Metadata metadata = Metadata.of(annotations);
        String zookeeperConnect = env(statefulSet, KafkaCluster.ZOOKEEPER_CONNECT_ENV)
                .or(() -> Optional.ofNullable(metadata.kraft() ? annotations.get(Metadata.ZOOKEEPER_ANNOTATION) : null))
                .orElse(null);
        if (zookeeperConnect == null && !metadata.withoutZooKeeper()) {
            throw ToolException.failed(where + " sets no " + KafkaCluster.ZOOKEEPER_CONNECT_ENV
                    + " in its containers: is it a kafka-petset broker set?");
        }
        Integer operatorPortBase = port(statefulSet, where, KafkaCluster.OPERATOR_PORT_BASE_ENV);
        Integer replicas = statefulSet.getSpec().getReplicas();
        return new DeployedKafka(statefulSet.getMetadata().getNamespace(), statefulSet.getMetadata().getName(),
                replicas == null ? 1 : replicas, zookeeperConnect, operatorPortBase,
                image(statefulSet, KafkaCluster.CONTAINER_NAME),
                env(statefulSet, KafkaCluster.PROTOCOL_VERSION_ENV).orElse(null), security(statefulSet),
                external(statefulSet, where), metadata);
    }

    /** The image of {@code statefulSet}'s container {@code container}; null if it has none of that name. */
    public static String image(StatefulSet statefulSet, String container) {
        return statefulSet.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(candidate -> container.equals(candidate.getName()))
                .map(Container::getImage).findFirst().orElse(null);
    }

    private static Integer port(StatefulSet statefulSet, String where, String variable) {
        return env(statefulSet, variable).map(base -> {
            try {
                return Integer.valueOf(base.strip());
            } catch (NumberFormatException e) {
                throw ToolException.failed(where + ": " + variable + "='" + base + "' is not a port number");
            }
        }).orElse(null);
    }

    /**
     * Node ports when the pod template sets the external host; load balancers when the brokers read
     * their addresses from the cluster's ConfigMap of them; else none.
     */
    private static ExternalAccess external(StatefulSet statefulSet, String where) {
        Optional<String> host = env(statefulSet, KafkaCluster.EXTERNAL_HOST_ENV);
        if (host.isPresent()) {
            return ExternalAccess.nodePort(host.get(), port(statefulSet, where, KafkaCluster.EXTERNAL_PORT_BASE_ENV));
        }
        String addresses = KafkaCluster.externalAddressesName(statefulSet.getMetadata().getName());
        boolean loadBalanced = statefulSet.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(container -> container.getEnvFrom() != null)
                .flatMap(container -> container.getEnvFrom().stream())
                .anyMatch(source -> source.getConfigMapRef() != null && addresses.equals(source.getConfigMapRef().getName()));
        return loadBalanced ? ExternalAccess.loadBalancer() : null;
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
