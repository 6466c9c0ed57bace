package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.kube.StandInCluster;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The secured profile's steps on the stand-in (pods with nothing behind them): the Secrets made once
 * and kept, never shown; the steps that need them refusing without them; the profile kept.
 */
class SecuredStepsTest {
    private static final List<String> SECRETS = List.of("kafka-credentials", "kafka-ca", "kafka-broker-tls",
            "kafka-broker-jaas", "kafka-zookeeper-jaas");
    private StandInCluster cluster;
    private KubernetesClient client;
    private final List<Script.Result> outputs = new ArrayList<>();

    @BeforeEach
    void startCluster() {
        cluster = StandInCluster.start();
        client = cluster.client();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void theSecretsAreMadeOnceKeptAfterwardsAndNoValueIsEverPrinted() throws Exception {
        assertEquals(0, run("create-volumes").exitCode());
        Script.Result dryRun = run("create-secrets", "--dry-run");
        assertEquals(0, dryRun.exitCode(), dryRun::toString);
        assertTrue(dryRun.out().contains("# create secret/kafka-credentials\n"), dryRun::toString);
        assertTrue(dryRun.out().contains("  admin-password: \"(redacted)\"\n"), dryRun::toString);

        PlanAndRun.Outcome made = PlanAndRun.inProcess(cluster, "create-secrets");
        outputs.add((Script.Result) made.run());
        assertEquals(SECRETS.stream().map(name -> "create secret/" + name).toList(), made.written());
        Map<String, String> keystores = decoded("kafka-broker-tls");
        assertEquals(List.of("ca.crt", "kafka-0.keystore.p12", "kafka-1.keystore.p12", "keystore-password"),
                List.copyOf(keystores.keySet()));

        Map<String, Map<String, String>> before = allSecrets();
        Script.Result again = run("create-secrets");
        assertEquals(0, again.exitCode(), again::toString);
        SECRETS.forEach(name -> assertTrue(again.out().contains("secret/" + name + " unchanged\n"), again::toString));
        assertEquals(before, allSecrets(), "nothing made again");

        PlanAndRun.Outcome grown = PlanAndRun.inProcess(cluster, "create-secrets", "--replicas", "3");
        outputs.add((Script.Result) grown.run());
        assertEquals(List.of("update secret/kafka-broker-tls"), grown.written());
        assertTrue(((Script.Result) grown.run()).out().contains("  data.kafka-2.keystore.p12: (none) -> (redacted)\n"));
        assertEquals(before.get("kafka-broker-tls").get("kafka-0.keystore.p12"),
                allSecrets().get("kafka-broker-tls").get("kafka-0.keystore.p12"), "an existing keystore is kept");

        assertBrokerCertificate(2);
        assertNoSecretValueIn(outputs);
    }

    @Test
    void theDeployStepsRefuseWithoutTheSecretsTheirPodsMountAndScaleIssuesNewKeystores() throws Exception {
        assertEquals(0, run("create-volumes", "--replicas", "3").exitCode());
        Script.Result zookeeper = run("deploy-zookeeper", "--timeout", "30s");
        assertEquals(1, zookeeper.exitCode(), zookeeper::toString);
        assertEquals("error: the cluster is secured and its pods mount Secrets that are missing"
                + " (secret/kafka-zookeeper-jaas): run create-secrets first\n", zookeeper.err());

        for (String step : List.of("create-secrets", "deploy-zookeeper", "deploy-service", "deploy-petset")) {
            Script.Result done = step(step);
            assertEquals(0, done.exitCode(), done::toString);
        }
        assertEquals("secured", client.apps().statefulSets().withName("kafka").get().getMetadata().getAnnotations()
                .get("kafka-petset/security"));
        assertTrue(client.network().networkPolicies().withName("kafka").get() != null, "the brokers' NetworkPolicy");
        assertTrue(client.network().networkPolicies().withName("kafka-zookeeper").get() != null, "ZooKeeper's");

        Script.Result three = run("deploy-petset", "--replicas", "3", "--timeout", "30s");
        assertEquals(1, three.exitCode(), three::toString);
        assertEquals("error: secret/kafka-broker-tls has no keystore for kafka-2: run create-secrets --replicas 3"
                + " first\n", three.err());
        PlanAndRun.Outcome scaled = PlanAndRun.inProcess(cluster, "scale", "--replicas", "3", "--timeout", "30s");
        outputs.add((Script.Result) scaled.run());
        assertEquals(List.of("update secret/kafka-broker-tls", "update statefulset.apps/kafka/scale"), scaled.written());
        assertBrokerCertificate(2);

        Script.Result plaintext = run("deploy-petset", "--replicas", "3", "--security", "plaintext");
        assertEquals(1, plaintext.exitCode(), plaintext::toString);
        assertTrue(plaintext.err().startsWith("error: statefulset.apps/kafka runs secured: changing a running cluster to"
                + " --security plaintext is not something this version does"), plaintext::toString);
        assertNoSecretValueIn(outputs);
    }

    @Test
    void aSecretGoneOrNotOursIsNeverReplacedBehindTheOperatorsBack() {
        assertEquals(0, run("create-secrets").exitCode());
        client.secrets().withName("kafka-ca").delete();
        Script.Result orphans = run("create-secrets");
        assertEquals(1, orphans.exitCode(), orphans::toString);
        assertEquals("error: secret/kafka-ca is gone, but secret/kafka-broker-tls holds certificates it signed: restore"
                + " it from a backup, or delete secret/kafka-broker-tls too so that new ones are issued (the brokers"
                + " then need a roll)\n", orphans.err());

        client.secrets().withName("kafka-broker-tls").delete();
        client.secrets().withName("kafka-credentials").delete();
        Script.Result locked = run("create-secrets");
        assertEquals(1, locked.exitCode(), locked::toString);
        assertTrue(locked.err().startsWith("error: secret/kafka-credentials is gone, but the JAAS files made from its"
                + " passwords are not"), locked::toString);

        client.secrets().resource(new SecretBuilder().withNewMetadata().withName("kafka-credentials").endMetadata()
                .addToStringData("admin-password", "theirs").build()).create();
        Script.Result foreign = run("create-secrets");
        assertEquals(1, foreign.exitCode(), foreign::toString);
        assertTrue(foreign.err().startsWith("error: secret/kafka-credentials exists and was not made by kafka-petset"),
                foreign::toString);

        // An operator's own password that a JAAS file's quotes or the users' files can't carry is refused, unshown.
        String quoted = "a\"quote-and-a\\backslash";
        client.secrets().withName("kafka-credentials").edit(secret -> new SecretBuilder(secret).editMetadata()
                .addToLabels(dev.kafkapetset.model.Labels.MANAGED_BY_LABEL, dev.kafkapetset.model.Labels.MANAGED_BY)
                .endMetadata().withData(Map.of("admin-password", Base64.getEncoder().encodeToString(
                        quoted.getBytes(StandardCharsets.UTF_8)))).build());
        Map<String, Map<String, String>> before = allSecrets();
        Script.Result unusable = run("create-secrets");
        assertEquals(1, unusable.exitCode(), unusable::toString);
        assertEquals("error: the password under admin-password in secret/kafka-credentials holds a quote, a backslash,"
                + " '${', a comma, a bracket, a space or a character that is not ASCII, which the JAAS file or the users'"
                + " file the brokers are given can't carry as written: set another there before the cluster first"
                + " starts\n", unusable.err());
        assertTrue(!unusable.out().contains(quoted), unusable::toString);
        assertEquals(before, allSecrets(), "nothing made from it");
    }

    @Test
    void loadBalancersThatNeverComeStopDeployPetsetBeforeAnyBrokerStartsAndTheirAddressesGoIntoTheCertificates()
            throws Exception {
        cluster.controller().loadBalancing(false);
        for (String step : List.of("create-volumes", "create-secrets", "deploy-zookeeper", "deploy-service")) {
            assertEquals(0, step(step).exitCode(), step);
        }
        Script.Result plan = run("deploy-petset", "--external", "loadbalancer", "--timeout", "5s", "--dry-run");
        assertEquals(0, plan.exitCode(), plan::toString);
        assertTrue(plan.out().contains("# wait until the load balancers of service/kafka-0-external, service/kafka-1-external"
                + " have addresses (timeout 5s), then record every broker's in configmap/kafka-external-addresses, and"
                + " issue each broker a certificate naming its own\n"), plan::toString);
        Script.Result stuck = run("deploy-petset", "--external", "loadbalancer", "--timeout", "5s");
        assertEquals(1, stuck.exitCode(), stuck::toString);
        assertTrue(stuck.err().startsWith("error: timed out after 5s waiting for load balancer addresses:"
                + " service/kafka-0-external, service/kafka-1-external still without one. Does the cluster run a"
                + " load-balancer controller"), stuck::toString);
        assertEquals(null, client.apps().statefulSets().withName("kafka").get(), "no broker started, advertising nothing");

        cluster.controller().loadBalancing(true);
        // Run again as it was: no broker set records the choice yet.
        Script.Result resumed = run("deploy-petset", "--external", "loadbalancer", "--timeout", "30s");
        assertEquals(0, resumed.exitCode(), resumed::toString);
        Map<String, String> addresses = client.configMaps().withName("kafka-external-addresses").get().getData();
        for (int ordinal = 0; ordinal < 2; ordinal++) {
            String address = addresses.get(Integer.toString(ordinal));
            assertEquals(address, client.services().withName("kafka-" + ordinal + "-external").get().getStatus()
                    .getLoadBalancer().getIngress().get(0).getIp());
            assertTrue(brokerCertificateNames(ordinal).contains(address), address + " named by kafka-" + ordinal + "'s");
        }
        Script.Result again = run("deploy-petset", "--timeout", "30s", "--dry-run");
        assertTrue(again.out().contains("configmap/kafka-external-addresses unchanged\n")
                && again.out().contains("secret/kafka-broker-tls unchanged\n"), again::toString);

        // A new broker gets its load balancer before it starts, and a certificate naming it. One made again (its
        // Service deleted) gets a new address: recorded, named by a new certificate, and the roll it needs said.
        String first = addresses.get("0");
        client.services().withName("kafka-0-external").delete();
        client.services().withName("kafka-0-external").waitUntilCondition(java.util.Objects::isNull, 30, TimeUnit.SECONDS);
        Script.Result grown = run("scale", "--replicas", "3", "--timeout", "30s");
        assertEquals(0, grown.exitCode(), grown::toString);
        String now = client.configMaps().withName("kafka-external-addresses").get().getData().get("0");
        assertTrue(!now.equals(first) && brokerCertificateNames(0).contains(now), grown::toString);
        assertTrue(grown.out().contains("warning: broker 0's load balancer address changes from " + first + " to " + now
                + ": a running broker advertises the new one once it restarts (roll)\n"), grown::toString);
        String third = client.services().withName("kafka-2-external").get().getStatus().getLoadBalancer().getIngress().get(0)
                .getIp();
        assertEquals(third, client.configMaps().withName("kafka-external-addresses").get().getData().get("2"));
        assertTrue(brokerCertificateNames(2).contains(third), grown::toString);

        // The record made another's (its label gone, an address of theirs in it): no step sends clients there or names
        // it in a certificate.
        client.configMaps().withName("kafka-external-addresses").edit(record -> {
            record.getMetadata().getLabels().remove("app.kubernetes.io/managed-by");
            record.getData().put("1", "198.51.100.9");
            return record;
        });
        String refusal = "configmap/kafka-external-addresses exists and was not made by kafka-petset (no"
                + " app.kubernetes.io/managed-by=kafka-petset label): refusing to read it; if it is this cluster's record, label"
                + " it app.kubernetes.io/managed-by=kafka-petset, else remove it (deploy-petset records the values again)";
        for (List<String> step : List.of(List.of("smoke-produce", "--external", "--timeout", "5s"),
                List.of("create-secrets", "--replicas", "3", "--dry-run"), List.of("deploy-petset", "--replicas", "3", "--dry-run"))) {
            Script.Result refused = run(step.get(0), step.subList(1, step.size()).toArray(String[]::new));
            assertEquals(1, refused.exitCode(), refused::toString);
            assertTrue(refused.err().contains(refusal), refused::toString);
        }
        client.configMaps().withName("kafka-external-addresses").edit(record -> {
            record.getMetadata().getLabels().put("app.kubernetes.io/managed-by", "kafka-petset");
            return record;
        });

        Script.Result down = run("teardown", "--timeout", "30s");
        assertEquals(0, down.exitCode(), down::toString);
        assertTrue(down.out().contains("service/kafka-2-external deleted\n")
                && down.out().contains("configmap/kafka-external-addresses deleted\n"), down::toString);
        assertNoSecretValueIn(outputs);
    }

    @Test
    void teardownKeepsTheSecretsWithTheDataAndDeletesThemWithIt() {
        for (String step : List.of("create-volumes", "create-secrets", "deploy-zookeeper", "deploy-service", "deploy-petset")) {
            assertEquals(0, step(step).exitCode(), step);
        }
        Script.Result kept = run("teardown", "--timeout", "30s");
        assertEquals(0, kept.exitCode(), kept::toString);
        assertTrue(kept.out().contains("networkpolicy.networking.k8s.io/kafka deleted\n"), kept::toString);
        SECRETS.forEach(name -> assertTrue(kept.out().contains("secret/" + name + " kept\n"), kept::toString));
        PlanAndRun.Outcome deleted = PlanAndRun.inProcess(cluster, "teardown", "--delete-data", "--yes", "--timeout", "30s",
                "--security", "secured");
        SECRETS.forEach(name -> assertTrue(deleted.written().contains("delete secret/" + name), deleted.written()::toString));
        assertEquals(List.of(), client.secrets().list().getItems());
    }

    /** The names broker {@code ordinal}'s certificate is valid for. */
    private List<String> brokerCertificateNames(int ordinal) throws Exception {
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(new ByteArrayInputStream(Base64.getDecoder().decode(raw("kafka-broker-tls")
                .get("kafka-" + ordinal + ".keystore.p12"))), decoded("kafka-broker-tls").get("keystore-password").toCharArray());
        return ((X509Certificate) keystore.getCertificate("kafka-" + ordinal)).getSubjectAlternativeNames().stream()
                .map(name -> String.valueOf(name.get(1))).toList();
    }

    /** Broker {@code ordinal}'s keystore opens with the keystore password and holds a certificate the CA signed for its names. */
    private void assertBrokerCertificate(int ordinal) throws Exception {
        Map<String, String> tls = decoded("kafka-broker-tls");
        char[] password = tls.get("keystore-password").toCharArray();
        KeyStore keystore = KeyStore.getInstance("PKCS12");
        keystore.load(new ByteArrayInputStream(Base64.getDecoder().decode(raw("kafka-broker-tls")
                .get("kafka-" + ordinal + ".keystore.p12"))), password);
        X509Certificate certificate = (X509Certificate) keystore.getCertificate("kafka-" + ordinal);
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(decoded("kafka-ca").get("ca.crt").getBytes(StandardCharsets.US_ASCII)));
        certificate.verify(ca.getPublicKey());
        assertEquals(tls.get("ca.crt"), decoded("kafka-ca").get("ca.crt"), "the brokers trust the cluster's CA");
        List<String> names = certificate.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList();
        assertTrue(names.contains("kafka-" + ordinal + ".kafka.default.svc"), names::toString);
        assertTrue(names.contains("127.0.0.1"), "the operator listener's address, through port-forward: " + names);
    }

    /** Not one password, key or keystore of the cluster appears in what the steps printed. */
    private void assertNoSecretValueIn(List<Script.Result> results) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 0; i < results.size(); i++) {
            texts.put("the output of run " + (i + 1), results.get(i).out() + results.get(i).err());
        }
        SecretLeaks.assertNoneIn(client, texts);
    }

    private Map<String, Map<String, String>> allSecrets() {
        Map<String, Map<String, String>> all = new TreeMap<>();
        for (Secret secret : client.secrets().list().getItems()) {
            all.put(secret.getMetadata().getName(), decoded(secret.getMetadata().getName()));
        }
        return all;
    }

    private Map<String, String> raw(String name) {
        return new TreeMap<>(client.secrets().withName(name).get().getData());
    }

    private Map<String, String> decoded(String name) {
        Map<String, String> values = new TreeMap<>();
        raw(name).forEach((key, value) -> values.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1)));
        return values;
    }

    /** A step of the bring-up, with a time-out for those that wait. */
    private Script.Result step(String script) {
        return script.startsWith("deploy-") && !script.equals("deploy-service") ? run(script, "--timeout", "30s")
                : run(script);
    }

    private Script.Result run(String script, String... args) {
        List<String> all = new ArrayList<>(List.of("--kubeconfig", cluster.kubeconfig().toString()));
        all.addAll(List.of(args));
        Script.Result result = Script.run(script, all.toArray(String[]::new));
        outputs.add(result);
        return result;
    }
}
