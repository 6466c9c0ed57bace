package dev.kafkapetset.steps;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.Objects;
import dev.kafkapetset.kube.PerBrokerRecord;
import dev.kafkapetset.kube.ThreeWayMerge.Difference;
import dev.kafkapetset.model.ClusterSecrets;
import dev.kafkapetset.model.ExternalAccess;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.security.CertificateAuthority;
import dev.kafkapetset.security.IssuedCertificate;
import dev.kafkapetset.security.Passwords;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The secured profile's Secrets, planned: what is missing is made (passwords, the CA, each broker's
 * keystore), what exists is kept, and what is made from other Secrets (the JAAS files, the CA
 * certificate and keystore password beside the keystores) follows them. A plan shows keys, never
 * values; what it made is what the run writes. Nothing is ever regenerated over what exists:
 * brokers, ZooKeeper and clients depend on it.
 */
final class SecretsPlan {
    /** A cluster lives for years; its CA longer than any certificate it signs. */
    static final Duration CA_VALIDITY = Duration.ofDays(10 * 365);
    static final Duration BROKER_VALIDITY = Duration.ofDays(5 * 365);
    private static final String REDACTED = "(redacted)";
    private static final String NOT_OURS = "refusing to use it; remove it or choose another --name";

    private final KafkaCluster cluster;
    private final ClusterState state;
    private final ClusterSecrets names;

    SecretsPlan(KafkaCluster cluster, ClusterState state) {
        this.cluster = cluster;
        this.state = state;
        this.names = cluster.secrets();
    }

    /** Every Secret, with a keystore for each of brokers 0 to {@code brokers} - 1. */
    List<PlanEntry> all(int brokers) {
        List<PlanEntry> plan = new ArrayList<>();
        refuseOrphans();
        Map<String, String> existing = passwords();
        Map<String, String> passwords = new TreeMap<>(existing);
        boolean madeNow = false;
        for (String key : ClusterSecrets.PASSWORDS) {
            if (cluster.spec().hasZooKeeper() || !key.equals(ClusterSecrets.ZOOKEEPER_PASSWORD)) {
                madeNow |= passwords.putIfAbsent(key, Passwords.generate()) == null;
            }
        }
        plan.add(ensure(names.credentials(), bytes(passwords), Set.of()));
        Map<String, String> caFiles = read(names.certificateAuthority());
        CertificateAuthority ca = caFiles.isEmpty()
                ? CertificateAuthority.create("kafka-petset " + cluster.spec().namespace() + "/" + cluster.spec().name()
                        + " CA", CA_VALIDITY)
                : CertificateAuthority.fromPem(caFiles.get(ClusterSecrets.CA_CERTIFICATE), caFiles.get(ClusterSecrets.CA_KEY));
        Map<String, byte[]> caData = new LinkedHashMap<>();
        caData.put(ClusterSecrets.CA_CERTIFICATE, utf8(ca.certificatePem()));
        caData.put(ClusterSecrets.CA_KEY, utf8(ca.keyPem()));
        plan.add(ensure(names.certificateAuthority(), caData, Set.of()));
        plan.add(keystores(ca, passwords.get(ClusterSecrets.KEYSTORE_PASSWORD), brokers, Issue.MISSING, controllers()));
        plan.add(brokerJaas(passwords));
        if (cluster.spec().hasZooKeeper()) {
            plan.add(ensure(names.zookeeperJaas(), Map.of(ClusterSecrets.ZOOKEEPER_JAAS, utf8(ClusterSecrets.zookeeperJaasFile(
                    passwords.get(ClusterSecrets.ZOOKEEPER_PASSWORD)))), Set.of(ClusterSecrets.ZOOKEEPER_JAAS)));
        }
        if (madeNow && !existing.isEmpty()) {
            plan.add(0, Note.warning("secret/" + names.credentials() + " lacked passwords, now made: brokers already"
                    + " running keep the old ones until they restart"));
        }
        return plan;
    }

    /**
     * What a migration's KRaft controllers need of a secured cluster's Secrets before they start:
     * their keystores, issued by the cluster's CA where missing, beside the brokers' (whose own stay as
     * they are), and the JAAS file with the controller listener's login (a cluster made before it had
     * none).
     */
    List<PlanEntry> forControllers(KraftControllers controllers) {
        Map<String, String> passwords = passwords();
        CertificateAuthority ca = existingAuthority(passwords, "the controllers need certificates signed by the cluster's CA; run"
                + " create-secrets first");
        return List.of(keystores(ca, passwords.get(ClusterSecrets.KEYSTORE_PASSWORD), 0, Issue.MISSING, Optional.of(controllers)),
                brokerJaas(passwords));
    }

    /** The brokers' JAAS file, made from the passwords; the KRaft controllers mount it too. */
    private ObjectChange brokerJaas(Map<String, String> passwords) {
        return ensure(names.brokerJaas(), Map.of(ClusterSecrets.BROKER_JAAS, utf8(ClusterSecrets.brokerJaasFile(
                passwords.get(ClusterSecrets.BROKER_PASSWORD), Optional.ofNullable(passwords.get(ClusterSecrets.ZOOKEEPER_PASSWORD))))),
                Set.of(ClusterSecrets.BROKER_JAAS));
    }

    /** The cluster's KRaft controllers, if its metadata is theirs (made so, or on the way there). */
    private Optional<KraftControllers> controllers() {
        return cluster.spec().metadata().zooKeeper() ? Optional.empty()
                : Optional.of(cluster.controllers(cluster.spec().metadata().controllers()));
    }

    /** The keystores of brokers 0 to {@code brokers} - 1, those missing issued by the cluster's CA: for scale. */
    List<PlanEntry> keystores(int brokers) {
        return issuedKeystores(brokers, Issue.MISSING);
    }

    /**
     * New keystores for brokers 0 to {@code brokers} - 1, every one: new keys, new certificates from
     * the same CA; and for the KRaft controllers too when {@code withControllers}.
     */
    List<PlanEntry> renewedKeystores(int brokers, boolean withControllers) {
        return issuedKeystores(brokers, withControllers ? Issue.RENEW_ALL : Issue.RENEW_BROKERS);
    }

    private List<PlanEntry> issuedKeystores(int brokers, Issue issue) {
        Map<String, String> passwords = passwords();
        CertificateAuthority ca = existingAuthority(passwords, "the new brokers need certificates signed by the cluster's"
                + " CA; run create-secrets --replicas " + brokers + " first");
        return List.of(keystores(ca, passwords.get(ClusterSecrets.KEYSTORE_PASSWORD), brokers, issue, controllers()));
    }

    /**
     * Refuses, before anything is made, what would keep the keystores of {@code brokers} brokers from
     * being issued: the cluster's CA or the keystore password missing, or a password that can't be used.
     */
    void requireIssuable(int brokers) {
        existingAuthority(passwords(), "the brokers need certificates signed by the cluster's CA; run create-secrets --replicas "
                + brokers + " first");
    }

    /**
     * The cluster's CA, with the keystore password beside it in {@code passwords}; their absence is a
     * failure saying {@code why} they are needed.
     */
    private CertificateAuthority existingAuthority(Map<String, String> passwords, String why) {
        Map<String, String> caFiles = read(names.certificateAuthority());
        if (caFiles.isEmpty() || !passwords.containsKey(ClusterSecrets.KEYSTORE_PASSWORD)) {
            throw ToolException.failed("secret/" + (caFiles.isEmpty() ? names.certificateAuthority() : names.credentials())
                    + " not found in namespace " + cluster.spec().namespace() + ": " + why);
        }
        return CertificateAuthority.fromPem(caFiles.get(ClusterSecrets.CA_CERTIFICATE), caFiles.get(ClusterSecrets.CA_KEY));
    }

    /** Which keystores a plan issues: those missing, or every broker's, or every broker's and controller's. */
    private enum Issue {
        MISSING, RENEW_BROKERS, RENEW_ALL
    }

    /**
     * Secret broker-tls with a keystore for each broker and each of the KRaft {@code controllers},
     * which mount it too: those missing issued, and those {@code issue} renews.
     */
    private ObjectChange keystores(CertificateAuthority ca, String password, int brokers, Issue issue,
            Optional<KraftControllers> controllers) {
        Map<String, byte[]> live = raw(names.brokerTls());
        Map<String, byte[]> data = new LinkedHashMap<>();
        data.put(ClusterSecrets.CA_CERTIFICATE, utf8(ca.certificatePem()));
        data.put(ClusterSecrets.KEYSTORE_PASSWORD, utf8(password));
        Set<String> derived = new HashSet<>(Set.of(ClusterSecrets.CA_CERTIFICATE, ClusterSecrets.KEYSTORE_PASSWORD));
        Map<Integer, String> loadBalancers = cluster.spec().externalAccess().filter(ExternalAccess::loadBalancers).isPresent()
                ? PerBrokerRecord.values(state.get(ConfigMap.class, cluster.spec().namespace(), cluster.externalAddressesName()))
                : Map.of();
        for (int ordinal = 0; ordinal < brokers; ordinal++) {
            String pod = cluster.podName(ordinal);
            String key = ClusterSecrets.keystore(pod);
            Optional<String> external = cluster.externalHost(ordinal, loadBalancers);
            // One that does not name the host outside clients reach it at (its load balancer's, new) is issued again.
            boolean unnamed = external.isPresent() && live.containsKey(key)
                    && !IssuedCertificate.names(live.get(key), password.toCharArray(), pod, external.get());
            if (issue != Issue.MISSING || !live.containsKey(key) || unnamed) {
                data.put(key, ca.issue(pod, cluster.brokerDnsNames(ordinal, external), cluster.brokerAddresses(external),
                        BROKER_VALIDITY).pkcs12(pod, password.toCharArray()));
                derived.add(key);
            }
        }
        controllers.ifPresent(quorum -> {
            for (int ordinal = 0; ordinal < quorum.replicas(); ordinal++) {
                String pod = quorum.podName(ordinal);
                String key = ClusterSecrets.keystore(pod);
                if (issue == Issue.RENEW_ALL || !live.containsKey(key)) {
                    data.put(key, ca.issue(pod, quorum.dnsNames(ordinal), quorum.addresses(), BROKER_VALIDITY)
                            .pkcs12(pod, password.toCharArray()));
                    derived.add(key);
                }
            }
        });
        return ensure(names.brokerTls(), data, derived);
    }

    /**
     * The Secrets others are made from may not be missing while what was made from them exists:
     * making them again would leave the brokers' certificates, or the users in ZooKeeper, unmatched.
     */
    private void refuseOrphans() {
        if (absent(names.certificateAuthority()) && !absent(names.brokerTls())) {
            throw ToolException.failed("secret/" + names.certificateAuthority() + " is gone, but secret/" + names.brokerTls()
                    + " holds certificates it signed: restore it from a backup, or delete secret/" + names.brokerTls()
                    + " too so that new ones are issued (the brokers then need a roll)");
        }
        if (absent(names.credentials()) && !(absent(names.brokerJaas()) && absent(names.zookeeperJaas()))) {
            throw ToolException.failed("secret/" + names.credentials() + " is gone, but the JAAS files made from its"
                    + " passwords are not: ZooKeeper and the SCRAM users still hold the old passwords. Restore it from a"
                    + " backup; new passwords would lock the brokers out");
        }
    }

    private boolean absent(String secret) {
        return state.get(Secret.class, cluster.spec().namespace(), secret) == null;
    }

    /**
     * Secret {@code name} with {@code data}: created if missing; else the keys it lacks added, and
     * the {@code derived} ones set where they differ; every other key as it is. A Secret of that name
     * that is not the toolkit's is refused.
     */
    private ObjectChange ensure(String name, Map<String, byte[]> data, Set<String> derived) {
        Secret desired = names.secret(name, data);
        Secret live = state.get(Secret.class, cluster.spec().namespace(), name);
        if (live == null) {
            return new ObjectChange(ObjectChange.Verb.CREATE, redacted(desired), desired, List.of());
        }
        Objects.requireOurs(live, NOT_OURS);
        Map<String, String> liveData = live.getData() == null ? Map.of() : live.getData();
        Map<String, String> merged = new TreeMap<>(liveData);
        List<Difference> differences = new ArrayList<>();
        desired.getData().forEach((key, value) -> {
            String current = liveData.get(key);
            if (current == null || derived.contains(key) && !current.equals(value)) {
                merged.put(key, value);
                differences.add(new Difference("data." + key, current == null ? null : REDACTED, REDACTED));
            }
        });
        if (differences.isEmpty()) {
            return ObjectChange.of(ObjectChange.Verb.UNCHANGED, redacted(live));
        }
        Secret written = new SecretBuilder(live).withData(merged).build();
        return new ObjectChange(ObjectChange.Verb.UPDATE, redacted(written), written, differences);
    }

    /**
     * The passwords the credentials Secret holds; one an operator set that the files the brokers are
     * given can't carry is refused, naming its key, before anything is made from it.
     */
    private Map<String, String> passwords() {
        Map<String, String> passwords = read(names.credentials());
        ClusterSecrets.PASSWORDS.stream().filter(passwords::containsKey).forEach(key -> Passwords.unusable(passwords.get(key))
                .ifPresent(reason -> {
                    throw ToolException.failed("the password under " + key + " in secret/" + names.credentials() + " "
                            + reason + ": set another there before the cluster first starts");
                }));
        return passwords;
    }

    /** The values of Secret {@code name} as text; empty when there is none. */
    private Map<String, String> read(String name) {
        Map<String, String> values = new TreeMap<>();
        raw(name).forEach((key, value) -> values.put(key, new String(value, StandardCharsets.UTF_8)));
        return values;
    }

    /**
     * The values of Secret {@code name}, decoded to their bytes (a keystore is no text); empty when
     * there is none. One the toolkit did not make is refused: a CA of another's would sign the brokers'
     * certificates, another's passwords would go into their files.
     */
    private Map<String, byte[]> raw(String name) {
        Secret live = state.get(Secret.class, cluster.spec().namespace(), name);
        Map<String, byte[]> values = new TreeMap<>();
        if (live != null) {
            Objects.requireOurs(live, NOT_OURS);
            if (live.getData() != null) {
                live.getData().forEach((key, value) -> values.put(key, Base64.getDecoder().decode(value)));
            }
        }
        return values;
    }

    /** {@code secret} as plans and reports show it: its keys, no values. */
    static Secret redacted(Secret secret) {
        Map<String, String> keys = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().keySet().forEach(key -> keys.put(key, REDACTED));
        }
        return new SecretBuilder(secret).withData(keys).withStringData(null).build();
    }

    private static Map<String, byte[]> bytes(Map<String, String> values) {
        Map<String, byte[]> data = new LinkedHashMap<>();
        values.forEach((key, value) -> data.put(key, utf8(value)));
        return data;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
