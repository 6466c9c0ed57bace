package dev.kafkapetset.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The secured profile as the model renders it: what each pod is told, mounts and may be reached by. */
class SecuredClusterTest {
    private final KafkaCluster cluster = new KafkaCluster(Specs.byDefault());
    private final StatefulSet brokers = cluster.generateStatefulSet(3);
    private final PodSpec broker = brokers.getSpec().getTemplate().getSpec();
    private final PodSpec server = cluster.ensemble().orElseThrow().generateStatefulSet().getSpec().getTemplate().getSpec();

    @Test
    void aNewClusterIsSecuredUnlessToldOtherwiseAndSaysSoOnItsStatefulSets() {
        assertTrue(cluster.spec().secured());
        assertEquals("secured", brokers.getMetadata().getAnnotations().get(Security.ANNOTATION));
        assertEquals("secured", cluster.ensemble().orElseThrow().generateStatefulSet().getMetadata().getAnnotations()
                .get(Security.ANNOTATION));
        assertFalse(new KafkaCluster(Specs.byDefault("--security", "plaintext")).spec().secured());
    }

    @Test
    void everyListenerSpeaksSaslOverTlsAndTheBrokersTalkToEachOtherSo() {
        Map<String, String> env = values(broker.getContainers().get(0));
        assertEquals("SASL_SSL://0.0.0.0:9092,OPERATOR://0.0.0.0:9094", env.get("KAFKA_LISTENERS"));
        assertEquals("SASL_SSL:SASL_SSL,OPERATOR:SASL_SSL", env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
        assertEquals("SASL_SSL", env.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
        assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_ENABLED_MECHANISMS"));
        assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL"));
        assertTrue(env.values().stream().noneMatch(value -> value.contains("PLAINTEXT")), env::toString);
        String startup = broker.getContainers().get(0).getCommand().get(2);
        assertTrue(startup.contains("export KAFKA_ADVERTISED_LISTENERS=\"SASL_SSL://${POD_NAME}"), startup);
        assertTrue(startup.contains("export KAFKA_SSL_KEYSTORE_FILENAME=\"${POD_NAME}.keystore.p12\""), startup);
    }

    @Test
    void keyAndTrustMaterialIsWhereTheImageReadsItAndNoPasswordIsInThePodSpec() {
        Container kafka = broker.getContainers().get(0);
        Map<String, String> env = values(kafka);
        assertEquals("keystore-password", env.get("KAFKA_SSL_KEYSTORE_CREDENTIALS"));
        assertEquals("keystore-password", env.get("KAFKA_SSL_KEY_CREDENTIALS"));
        assertEquals("PEM", env.get("KAFKA_SSL_TRUSTSTORE_TYPE"));
        assertEquals("/etc/kafka/secrets/ca.crt", env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
        assertEquals("-Djava.security.auth.login.config=/etc/kafka/jaas/broker.jaas", env.get("KAFKA_OPTS"));
        assertEquals(Map.of("/etc/kafka/secrets", "kafka-broker-tls", "/etc/kafka/jaas", "kafka-broker-jaas"),
                secretMounts(kafka));
        for (Volume volume : broker.getVolumes()) {
            assertEquals(0440, volume.getSecret().getDefaultMode(), volume.getName() + ": the image's user reads it, no one else");
        }
        Container users = broker.getInitContainers().stream()
                .filter(init -> init.getName().equals(KafkaCluster.SCRAM_USERS_CONTAINER)).findFirst().orElseThrow();
        assertEquals(Map.of("BROKER_PASSWORD", "kafka-credentials/broker-password", "ADMIN_PASSWORD",
                "kafka-credentials/admin-password"), secretVariables(users));
        assertTrue(users.getCommand().get(2).contains("--add-config-file \"$config\""), users.getCommand()::toString);
        assertEquals(List.of("data-check", "scram-users"), broker.getInitContainers().stream()
                .map(Container::getName).filter(name -> !name.equals("data-permissions")).toList(),
                "ZooKeeper is checked for the data first, then the users are made in it");
        Container dataCheck = broker.getInitContainers().stream()
                .filter(init -> init.getName().equals(KafkaCluster.DATA_CHECK_CONTAINER)).findFirst().orElseThrow();
        assertEquals(env.get("KAFKA_OPTS"), values(dataCheck).get("KAFKA_OPTS"), "zookeeper-shell logs in as the broker");
    }

    @Test
    void kafkaAuthorizesWithNothingAllowedUnlessGrantedAndProtectsItsZnodes() {
        Map<String, String> env = values(broker.getContainers().get(0));
        assertEquals("kafka.security.authorizer.AclAuthorizer", env.get("KAFKA_AUTHORIZER_CLASS_NAME"));
        assertEquals("false", env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"));
        assertEquals("User:kafka-broker;User:kafka-petset-admin", env.get("KAFKA_SUPER_USERS"));
        assertEquals("true", env.get("KAFKA_ZOOKEEPER_SET_ACL"));
    }

    @Test
    void zookeeperRequiresASaslLoginFromEveryClientSession() {
        Container zookeeper = server.getContainers().get(0);
        assertEquals("-Dzookeeper.4lw.commands.whitelist=ruok,srvr,mntr"
                + " -Djava.security.auth.login.config=/etc/kafka/jaas/zookeeper.jaas"
                + " -Dzookeeper.authProvider.1=org.apache.zookeeper.server.auth.SASLAuthenticationProvider"
                + " -Dzookeeper.sessionRequireClientSASLAuth=true", values(zookeeper).get("KAFKA_OPTS"));
        assertEquals(Map.of("/etc/kafka/jaas", "kafka-zookeeper-jaas"), secretMounts(zookeeper));
    }

    @Test
    void zookeeperTakesClientsFromTheBrokersAndAMigrationsControllersOnlyAndPeersFromItsOwnServers() {
        NetworkPolicy policy = cluster.ensemble().orElseThrow().generateNetworkPolicy().orElseThrow();
        assertEquals(cluster.ensemble().orElseThrow().labels().selector(), policy.getSpec().getPodSelector().getMatchLabels());
        assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes());
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertEquals(List.of(cluster.labels().selector(), cluster.controllers(3).labels().selector(),
                cluster.ensemble().orElseThrow().labels().selector()),
                rules.stream().map(rule -> rule.getFrom().get(0).getPodSelector().getMatchLabels()).toList());
        assertEquals(List.of(List.of(2181), List.of(2181), List.of(2888, 3888)), rules.stream().map(SecuredClusterTest::ports)
                .toList());
    }

    @Test
    void theClientPortTakesTheNamespaceOrTheChosenLabelsAndTheOperatorPortNoPod() {
        NetworkPolicy policy = cluster.generateNetworkPolicy().orElseThrow();
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertEquals(List.of(cluster.labels().selector(), cluster.controllers(3).labels().selector(), Map.of()),
                rules.stream().map(rule -> rule.getFrom().get(0).getPodSelector().getMatchLabels()).toList(),
                "the brokers, a migration's controllers, any pod of the namespace");
        assertTrue(rules.stream().allMatch(rule -> ports(rule).equals(List.of(9092))), "no rule opens 9094");
        NetworkPolicy chosen = new KafkaCluster(Specs.byDefault("--clients-from", "app=orders")).generateNetworkPolicy()
                .orElseThrow();
        assertEquals(Map.of("app", "orders"), chosen.getSpec().getIngress().get(2).getFrom().get(0).getPodSelector()
                .getMatchLabels());
        ToolException bad = assertThrows(ToolException.class, () -> Specs.byDefault("--clients-from", "app=not ok"));
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertEquals("--clients-from app=not ok is not a label Kubernetes can select on, such as app=orders",
                bad.getMessage());
    }

    @Test
    void aClusterMadeInKRaftModeLogsInOnTheControllerListenerOverTlsAndAuthorizesInTheMetadataLog() {
        KafkaCluster kraft = new KafkaCluster(Specs.byDefault("--metadata", "kraft", "--controllers", "3"));
        PodSpec controllerPod = kraft.controllers(3).generateStatefulSet().getSpec().getTemplate().getSpec();
        Container controller = controllerPod.getContainers().get(0);
        Map<String, String> env = values(controller);
        assertEquals("CONTROLLER:SASL_SSL,SASL_SSL:SASL_SSL", env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
        assertEquals("PLAIN", env.get("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL"));
        assertEquals("PLAIN", env.get("KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS"));
        assertEquals("org.apache.kafka.metadata.authorizer.StandardAuthorizer", env.get("KAFKA_AUTHORIZER_CLASS_NAME"));
        assertEquals("User:kafka-broker;User:kafka-petset-admin", env.get("KAFKA_SUPER_USERS"));
        assertEquals("false", env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND"));
        assertEquals("/etc/kafka/secrets/ca.crt", env.get("KAFKA_SSL_TRUSTSTORE_LOCATION"));
        assertEquals(Map.of("KAFKA_SSL_KEYSTORE_PASSWORD", "kafka-broker-tls/keystore-password", "KAFKA_SSL_KEY_PASSWORD",
                "kafka-broker-tls/keystore-password"), secretVariables(controller), "no password in the pod spec");
        assertTrue(controller.getCommand().get(2).contains(
                "export KAFKA_SSL_KEYSTORE_LOCATION=\"/etc/kafka/secrets/${POD_NAME}.keystore.p12\""));
        assertEquals(Map.of("/etc/kafka/secrets", "kafka-broker-tls", "/etc/kafka/jaas", "kafka-broker-jaas"),
                secretMounts(controller));
        Container users = controllerPod.getInitContainers().get(controllerPod.getInitContainers().size() - 1);
        assertEquals(KafkaCluster.SCRAM_USERS_CONTAINER, users.getName(), "after the data check");
        assertTrue(users.getCommand().get(2).contains("kafka-storage format --ignore-formatted --cluster-id \"$CLUSTER_ID\"")
                && users.getCommand().get(2).contains("--add-scram \"SCRAM-SHA-512=[name=kafka-petset-admin,password=$ADMIN_PASSWORD]\""),
                users.getCommand().get(2));
        assertEquals(Map.of("BROKER_PASSWORD", "kafka-credentials/broker-password", "ADMIN_PASSWORD",
                "kafka-credentials/admin-password"), secretVariables(users));

        PodSpec brokerPod = kraft.generateStatefulSet(3).getSpec().getTemplate().getSpec();
        Map<String, String> brokerEnv = values(brokerPod.getContainers().get(0));
        assertEquals("SASL_SSL:SASL_SSL,OPERATOR:SASL_SSL,CONTROLLER:SASL_SSL", brokerEnv.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
        assertEquals("PLAIN", brokerEnv.get("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL"));
        assertEquals("org.apache.kafka.metadata.authorizer.StandardAuthorizer", brokerEnv.get("KAFKA_AUTHORIZER_CLASS_NAME"));
        assertFalse(brokerEnv.containsKey("KAFKA_ZOOKEEPER_SET_ACL"), brokerEnv::toString);
        assertTrue(brokerPod.getInitContainers().stream().noneMatch(init -> init.getName().equals(KafkaCluster.SCRAM_USERS_CONTAINER)),
                "the users are in the metadata log, not made through ZooKeeper");

        NetworkPolicy policy = kraft.controllers(3).generateNetworkPolicy().orElseThrow();
        List<NetworkPolicyIngressRule> rules = policy.getSpec().getIngress();
        assertEquals(List.of(kraft.controllers(3).labels().selector(), kraft.labels().selector()),
                rules.stream().map(rule -> rule.getFrom().get(0).getPodSelector().getMatchLabels()).toList());
        assertTrue(rules.stream().allMatch(rule -> ports(rule).equals(List.of(9095))), "the controller port alone");

        String jaas = ClusterSecrets.brokerJaasFile("b", java.util.Optional.empty());
        assertTrue(jaas.contains("controller.KafkaServer {\n  org.apache.kafka.common.security.plain.PlainLoginModule required\n"
                + "  username=\"kafka-broker\"\n  password=\"b\"\n  user_kafka-broker=\"b\";\n};\n"), jaas);
        assertFalse(jaas.contains("Client {"), "no ZooKeeper, no login to it: " + jaas);
        String zooKeeperMode = ClusterSecrets.brokerJaasFile("b", java.util.Optional.of("z"));
        assertTrue(zooKeeperMode.contains("Client {") && zooKeeperMode.endsWith(jaas.substring(jaas.indexOf("controller."))),
                "a migration's controllers find their login where they will need it: " + zooKeeperMode);
    }

    @Test
    void aMigrationsControllersLogInToZooKeeperAsTheBrokersDoAndReachThemOverTheirSecuredListener() {
        KafkaCluster migrating = new KafkaCluster(Specs.byDefault().withMetadata(Metadata.migration(3)));
        Container controller = migrating.controllers(3).generateStatefulSet().getSpec().getTemplate().getSpec().getContainers()
                .get(0);
        Map<String, String> env = values(controller);
        assertEquals("true", env.get("KAFKA_ZOOKEEPER_METADATA_MIGRATION_ENABLE"));
        assertEquals("true", env.get("KAFKA_ZOOKEEPER_SET_ACL"), "the znodes it writes are Kafka's alone");
        assertEquals("-Djava.security.auth.login.config=/etc/kafka/jaas/broker.jaas", env.get("KAFKA_OPTS"));
        assertEquals("SASL_SSL", env.get("KAFKA_INTER_BROKER_LISTENER_NAME"));
        assertEquals("SCRAM-SHA-512", env.get("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL"));
        assertEquals("CONTROLLER:SASL_SSL,SASL_SSL:SASL_SSL", env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
        assertTrue(migrating.controllers(3).generateStatefulSet().getSpec().getTemplate().getSpec().getInitContainers()
                .stream().noneMatch(init -> init.getName().equals(KafkaCluster.SCRAM_USERS_CONTAINER)),
                "the users come from ZooKeeper with the rest of the metadata");
        Map<String, String> broker = values(migrating.generateStatefulSet(3).getSpec().getTemplate().getSpec().getContainers()
                .get(0));
        assertEquals("SASL_SSL:SASL_SSL,OPERATOR:SASL_SSL,CONTROLLER:SASL_SSL", broker.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
        assertEquals("PLAIN", broker.get("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL"));
        assertEquals("kafka.security.authorizer.AclAuthorizer", broker.get("KAFKA_AUTHORIZER_CLASS_NAME"),
                "still ZooKeeper's brokers, with ZooKeeper's ACLs");
    }

    @Test
    void aPlaintextClusterHasNoSecretsToMountAndNoPolicies() {
        KafkaCluster plaintext = Specs.cluster();
        assertEquals(List.of(), plaintext.generateStatefulSet(2).getSpec().getTemplate().getSpec().getVolumes());
        assertTrue(plaintext.generateNetworkPolicy().isEmpty());
        assertTrue(plaintext.ensemble().orElseThrow().generateNetworkPolicy().isEmpty());
        assertTrue(KubeFiles.render(plaintext, 2, List.of(VolumeNodes.MINIKUBE_NODE)).values().stream().allMatch(file -> file.contains("# UNSECURED")));
    }

    @Test
    void securedNeedsTheClustersOwnEnsembleAndAnUnknownProfileIsRefused() {
        ToolException external = assertThrows(ToolException.class, () -> Specs.byDefault("--zookeeper", "zk:2181"));
        assertEquals(ExitCode.USAGE, external.exitCode());
        assertTrue(external.getMessage().startsWith("--security secured sets up ZooKeeper's authentication"),
                external::getMessage);
        assertFalse(Specs.byDefault("--zookeeper", "zk:2181", "--security", "plaintext").secured());
        ToolException unknown = assertThrows(ToolException.class, () -> Specs.byDefault("--security", "tls"));
        assertEquals("--security 'tls' is not one of plaintext, secured", unknown.getMessage());
    }

    @Test
    void settingsTheProfileOwnsAreRefusedFromConfig() {
        ToolException owned = assertThrows(ToolException.class, () -> Specs.byDefault("--config", "super.users=User:me"));
        assertEquals("--config super.users: the toolkit sets it itself (--security chooses how the cluster is"
                + " protected)", owned.getMessage());
    }

    private static Map<String, String> values(Container container) {
        return container.getEnv().stream().filter(env -> env.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static Map<String, String> secretVariables(Container container) {
        return container.getEnv().stream()
                .filter(env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
                .collect(Collectors.toMap(EnvVar::getName, env -> env.getValueFrom().getSecretKeyRef().getName() + "/"
                        + env.getValueFrom().getSecretKeyRef().getKey()));
    }

    private static Map<String, String> secretMounts(Container container) {
        return container.getVolumeMounts().stream().filter(mount -> Boolean.TRUE.equals(mount.getReadOnly()))
                .collect(Collectors.toMap(VolumeMount::getMountPath, VolumeMount::getName));
    }

    private static List<Integer> ports(NetworkPolicyIngressRule rule) {
        return rule.getPorts().stream().map(port -> port.getPort().getIntVal()).toList();
    }
}
