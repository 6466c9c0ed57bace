package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.kafka.ClientSecurity;
import dev.kafkapetset.kafka.TlsProbe;
import dev.kafkapetset.kube.SecretValues;
import dev.kafkapetset.model.ClusterSecrets;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.security.CertificateAuthority;
import dev.kafkapetset.testkit.confluent.ConfluentPodRuntime;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.kube.StandInController;
import dev.kafkapetset.testkit.servers.FreePorts;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.ByteArrayInputStream;
import java.io.Writer;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secured profile end to end on the stand-in, whose pods run as the images run them (their
 * TLS and SASL configure blocks, the JAAS files, a ZooKeeper that requires SASL): the README's
 * bring-up through the catalog passes both checks and smoke-produce logged in, status shows what
 * protects the cluster, and each door a client without the right credentials tries stays shut. Not
 * one secret value shows in the steps' output or the pods' logs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredRunbookTest {
    private static final int BROKERS = 2;
    private static final Duration REFUSAL = Duration.ofSeconds(5);

    private final int operatorPortBase = FreePorts.consecutive(BROKERS);
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private final List<LocalPortForward> forwards = new ArrayList<>();
    private ConfluentPodRuntime runtime;
    private StandInCluster cluster;
    private KubernetesClient client;

    @BeforeAll
    void startCluster() {
        runtime = ConfluentPodRuntime.create();
        cluster = StandInCluster.start(runtime);
        client = cluster.client();
    }

    @AfterAll
    void stopCluster() throws Exception {
        closeForwards();
        try {
            runtime.close();
        } finally {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void bringUpThroughTheCatalogPassesBothChecksAndTheSmokeTestLoggedIn() {
        Jbang.Result up = Jbang.launcher().run("bring-up@catalog", "--kubeconfig", cluster.kubeconfig().toString(),
                "--replicas", Integer.toString(BROKERS), "--zookeeper-replicas", "1", "--operator-port-base",
                Integer.toString(operatorPortBase), "--external", "loadbalancer", "--smoke-count", "200", "--timeout", "3m");
        outputs.put("bring-up", up.out() + up.err());
        assertEquals(0, up.exitCode(), up::toString);
        assertTrue(up.out().contains("\n[2/8] create-secrets: "), up::toString);
        assertTrue(up.out().contains("\n    secret/kafka-broker-tls created\n"), up::toString);
        // The brokers' certificates are issued before their load balancers exist, then again to name them.
        assertTrue(up.out().contains("\n    waiting for the load balancers of 2 services to get addresses (timeout 3m)...\n"
                + "      service/kafka-"), up::toString);
        assertTrue(up.out().contains("\n    configmap/kafka-external-addresses created\n    secret/kafka-broker-tls updated\n"),
                up::toString);
        assertTrue(up.out().contains("\n    networkpolicy.networking.k8s.io/kafka-zookeeper created\n"), up::toString);
        assertTrue(up.out().contains("  " + BROKERS + " of " + BROKERS + " expected brokers registered\n"), up::toString);
        assertTrue(up.out().contains("/brokers/ids ACL: sasl:kafka:cdrwa, world:anyone:r\n"), up::toString);
        assertTrue(up.out().contains("  protection: SASL_SSL, SASL SCRAM-SHA-512 over TLSv1.3 "), up::toString);
        assertTrue(up.out().contains("bring-up complete in "), up::toString);
    }

    @Test
    @Order(2)
    void statusShowsWhatProtectsTheCluster() {
        Script.Result status = Script.run("status", "--kubeconfig", cluster.kubeconfig().toString());
        outputs.put("status", status.out() + status.err());
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("\nProtection (secured)\n  listener: SASL_SSL, SCRAM-SHA-512 (logged in as "
                + ClusterSecrets.ADMIN_USER + ")\n  TLS: TLSv1.3, "), status.out());
        assertTrue(status.out().contains("\n  certificates served:\n    kafka-0  CN=kafka-0, valid until "), status.out());
        assertTrue(status.out().contains("\n    kafka-1  CN=kafka-1, valid until "), status.out());
        assertTrue(status.out().contains("\n  authorizer: kafka.security.authorizer.AclAuthorizer\n"), status.out());
        assertTrue(status.out().endsWith("\nhealthy\n"), status.out());
    }

    @Test
    @Order(3)
    void aKafkaClientWithoutTheRightLoginIsRefused() throws Exception {
        Map<String, String> admin = ClientSecurity.admin(client, "default", "kafka");
        String ca = SecretValues.read(client, "default", "kafka-ca", ClusterSecrets.CA_CERTIFICATE);
        try (Admin plaintext = admin(Map.of())) {
            // The listener speaks TLS first: a plaintext client gets no answer it understands.
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> plaintext.describeCluster().clusterId().get(1, TimeUnit.MINUTES));
            assertInstanceOf(TimeoutException.class, refused.getCause(), refused::toString);
        }
        try (Admin wrong = admin(ClientSecurity.scram(ClusterSecrets.ADMIN_USER, "not-the-password", ca))) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> wrong.describeCluster().clusterId().get(1, TimeUnit.MINUTES));
            assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), refused::toString);
        }
        try (Admin operator = admin(admin)) {
            operator.createTopics(List.of(new NewTopic("guarded", 1, (short) BROKERS))).all().get(1, TimeUnit.MINUTES);
            operator.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("no-acls",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "no-acls-password"))).all()
                    .get(1, TimeUnit.MINUTES);
        }
        try (Admin stranger = admin(ClientSecurity.scram("no-acls", "no-acls-password", ca))) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> stranger.describeTopics(List.of("guarded")).allTopicNames().get(1, TimeUnit.MINUTES));
            assertInstanceOf(TopicAuthorizationException.class, refused.getCause(), refused::toString);
        }
    }

    /**
     * Outside clients come in through each broker's load balancer, to the external listener, which
     * is TLS and SCRAM as well, with a certificate that names the load balancer's address.
     */
    @Test
    @Order(4)
    void anOutsideClientLogsInOverTlsAndAPlaintextOneGetsNoAnswer() throws Exception {
        Script.Result smoke = Script.run("smoke-produce", "--kubeconfig", cluster.kubeconfig().toString(), "--external",
                "--count", "100");
        outputs.put("smoke-produce --external", smoke.out() + smoke.err());
        assertEquals(0, smoke.exitCode(), smoke::toString);
        assertTrue(smoke.out().contains("  protection: SASL_SSL, SASL SCRAM-SHA-512 over TLSv1.3 "), smoke::toString);
        Map<String, Object> settings = new HashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, loadBalancer(0));
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFUSAL.toMillis() * 2);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REFUSAL.toMillis());
        try (Admin plaintext = Admin.create(settings)) {
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> plaintext.describeCluster().clusterId().get(1, TimeUnit.MINUTES));
            assertInstanceOf(TimeoutException.class, refused.getCause(), refused::toString);
        }
    }

    /**
     * The NetworkPolicies, walked through as the stand-in's network enforces them for a connection
     * from a pod: ZooKeeper takes clients from the brokers and a migration's controllers only, the
     * brokers' client port from the namespace's pods, their operator port from none.
     */
    @Test
    @Order(4)
    void theNetworkPoliciesDropWhatTheyDoNotLetIn() {
        StandInController network = cluster.controller();
        Map<String, String> broker = client.pods().withName("kafka-0").get().getMetadata().getLabels();
        Map<String, String> controller = KraftControllers.labels("kafka").selector();
        Map<String, String> stranger = Map.of("app", "stranger");
        assertTrue(network.resolveFrom("default", broker, "kafka-zookeeper", 2181).isPresent());
        assertTrue(network.resolveFrom("default", controller, "kafka-zookeeper", 2181).isPresent());
        assertEquals(Optional.empty(), network.resolveFrom("default", stranger, "kafka-zookeeper", 2181));
        assertTrue(network.resolveFrom("default", stranger, "kafka-0.kafka", 9092).isPresent());
        assertEquals(Optional.empty(), network.resolveFrom("team", stranger, "kafka-0.kafka.default", 9092), "another namespace");
        assertEquals(Optional.empty(), network.resolveFrom("default", broker, "kafka-0.kafka", 9094));
        assertTrue(network.resolve("default", "kafka-0.kafka", 9094).isPresent(), "there, for a port-forward");
    }

    @Test
    @Order(4)
    void aZooKeeperClientWithoutTheLoginCanNeitherWriteUnderBrokersNorReadTheUsers() throws Exception {
        int port = cluster.controller().address("default", "kafka-zookeeper-0", 2181).orElseThrow().getPort();
        ZooKeeper anonymous = new ZooKeeper("127.0.0.1:" + port, 10_000, event -> { });
        try {
            // ZooKeeper closes a session that has not logged in at its first request.
            assertThrows(KeeperException.SessionClosedRequireAuthException.class, () -> anonymous.create("/brokers/ids/99", new byte[0],
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));
            assertThrows(KeeperException.class, () -> anonymous.getData("/config/users/" + ClusterSecrets.ADMIN_USER,
                    false, null));
        } finally {
            anonymous.close();
        }
    }

    /** A broker restarted with a certificate that expires in ten days: status names it, before clients refuse it. */
    @Test
    @Order(5)
    void aCertificateAboutToExpireIsAProblem() throws Exception {
        restartWithCertificate(1, Duration.ofDays(10));
        // status forwards the operator ports itself.
        closeForwards();
        Script.Result status = Script.run("status", "--kubeconfig", cluster.kubeconfig().toString());
        for (Instant deadline = Instant.now().plus(Duration.ofMinutes(1)); !status.out().contains(
                "under-replicated partitions: none\n") && Instant.now().isBefore(deadline); ) {
            // Broker 1 catches up on what it missed while it restarted.
            Thread.sleep(500);
            status = Script.run("status", "--kubeconfig", cluster.kubeconfig().toString());
        }
        outputs.put("status, a certificate expiring", status.out() + status.err());
        assertEquals(1, status.exitCode(), status::toString);
        assertTrue(status.out().contains("\nproblem: the certificate kafka-1 serves (CN=kafka-1) expires in 9 days, on "),
                status::toString);
        assertTrue(status.out().contains(": rotate-credentials issues new ones\nUNHEALTHY: 1 problem\n"), status::toString);
    }

    /**
     * New certificates, rolled in while a producer writes with acks=all through the operator
     * listeners: not one send fails, not one acknowledged record is lost, and every broker then shows
     * a certificate issued now. The step reaches the brokers as an operator with port-forwards of
     * their own would (--bootstrap-servers, --command-config), here the producer's.
     */
    @Test
    @Order(6)
    void rotatingTheCertificatesKeepsAProducerWritingAndLosesNothing(@TempDir Path work) throws Exception {
        Map<String, String> login = ClientSecurity.admin(client, "default", "kafka");
        try (Admin operator = admin(login)) {
            operator.createTopics(List.of(new NewTopic("rotated", 2, (short) BROKERS)
                    .configs(Map.of("min.insync.replicas", "1")))).all().get(1, TimeUnit.MINUTES);
        }
        List<Instant> before = certificateExpiries(login);
        Path commandConfig = work.resolve("admin.properties");
        Properties settings = new Properties();
        settings.putAll(login);
        try (Writer file = Files.newBufferedWriter(commandConfig)) {
            settings.store(file, null);
        }
        String bootstrap = IntStream.range(0, BROKERS).mapToObj(ordinal -> "127.0.0.1:" + (operatorPortBase + ordinal))
                .collect(Collectors.joining(","));

        AcknowledgedRecords records = AcknowledgedRecords.start(bootstrap, login, "rotated", Duration.ofMillis(5));
        PlanAndRun.Outcome rotated;
        try {
            records.awaitMoreAcknowledged(200);
            rotated = PlanAndRun.inProcess(cluster, "rotate-credentials", "--bootstrap-servers", bootstrap,
                    "--command-config", commandConfig.toString(), "--timeout", "3m");
            records.awaitMoreAcknowledged(200);
        } finally {
            records.close();
        }
        Script.Result run = (Script.Result) rotated.run();
        outputs.put("rotate-credentials", run.out() + run.err());
        assertEquals(List.of("update secret/kafka-broker-tls", "patch statefulset.apps/kafka"), rotated.written().subList(0, 2),
                run::toString);
        for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
            assertTrue(rotated.written().contains("delete pod/kafka-" + ordinal), run::toString);
            assertTrue(run.out().contains("\npod/kafka-" + ordinal + " restarted\n"), run::toString);
        }
        List<Instant> after = certificateExpiries(login);
        for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
            assertTrue(after.get(ordinal).isAfter(before.get(ordinal)), "kafka-" + ordinal + " shows a new certificate: "
                    + before + " then " + after);
        }
        for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
            // The new certificates name the load balancers too: the handshake checks the address as clients do.
            String address = loadBalancer(ordinal);
            assertEquals(after.get(ordinal), TlsProbe.handshake(address.substring(0, address.lastIndexOf(':')), 9093, login,
                    Duration.ofSeconds(10)).expires());
        }
        AcknowledgedRecords.Verdict verdict = records.readBack(bootstrap, Duration.ofMinutes(1));
        assertEquals(0, records.failed(), () -> "sends failed: " + records.errors());
        assertTrue(verdict.nothingLost(), verdict::toString);

        Script.Result again = Script.run("rotate-credentials", "--kubeconfig", cluster.kubeconfig().toString(), "--dry-run",
                "--bootstrap-servers", bootstrap, "--command-config", commandConfig.toString());
        outputs.put("rotate-credentials --dry-run", again.out() + again.err());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("data:\n  ca.crt: \"(redacted)\"\n"), again::toString);
        closeForwards();
        Script.Result status = Script.run("status", "--kubeconfig", cluster.kubeconfig().toString());
        assertEquals(0, status.exitCode(), "no certificate expires soon any more: " + status);
    }

    @Test
    @Order(7)
    void noSecretValueIsPrintedOrLogged() {
        Map<String, String> texts = new LinkedHashMap<>(outputs);
        runtime.containerLogs().forEach((log, text) -> texts.put("log " + log, text));
        assertTrue(texts.keySet().stream().anyMatch(source -> source.contains("kafka-0")), texts.keySet()::toString);
        SecretLeaks.assertNoneIn(client, texts);
    }

    /**
     * Restarts kafka-{@code ordinal} with a certificate from the cluster's CA for the same names,
     * valid for {@code validity}, put in its Secret as rotate-credentials would put one.
     */
    private void restartWithCertificate(int ordinal, Duration validity) throws Exception {
        String pod = "kafka-" + ordinal;
        String key = ClusterSecrets.keystore(pod);
        char[] password = SecretValues.read(client, "default", "kafka-credentials", ClusterSecrets.KEYSTORE_PASSWORD)
                .toCharArray();
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(new ByteArrayInputStream(Base64.getDecoder().decode(client.secrets().inNamespace("default")
                .withName("kafka-broker-tls").get().getData().get(key))), password);
        X509Certificate current = (X509Certificate) keystore.getCertificate(pod);
        List<String> dnsNames = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (List<?> name : current.getSubjectAlternativeNames()) {
            // 2: a DNS name, 7: an IP address (RFC 5280's GeneralName).
            ((Integer) name.get(0) == 2 ? dnsNames : addresses).add((String) name.get(1));
        }
        CertificateAuthority ca = CertificateAuthority.fromPem(
                SecretValues.read(client, "default", "kafka-ca", ClusterSecrets.CA_CERTIFICATE),
                SecretValues.read(client, "default", "kafka-ca", ClusterSecrets.CA_KEY));
        String issued = Base64.getEncoder().encodeToString(ca.issue(pod, dnsNames, addresses, validity).pkcs12(pod, password));
        client.secrets().inNamespace("default").withName("kafka-broker-tls")
                .edit(secret -> new SecretBuilder(secret).addToData(key, issued).build());
        String before = client.pods().inNamespace("default").withName(pod).get().getMetadata().getUid();
        client.pods().inNamespace("default").withName(pod).delete();
        client.pods().inNamespace("default").withName(pod).waitUntilCondition(restarted -> restarted != null
                && !before.equals(restarted.getMetadata().getUid()) && Readiness.isPodReady(restarted), 3, TimeUnit.MINUTES);
    }

    /** Broker {@code ordinal}'s load balancer, {@code address:port}, as deploy-petset recorded it from its Service. */
    private String loadBalancer(int ordinal) {
        String address = client.configMaps().inNamespace("default").withName("kafka-external-addresses").get().getData()
                .get(Integer.toString(ordinal));
        assertEquals(address, client.services().inNamespace("default").withName("kafka-" + ordinal + "-external").get()
                .getStatus().getLoadBalancer().getIngress().get(0).getIp());
        return address + ":9093";
    }

    /** When each broker's certificate expires, as a TLS handshake with its operator listener shows it. */
    private List<Instant> certificateExpiries(Map<String, String> login) {
        return IntStream.range(0, BROKERS).mapToObj(ordinal -> TlsProbe.handshake("127.0.0.1", operatorPortBase + ordinal,
                login, Duration.ofSeconds(10)).expires()).toList();
    }

    /**
     * Closes the test's own forwards of the operator ports, and waits until those ports can be
     * listened on again (a closed forward's accepting thread holds its port a moment longer).
     */
    private void closeForwards() throws Exception {
        for (LocalPortForward forward : forwards) {
            forward.close();
        }
        forwards.clear();
        for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
            for (Instant deadline = Instant.now().plusSeconds(10); ; Thread.sleep(50)) {
                try (ServerSocket free = new ServerSocket(operatorPortBase + ordinal, 1, InetAddress.getLoopbackAddress())) {
                    break;
                } catch (BindException held) {
                    assertTrue(Instant.now().isBefore(deadline), "port " + (operatorPortBase + ordinal) + " is still held");
                }
            }
        }
    }

    /** An admin client with {@code security} to the brokers' operator listeners, forwarded as the steps forward them. */
    private Admin admin(Map<String, String> security) {
        if (forwards.isEmpty()) {
            for (int ordinal = 0; ordinal < BROKERS; ordinal++) {
                forwards.add(client.pods().withName("kafka-" + ordinal).portForward(9094, operatorPortBase + ordinal));
            }
        }
        Map<String, Object> settings = new HashMap<>(security);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + operatorPortBase);
        settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) REFUSAL.toMillis() * 2);
        settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REFUSAL.toMillis());
        return Admin.create(settings);
    }
}
