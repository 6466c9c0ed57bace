package dev.kafkapetset.testkit.confluent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What Confluent's images make of an environment, as their start-up scripts and templates do. */
class ImageConfigurationTest {
    /** For configurations the directory checks are not about. */
    private static final WritableCheck ANYWHERE = directory -> {};

    @Test
    void kafkaVariablesBecomeBrokerPropertiesByTheImagesRule() {
        Properties properties = KafkaImage.brokerProperties(Map.of(
                "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092,OPERATOR://127.0.0.1:19092",
                "KAFKA_LISTENER_NAME_OPERATOR_SOME__SETTING", "a",
                "KAFKA_CONFLUENT___DASHED", "b",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "KAFKA_OPTS", "-Dx=y",
                "POD_NAME", "kafka-0"), ANYWHERE);
        assertEquals("zookeeper:2181", properties.getProperty("zookeeper.connect"));
        assertEquals("a", properties.getProperty("listener.name.operator.some_setting"));
        assertEquals("b", properties.getProperty("confluent-dashed"));
        // Without KAFKA_LISTENERS the image listens where it advertises, on every address.
        assertEquals("PLAINTEXT://0.0.0.0:9092,OPERATOR://0.0.0.0:19092", properties.getProperty("listeners"));
        assertEquals("/var/lib/kafka/data", properties.getProperty("log.dirs"));
        assertFalse(properties.containsKey("opts"), properties::toString);
        assertEquals(7, properties.size(), properties::toString);
    }

    @Test
    void kafkaHeapAndLog4jOptsPassThroughAsPropertiesForTheTemplatesMissingComma() {
        Properties properties = KafkaImage.brokerProperties(Map.of(
                "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092",
                "KAFKA_HEAP_OPTS", "-Xms512m -Xmx512m",
                "KAFKA_LOG4J_OPTS", "-Dlog4j.configuration=file:/etc/kafka/log4j.properties",
                "KAFKA_JMX_OPTS", "-Dcom.sun.management.jmxremote"), ANYWHERE);
        assertEquals("-Xms512m -Xmx512m", properties.getProperty("heap.opts"));
        assertEquals("-Dlog4j.configuration=file:/etc/kafka/log4j.properties", properties.getProperty("log4j.opts"));
        // The rest of the list is intact.
        assertFalse(properties.containsKey("jmx.opts"), properties::toString);
    }

    @Test
    void kafkaStartsTheImageRefusesFailWithItsReason() {
        Map<String, String> valid = Map.of("KAFKA_ZOOKEEPER_CONNECT", "zk:2181", "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://a:9092");
        assertEquals("KAFKA_ZOOKEEPER_CONNECT is required.", assertThrows(IllegalStateException.class,
                () -> KafkaImage.brokerProperties(Map.of("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://a:9092"), ANYWHERE)).getMessage());
        // A Service named kafka with service links on puts KAFKA_PORT into every pod: the image exits.
        Map<String, String> linked = new java.util.HashMap<>(valid);
        linked.put("KAFKA_PORT", "tcp://10.96.0.10:9092");
        assertEquals("port is deprecated. Please use KAFKA_ADVERTISED_LISTENERS instead.",
                assertThrows(IllegalStateException.class, () -> KafkaImage.brokerProperties(linked, ANYWHERE)).getMessage());
    }

    @Test
    void kafkaZookeeperClientCnxnSocketBecomesTheCamelCasedSettingKafkaKnows() {
        Properties properties = KafkaImage.brokerProperties(Map.of(
                "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092",
                "KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET", "org.apache.zookeeper.ClientCnxnSocketNetty"), ANYWHERE);
        assertEquals("org.apache.zookeeper.ClientCnxnSocketNetty", properties.getProperty("zookeeper.clientCnxnSocket"));
        assertFalse(properties.containsKey("zookeeper.client.cnxn.socket"), properties::toString);
    }

    @Test
    void kafkaTakesAnEmptyVariableForUnsetInItsChecksAndDefaultsYetWritesItAsAProperty() {
        Map<String, String> env = new java.util.HashMap<>(KafkaImage.ENVIRONMENT);
        env.put("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092");
        // The Dockerfile's empty KAFKA_ZOOKEEPER_CONNECT is not a value.
        assertEquals("KAFKA_ZOOKEEPER_CONNECT is required.",
                assertThrows(IllegalStateException.class, () -> KafkaImage.brokerProperties(env, ANYWHERE)).getMessage());
        env.put("KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181");
        env.put("KAFKA_PORT", "");
        env.put("KAFKA_PROCESS_ROLES", "");
        env.put("KAFKA_LISTENERS", "");
        env.put("KAFKA_LOG_DIRS", "");
        env.put("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "");
        Properties properties = KafkaImage.brokerProperties(env, ANYWHERE);
        assertEquals("PLAINTEXT://0.0.0.0:9092", properties.getProperty("listeners"));
        assertEquals("/var/lib/kafka/data", properties.getProperty("log.dirs"));
        assertEquals("", properties.getProperty("auto.create.topics.enable"));
        assertEquals("", properties.getProperty("port"));
        assertEquals("", properties.getProperty("process.roles"));
    }

    @Test
    void zookeeperTakesAnEmptyVariableForUnsetInItsChecksAndDefaults() {
        Map<String, String> standalone = Map.of("ZOOKEEPER_CLIENT_PORT", "2181", "ZOOKEEPER_SERVERS", "", "ZOOKEEPER_SERVER_ID", "");
        Properties properties = ZooKeeperImage.properties(standalone, ANYWHERE);
        assertFalse(properties.containsKey("server.1") || properties.containsKey("initLimit"), properties::toString);
        assertEquals(Optional.empty(), ZooKeeperImage.serverId(standalone));
        assertEquals("ZOOKEEPER_CLIENT_PORT is required.", assertThrows(IllegalStateException.class,
                () -> ZooKeeperImage.properties(Map.of("ZOOKEEPER_CLIENT_PORT", ""), ANYWHERE)).getMessage());
        Map<String, String> ensemble = Map.of("ZOOKEEPER_CLIENT_PORT", "2181", "ZOOKEEPER_SERVERS", "a:1:2",
                "ZOOKEEPER_SERVER_ID", "1", "ZOOKEEPER_INIT_LIMIT", "");
        assertEquals("10", ZooKeeperImage.properties(ensemble, ANYWHERE).getProperty("initLimit"));
        Map<String, String> unnumbered = Map.of("ZOOKEEPER_CLIENT_PORT", "2181", "ZOOKEEPER_SERVERS", "a:1:2", "ZOOKEEPER_SERVER_ID", "");
        assertEquals("ZOOKEEPER_SERVER_ID is required.",
                assertThrows(IllegalStateException.class, () -> ZooKeeperImage.properties(unnumbered, ANYWHERE)).getMessage());
    }

    @Test
    void etcKafkaIsWritableByTheImagesUserAndByGroupZeroOnly() {
        Map<String, String> env = Map.of("KAFKA_ZOOKEEPER_CONNECT", "zk:2181", "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://a:9092");
        assertEquals("/var/lib/kafka/data", KafkaImage.brokerProperties(env, writableBy(runAs(null, null))).getProperty("log.dirs"));
        // A uid the image does not know gets group 0 unless told otherwise, as OpenShift's arbitrary uids do.
        KafkaImage.brokerProperties(env, writableBy(runAs(1001L, null)));
        // Root is in group 0 even with every capability dropped.
        KafkaImage.brokerProperties(env, writableBy(runAs(0L, null)));
        assertEquals("Check if /etc/kafka is writable: no, it is 1000:0 mode 0775 and the container runs as uid 1001, gid 1001,"
                + " groups [1001]", assertThrows(IllegalStateException.class,
                        () -> KafkaImage.brokerProperties(env, writableBy(runAs(1001L, 1001L)))).getMessage());
        assertEquals("Check if /etc/kafka is writable: no, it is 1000:0 mode 0775 and the container runs as uid 1001, gid 1001,"
                + " groups [1001]", assertThrows(IllegalStateException.class,
                        () -> ZooKeeperImage.properties(Map.of("ZOOKEEPER_CLIENT_PORT", "2181"), writableBy(runAs(1001L, 1001L))))
                        .getMessage());
    }

    /** A user of a container with every capability dropped, as the manifests run them. */
    private static ContainerUser runAs(Long uid, Long gid) {
        Container container = new ContainerBuilder()
                .withName("kafka")
                .withNewSecurityContext().withRunAsUser(uid).withRunAsGroup(gid).withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .build();
        return ContainerUser.of(new PodBuilder().withNewMetadata().withName("kafka-0").endMetadata().withNewSpec()
                .withContainers(container).endSpec().build(), container);
    }

    /** The directories of the image, as {@code user} may write them. */
    private static WritableCheck writableBy(ContainerUser user) {
        return directory -> ConfluentImage.directory(directory).requireWritableBy(user, directory);
    }

    @Test
    void zookeeperServersAreNumberedFromOneWithTheImagesDefaults() {
        Map<String, String> env = Map.of(
                "ZOOKEEPER_CLIENT_PORT", "2181",
                "ZOOKEEPER_SERVER_ID", "2",
                "ZOOKEEPER_SERVERS", "zk-0.zk:2888:3888;zk-1.zk:2888:3888;zk-2.zk:2888:3888",
                "ZOOKEEPER_TICK_TIME", "2000",
                "ZOOKEEPER_UNKNOWN_THING", "ignored",
                "KAFKA_OPTS", "-Xss1m -Dzookeeper.4lw.commands.whitelist=ruok,srvr");
        Properties properties = ZooKeeperImage.properties(env, ANYWHERE);
        assertEquals("zk-0.zk:2888:3888", properties.getProperty("server.1"));
        assertEquals("zk-2.zk:2888:3888", properties.getProperty("server.3"));
        assertEquals("2181", properties.getProperty("clientPort"));
        assertEquals("2000", properties.getProperty("tickTime"));
        assertEquals("10", properties.getProperty("initLimit"));
        assertEquals("5", properties.getProperty("syncLimit"));
        assertEquals("/var/lib/zookeeper/data", properties.getProperty("dataDir"));
        assertEquals("/var/lib/zookeeper/log", properties.getProperty("dataLogDir"));
        assertEquals(9, properties.size(), properties::toString);
        assertEquals(Optional.of("2"), ZooKeeperImage.serverId(env));
        assertEquals(Optional.of("ruok,srvr"), ZooKeeperImage.fourLetterWords(env));
    }

    @Test
    void zookeeperServersEndingInASemicolonEndInAnEmptyServerEntry() {
        Properties properties = ZooKeeperImage.properties(Map.of("ZOOKEEPER_CLIENT_PORT", "2181", "ZOOKEEPER_SERVER_ID", "1",
                "ZOOKEEPER_SERVERS", "zk-0.zk:2888:3888;zk-1.zk:2888:3888;"), ANYWHERE);
        assertEquals("zk-1.zk:2888:3888", properties.getProperty("server.2"));
        assertEquals("", properties.getProperty("server.3"));
    }

    @Test
    void zookeeperEnsembleWithoutServerIdIsRefused() {
        Map<String, String> ensemble = Map.of("ZOOKEEPER_CLIENT_PORT", "2181", "ZOOKEEPER_SERVERS", "a:1:2");
        assertEquals("ZOOKEEPER_SERVER_ID is required.",
                assertThrows(IllegalStateException.class, () -> ZooKeeperImage.properties(ensemble, ANYWHERE)).getMessage());
    }

    @Test
    void imageRepositoryIgnoresRegistryTagAndDigest() {
        assertEquals("confluentinc/cp-kafka", ConfluentImage.repository("docker.io/confluentinc/cp-kafka:7.9.11"));
        assertEquals("confluentinc/cp-zookeeper", ConfluentImage.repository("confluentinc/cp-zookeeper@sha256:abc"));
        assertEquals("localhost:5000/cp-kafka", ConfluentImage.repository("localhost:5000/cp-kafka"));
    }
}
