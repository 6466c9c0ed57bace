package dev.kafkapetset.testkit.confluent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** What Confluent's images make of an environment, as their start-up scripts and templates do. */
class ImageConfigurationTest {
    private static final ImageFiles ANYWHERE = ImageFiles.ANYWHERE;
    private static final String REQUIRED_ZOOKEEPER_CONNECT = "KAFKA_ZOOKEEPER_CONNECT is required.\n"
            + "Command [/usr/local/bin/dub ensure KAFKA_ZOOKEEPER_CONNECT] FAILED !";
    /** Where what the scripts print goes when a test is not about it. */
    private static final Consumer<String> NOWHERE = line -> {};

    @Test
    void kafkaVariablesBecomeBrokerPropertiesByTheImagesRule() {
        Properties properties = KafkaImage.serverProperties(Map.of(
                "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092,OPERATOR://127.0.0.1:19092",
                "KAFKA_LISTENER_NAME_OPERATOR_SOME__SETTING", "a",
                "KAFKA_CONFLUENT___DASHED", "b",
                "KAFKA_HEAP_OPTS", "-Xmx1g",
                "KAFKA_OPTS", "-Dx=y",
                "POD_NAME", "kafka-0"), ANYWHERE, NOWHERE);
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
    void kraftModeNeedsAClusterIdAndAControllerNamesItsListenersAndAdvertisesNone() {
        Map<String, String> env = new HashMap<>(KafkaImage.ENVIRONMENT);
        env.put("KAFKA_PROCESS_ROLES", "controller");
        env.put("KAFKA_LISTENERS", "CONTROLLER://0.0.0.0:9095");
        env.put("KAFKA_ZOOKEEPER_METADATA_MIGRATION_ENABLE", "true");
        // The Dockerfile's empty CLUSTER_ID is not a value.
        assertEquals("CLUSTER_ID is required.\nCommand [/usr/local/bin/dub ensure CLUSTER_ID] FAILED !",
                assertThrows(IllegalStateException.class, () -> KafkaImage.serverProperties(env, ANYWHERE, NOWHERE)).getMessage());
        env.put("CLUSTER_ID", "MkU3OEVBNTcwNTJENDM2Qg");
        List<String> printed = new ArrayList<>();
        Properties controller = KafkaImage.serverProperties(env, ANYWHERE, printed::add);
        assertEquals(List.of("Running in KRaft mode..."), printed);
        assertEquals("controller", controller.getProperty("process.roles"));
        assertEquals("true", controller.getProperty("zookeeper.metadata.migration.enable"));
        // The id is never a property; the empty advertised listeners are unset, not written.
        assertFalse(controller.containsKey("cluster.id"), controller::toString);
        assertFalse(controller.containsKey("advertised.listeners"), controller::toString);

        env.put("KAFKA_ADVERTISED_LISTENERS", "CONTROLLER://kafka-controller-0:9095");
        assertEquals("KAFKA_ADVERTISED_LISTENERS is not supported on a KRaft controller.",
                assertThrows(IllegalStateException.class, () -> KafkaImage.serverProperties(env, ANYWHERE, NOWHERE)).getMessage());
        env.remove("KAFKA_LISTENERS");
        env.put("KAFKA_PROCESS_ROLES", "broker");
        env.put("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092");
        // A KRaft broker listens where it advertises, as in ZooKeeper mode, and needs no ZooKeeper.
        assertEquals("PLAINTEXT://0.0.0.0:9092", KafkaImage.serverProperties(env, ANYWHERE, NOWHERE).getProperty("listeners"));
    }

    @Test
    void anOlderImageFormatsAtItsOwnKafkasMetadataVersionUnlessToldOne() {
        List<String> format = List.of("format", "--cluster-id=abc", "-c", "kafka.properties");
        assertEquals(List.of("format", "--cluster-id=abc", "-c", "kafka.properties", "--release-version=3.8"),
                ConfluentImage.formatArguments("confluentinc/cp-kafka:7.8.2", format, new Properties()));
        assertEquals(format, ConfluentImage.formatArguments("confluentinc/cp-kafka:7.9.11", format, new Properties()));
        assertEquals(format, ConfluentImage.formatArguments("confluentinc/cp-kafka", format, new Properties()));
        assertEquals("--release-version=3.6", ConfluentImage.formatArguments("registry:5000/confluentinc/cp-kafka:7.6.1@sha256:ab",
                format, new Properties()).get(4));
        List<String> told = List.of("format", "-r", "3.6");
        assertEquals(told, ConfluentImage.formatArguments("confluentinc/cp-kafka:7.8.2", told, new Properties()));
        Properties pinned = new Properties();
        pinned.setProperty("inter.broker.protocol.version", "3.7");
        assertEquals(format, ConfluentImage.formatArguments("docker.io/confluentinc/cp-kafka:7.8.2", format, pinned));
    }

    @Test
    void kafkaHeapAndLog4jOptsPassThroughAsPropertiesForTheTemplatesMissingComma() {
        Properties properties = KafkaImage.serverProperties(Map.of(
                "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092",
                "KAFKA_HEAP_OPTS", "-Xms512m -Xmx512m",
                "KAFKA_LOG4J_OPTS", "-Dlog4j.configuration=file:/etc/kafka/log4j.properties",
                "KAFKA_JMX_OPTS", "-Dcom.sun.management.jmxremote"), ANYWHERE, NOWHERE);
        assertEquals("-Xms512m -Xmx512m", properties.getProperty("heap.opts"));
        assertEquals("-Dlog4j.configuration=file:/etc/kafka/log4j.properties", properties.getProperty("log4j.opts"));
        // The rest of the list is intact.
        assertFalse(properties.containsKey("jmx.opts"), properties::toString);
    }

    @Test
    void kafkaStartsTheImageRefusesFailWithItsReason() {
        Map<String, String> valid = Map.of("KAFKA_ZOOKEEPER_CONNECT", "zk:2181", "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://a:9092");
        assertEquals(REQUIRED_ZOOKEEPER_CONNECT, assertThrows(IllegalStateException.class,
                () -> KafkaImage.serverProperties(Map.of("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://a:9092"), ANYWHERE, NOWHERE)).getMessage());
        // A Service named kafka with service links on puts KAFKA_PORT into every pod: the image exits.
        Map<String, String> linked = new java.util.HashMap<>(valid);
        linked.put("KAFKA_PORT", "tcp://10.96.0.10:9092");
        assertEquals("port is deprecated. Please use KAFKA_ADVERTISED_LISTENERS instead.",
                assertThrows(IllegalStateException.class, () -> KafkaImage.serverProperties(linked, ANYWHERE, NOWHERE)).getMessage());
    }

    @Test
    void kafkaSslBlockTakesTheKeystoreAndItsPasswordsFromEtcKafkaSecretsWhenAListenerIsNamedSsl() {
        Map<String, String> env = new HashMap<>(SASL_SSL);
        env.put("KAFKA_SSL_KEYSTORE_LOCATION", "/elsewhere/keystore.jks");
        List<String> printed = new ArrayList<>();
        Properties properties = KafkaImage.serverProperties(env, ImageFiles.with(Map.of(
                "/etc/kafka/secrets/kafka-0.p12", "binary",
                "/etc/kafka/secrets/key-password", "k3y\n\n",
                "/etc/kafka/secrets/keystore-password", "st0re")), printed::add);
        // The script's own location wins over the variable's.
        assertEquals("/etc/kafka/secrets/kafka-0.p12", properties.getProperty("ssl.keystore.location"));
        // $(cat ...) drops the trailing newlines.
        assertEquals("k3y", properties.getProperty("ssl.key.password"));
        assertEquals("st0re", properties.getProperty("ssl.keystore.password"));
        // Without client authentication no truststore is asked for, nor set.
        assertFalse(properties.containsKey("ssl.truststore.location"), properties::toString);
        // The file names pass through as settings Kafka does not know, as every KAFKA_ variable does.
        assertEquals("kafka-0.p12", properties.getProperty("ssl.keystore.filename"));
        assertEquals("key-password", properties.getProperty("ssl.key.credentials"));
        assertFalse(properties.containsKey("opts"), properties::toString);
        assertEquals(List.of("Running in Zookeeper mode...", "SSL is enabled.", "SASL is enabled."), printed);
    }

    @Test
    void kafkaSslBlockRefusesAMissingVariableOrFileWithDubsMessages() {
        Map<String, String> noKeyCredentials = new HashMap<>(SASL_SSL);
        noKeyCredentials.remove("KAFKA_SSL_KEY_CREDENTIALS");
        assertEquals("KAFKA_SSL_KEY_CREDENTIALS is required.\nCommand [/usr/local/bin/dub ensure KAFKA_SSL_KEY_CREDENTIALS] FAILED !",
                refusal(noKeyCredentials, SECRETS));
        Map<String, String> noKeystore = new HashMap<>(SECRETS);
        noKeystore.remove("/etc/kafka/secrets/kafka-0.p12");
        assertEquals("Command [/usr/local/bin/dub path /etc/kafka/secrets/kafka-0.p12 exists] FAILED !", refusal(SASL_SSL, noKeystore));
        Map<String, String> clientsAuthenticate = new HashMap<>(SASL_SSL);
        clientsAuthenticate.put("KAFKA_SSL_CLIENT_AUTH", "requested");
        assertEquals("KAFKA_SSL_TRUSTSTORE_FILENAME is required.\nCommand [/usr/local/bin/dub ensure KAFKA_SSL_TRUSTSTORE_FILENAME]"
                + " FAILED !", refusal(clientsAuthenticate, SECRETS));
        clientsAuthenticate.put("KAFKA_SSL_TRUSTSTORE_FILENAME", "truststore.p12");
        clientsAuthenticate.put("KAFKA_SSL_TRUSTSTORE_CREDENTIALS", "keystore-password");
        Map<String, String> withTruststore = new HashMap<>(SECRETS);
        withTruststore.put("/etc/kafka/secrets/truststore.p12", "binary");
        Properties properties = KafkaImage.serverProperties(clientsAuthenticate, ImageFiles.with(withTruststore), NOWHERE);
        assertEquals("/etc/kafka/secrets/truststore.p12", properties.getProperty("ssl.truststore.location"));
        assertEquals("st0re", properties.getProperty("ssl.truststore.password"));
    }

    @Test
    void kafkaSslBlockRunsForListenerNamesNotForTheProtocolsTheyMapTo() {
        Properties properties = KafkaImage.serverProperties(Map.of(
                "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
                "KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka-0.kafka.default.svc:9092",
                "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:SASL_SSL",
                "KAFKA_SSL_KEYSTORE_FILENAME", "kafka-0.p12"), ANYWHERE, NOWHERE);
        assertFalse(properties.containsKey("ssl.keystore.location"), properties::toString);
    }

    @Test
    void kafkaSaslListenersNeedKafkaOptsAndOnlyAWarningWithoutALoginConfig() {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
                "KAFKA_ADVERTISED_LISTENERS", "SASL_PLAINTEXT://kafka-0.kafka.default.svc:9092"));
        assertEquals("KAFKA_OPTS is required.\nCommand [/usr/local/bin/dub ensure KAFKA_OPTS] FAILED !", refusal(env, Map.of()));
        env.put("KAFKA_OPTS", "-Dzookeeper.sasl.client=false");
        List<String> printed = new ArrayList<>();
        KafkaImage.serverProperties(env, ANYWHERE, printed::add);
        assertEquals(List.of("Running in Zookeeper mode...", "SASL is enabled.",
                "KAFKA_OPTS should contain 'java.security.auth.login.config' property."), printed);
    }

    @Test
    void kafkaReadsTheTemplatesLinesAsAPropertiesFileBackslashesAndAll() {
        Properties properties = KafkaImage.serverProperties(Map.of(
                "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092",
                "KAFKA_SASL_JAAS_SECRET", "pa\\ss\\w0rd",
                "KAFKA_UNICODE", "\\u0041"), ANYWHERE, NOWHERE);
        assertEquals("passw0rd", properties.getProperty("sasl.jaas.secret"));
        assertEquals("A", properties.getProperty("unicode"));
    }

    private static final Map<String, String> SASL_SSL = Map.of(
            "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
            "KAFKA_ADVERTISED_LISTENERS", "SASL_SSL://kafka-0.kafka.default.svc:9092",
            "KAFKA_OPTS", "-Djava.security.auth.login.config=/etc/kafka/secrets/jaas.conf",
            "KAFKA_SSL_KEYSTORE_FILENAME", "kafka-0.p12",
            "KAFKA_SSL_KEY_CREDENTIALS", "key-password",
            "KAFKA_SSL_KEYSTORE_CREDENTIALS", "keystore-password");
    private static final Map<String, String> SECRETS = Map.of(
            "/etc/kafka/secrets/kafka-0.p12", "binary",
            "/etc/kafka/secrets/key-password", "k3y",
            "/etc/kafka/secrets/keystore-password", "st0re");

    /** What the image prints when it refuses {@code env} with {@code files}. */
    private static String refusal(Map<String, String> env, Map<String, String> files) {
        return assertThrows(IllegalStateException.class, () -> KafkaImage.serverProperties(env, ImageFiles.with(files), NOWHERE))
                .getMessage();
    }

    @Test
    void kafkaZookeeperClientCnxnSocketBecomesTheCamelCasedSettingKafkaKnows() {
        Properties properties = KafkaImage.serverProperties(Map.of(
                "KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181",
                "KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092",
                "KAFKA_ZOOKEEPER_CLIENT_CNXN_SOCKET", "org.apache.zookeeper.ClientCnxnSocketNetty"), ANYWHERE, NOWHERE);
        assertEquals("org.apache.zookeeper.ClientCnxnSocketNetty", properties.getProperty("zookeeper.clientCnxnSocket"));
        assertFalse(properties.containsKey("zookeeper.client.cnxn.socket"), properties::toString);
    }

    @Test
    void kafkaTakesAnEmptyVariableForUnsetInItsChecksAndDefaultsYetWritesItAsAProperty() {
        Map<String, String> env = new java.util.HashMap<>(KafkaImage.ENVIRONMENT);
        env.put("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://kafka-0.kafka.default.svc:9092");
        // The Dockerfile's empty KAFKA_ZOOKEEPER_CONNECT is not a value.
        assertEquals(REQUIRED_ZOOKEEPER_CONNECT,
                assertThrows(IllegalStateException.class, () -> KafkaImage.serverProperties(env, ANYWHERE, NOWHERE)).getMessage());
        env.put("KAFKA_ZOOKEEPER_CONNECT", "zookeeper:2181");
        env.put("KAFKA_PORT", "");
        env.put("KAFKA_PROCESS_ROLES", "");
        env.put("KAFKA_LISTENERS", "");
        env.put("KAFKA_LOG_DIRS", "");
        env.put("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "");
        Properties properties = KafkaImage.serverProperties(env, ANYWHERE, NOWHERE);
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
        assertEquals("/var/lib/kafka/data", KafkaImage.serverProperties(env, writableBy(runAs(null, null)), NOWHERE).getProperty("log.dirs"));
        // A uid the image does not know gets group 0 unless told otherwise, as OpenShift's arbitrary uids do.
        KafkaImage.serverProperties(env, writableBy(runAs(1001L, null)), NOWHERE);
        // Root is in group 0 even with every capability dropped.
        KafkaImage.serverProperties(env, writableBy(runAs(0L, null)), NOWHERE);
        assertEquals("Check if /etc/kafka is writable: no, it is 1000:0 mode 0775 and the container runs as uid 1001, gid 1001,"
                + " groups [1001]", assertThrows(IllegalStateException.class,
                        () -> KafkaImage.serverProperties(env, writableBy(runAs(1001L, 1001L)), NOWHERE)).getMessage());
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

    private static ImageFiles writableBy(ContainerUser user) {
        return ImageFiles.writableBy(user);
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
