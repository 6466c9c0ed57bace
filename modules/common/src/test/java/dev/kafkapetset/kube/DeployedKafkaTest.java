package dev.kafkapetset.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.model.Metadata;
import dev.kafkapetset.model.Security;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeployedKafkaTest {

    static StatefulSet kafka(EnvVar... env) {
        return new StatefulSetBuilder()
                .withNewMetadata().withNamespace("data").withName("kafka").endMetadata()
                .withNewSpec()
                    .withReplicas(3)
                    .withNewTemplate().withNewSpec()
                        .addNewContainer().withName("init").endContainer()
                        .addNewContainer().withName("kafka").withImage("confluentinc/cp-kafka:7.6.1").withEnv(List.of(env))
                        .endContainer()
                    .endSpec().endTemplate()
                .endSpec()
                .build();
    }

    static EnvVar env(String name, String value) {
        return new EnvVar(name, value, null);
    }

    @Test
    void readsReplicasZooKeeperOperatorPortsImageAndPinnedProtocol() {
        DeployedKafka kafka = DeployedKafka.from(kafka(env("KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181/kafka"),
                env("OPERATOR_PORT_BASE", "29092"), env("KAFKA_INTER_BROKER_PROTOCOL_VERSION", "3.5")));
        assertEquals(new DeployedKafka("data", "kafka", 3, "zookeeper:2181/kafka", 29092, "confluentinc/cp-kafka:7.6.1",
                "3.5", Security.PLAINTEXT, null, Metadata.ZOOKEEPER), kafka, "one made before --security existed is plaintext");
        assertEquals("kafka-2", kafka.podName(2));
    }

    @Test
    void brokersInKRaftModeSetNoZooKeeperTheAnnotationKeepsIt() {
        StatefulSet kraft = kafka(env("OPERATOR_PORT_BASE", "29092"));
        kraft.getMetadata().setAnnotations(java.util.Map.of(Metadata.ANNOTATION, "kraft-brokers", Metadata.CONTROLLERS_ANNOTATION, "3",
                Metadata.ZOOKEEPER_ANNOTATION, "kafka-zookeeper:2181"));
        DeployedKafka kafka = DeployedKafka.from(kraft);
        assertEquals(Metadata.kraftBrokers(3), kafka.metadata());
        assertEquals("kafka-zookeeper:2181", kafka.zookeeperConnect());
        // Only KRaft-mode brokers take it from there.
        kraft.getMetadata().setAnnotations(java.util.Map.of(Metadata.ZOOKEEPER_ANNOTATION, "kafka-zookeeper:2181"));
        assertThrows(ToolException.class, () -> DeployedKafka.from(kraft));
    }

    @Test
    void theSecurityIsWhatTheAnnotationSays() {
        StatefulSet secured = kafka(env("KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181"));
        secured.getMetadata().setAnnotations(java.util.Map.of(Security.ANNOTATION, "secured"));
        assertEquals(Security.SECURED, DeployedKafka.from(secured).security());
        secured.getMetadata().setAnnotations(java.util.Map.of(Security.ANNOTATION, "open"));
        assertEquals("annotation kafka-petset/security 'open' is not one of plaintext, secured",
                assertThrows(ToolException.class, () -> DeployedKafka.from(secured)).getMessage());
    }

    @Test
    void aBrokerSetWithoutOperatorListenersHasNoPortBase() {
        assertEquals(null, DeployedKafka.from(kafka(env("KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181"))).operatorPortBase());
    }

    @Test
    void aStatefulSetThatIsNotOursIsAFailure() {
        ToolException missing = assertThrows(ToolException.class, () -> DeployedKafka.from(kafka()));
        assertEquals(ExitCode.FAILED, missing.exitCode());
        assertEquals("StatefulSet data/kafka sets no KAFKA_ZOOKEEPER_CONNECT in its containers: is it a kafka-petset"
                + " broker set?", missing.getMessage());
        ToolException badBase = assertThrows(ToolException.class, () -> DeployedKafka.from(kafka(
                env("KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181"), env("OPERATOR_PORT_BASE", "many"))));
        assertEquals("StatefulSet data/kafka: OPERATOR_PORT_BASE='many' is not a port number", badBase.getMessage());
    }

    @Test
    void kraftModeBrokersMadeSoFromTheStartRecordNoZooKeeper() {
        StatefulSet made = kafka(env("OPERATOR_PORT_BASE", "29092"));
        made.getMetadata().setAnnotations(java.util.Map.of(Metadata.ANNOTATION, "kraft", Metadata.CONTROLLERS_ANNOTATION, "3"));
        DeployedKafka kafka = DeployedKafka.from(made);
        assertEquals(Metadata.kraftFromStart(3), kafka.metadata());
        assertEquals(null, kafka.zookeeperConnect());
        // Brokers that left a ZooKeeper keep its address; ZooKeeper-mode brokers without one are not the toolkit's.
        made.getMetadata().setAnnotations(java.util.Map.of(Metadata.ANNOTATION, "kraft", Metadata.CONTROLLERS_ANNOTATION, "3",
                Metadata.ZOOKEEPER_ANNOTATION, "kafka-zookeeper:2181"));
        assertEquals(Metadata.kraft(3), DeployedKafka.from(made).metadata());
        assertEquals("kafka-zookeeper:2181", DeployedKafka.from(made).zookeeperConnect());
        assertThrows(ToolException.class, () -> DeployedKafka.from(kafka(env("OPERATOR_PORT_BASE", "29092"))));
    }
}
