package dev.kafkapetset.model;

import dev.kafkapetset.errors.ToolException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A user's choices for one Kafka cluster, validated and normalised once. Everything the toolkit
 * renders or applies is derived from it by pure code ({@link KafkaCluster}). The number of brokers is
 * not part of it: only the steps that create or count brokers need one ({@link #requireBrokers}).
 *
 * @param interBrokerProtocolVersion pinned by a version upgrade between its two rolls; null otherwise
 * @param clientSelector the labels of the pods that may reach the brokers' client listener when the
 *     cluster is secured; empty: every pod of the namespace
 * @param rackTopologyKey the node label each broker's {@code broker.rack} is read from; null: no racks
 * @param external how clients outside the cluster reach the brokers; null: they don't
 * @param zookeeper the brokers' ZooKeeper; null for a cluster made in KRaft mode ({@link #zookeeper()})
 * @param metadata where the brokers keep the metadata: ZooKeeper, or ZooKeeper while KRaft controllers take it over
 */
public record ClusterSpec(
        String name,
        String namespace,
        ZookeeperConnect zookeeper,
        Optional<EnsembleSpec> ensemble,
        Storage storage,
        String image,
        int operatorPortBase,
        BrokerSettings settings,
        Security security,
        Map<String, String> clientSelector,
        String rackTopologyKey,
        ExternalAccess external,
        String interBrokerProtocolVersion,
        Metadata metadata) {

    public ClusterSpec {
        clientSelector = Map.copyOf(clientSelector);
    }

    /**
     * The ZooKeeper the brokers use, or used before they left it. A cluster made in KRaft mode has
     * none: asking is a usage error that says so, which every ZooKeeper step on it ends with.
     */
    public ZookeeperConnect zookeeper() {
        if (zookeeper == null) {
            throw ToolException.usage("cluster " + name + " was made in KRaft mode: it has no ZooKeeper (status shows"
                    + " its controllers and brokers)");
        }
        return zookeeper;
    }

    /** Whether the brokers use, or used, a ZooKeeper: not when the cluster was made in KRaft mode. */
    public boolean hasZooKeeper() {
        return zookeeper != null;
    }

    /** This cluster on {@code image}, with {@code inter.broker.protocol.version} pinned (or not, when null). */
    public ClusterSpec upgradedTo(String image, String protocolVersion) {
        return new ClusterSpec(name, namespace, zookeeper, ensemble, storage, image, operatorPortBase, settings, security,
                clientSelector, rackTopologyKey, external, protocolVersion, metadata);
    }

    /** This cluster with its brokers keeping the metadata as {@code next} says. */
    public ClusterSpec withMetadata(Metadata next) {
        return new ClusterSpec(name, namespace, zookeeper, ensemble, storage, image, operatorPortBase, settings, security,
                clientSelector, rackTopologyKey, external, interBrokerProtocolVersion, next);
    }

    /** How outside clients reach the brokers, when they do. */
    public Optional<ExternalAccess> externalAccess() {
        return Optional.ofNullable(external);
    }

    /** The node label brokers take their rack from, when they are rack-aware. */
    public Optional<String> rackKey() {
        return Optional.ofNullable(rackTopologyKey);
    }

    public boolean secured() {
        return security == Security.SECURED;
    }

    /** StatefulSet pods carry a {@code controller-revision-hash} label of name + 11 characters. */
    static final int MAX_STATEFULSET_NAME_LENGTH = 52;

    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /**
     * An image reference as the container runtimes read it: an optional registry host (a name with
     * a dot or a port, or localhost), lower-case path components, then a tag or a digest.
     */
    private static final Pattern IMAGE = Pattern.compile(
            "(?:(?:[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+(?::[0-9]+)?|[A-Za-z0-9-]+:[0-9]+|localhost)/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
                    + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[0-9a-f]{64})?");
    /** Node directories a hostPath volume must never be: the volumes' files would land among the system's. */
    private static final Set<String> SYSTEM_DIRECTORIES = Set.of("/", "/bin", "/boot", "/dev", "/etc", "/lib",
            "/lib64", "/proc", "/root", "/run", "/sbin", "/sys", "/usr", "/var", "/var/lib", "/var/lib/kubelet", "/tmp");

    /**
     * The choices as the command line or the environment gave them.
     *
     * @param origin names where an option's value came from, for messages: {@code "--storage-size"},
     *     or the environment variable that set it
     */
    public record Choices(
            String name,
            String zookeeper,
            int zookeeperReplicas,
            String zookeeperImage,
            String zookeeperStorageSize,
            String storageClass,
            String storageSize,
            String hostPathBase,
            String image,
            int operatorPortBase,
            Map<String, String> settings,
            Security security,
            Map<String, String> clientSelector,
            String rackTopologyKey,
            String external,
            String externalHost,
            int externalPortBase,
            Metadata metadata,
            UnaryOperator<String> origin) {}

    /** Validates every choice before anything is sent; a bad one is a usage error (exit 2). */
    public static ClusterSpec from(Choices choices, String namespace) {
        UnaryOperator<String> origin = choices.origin();
        String nameOrigin = origin.apply("--name");
        String name = Dns1123.requireLabel("cluster name" + (nameOrigin.equals("--name") ? "" : " (" + nameOrigin + ")"),
                choices.name());
        boolean zooKeeperGiven = choices.zookeeper() != null && !choices.zookeeper().isBlank();
        boolean kraftFromStart = choices.metadata().withoutZooKeeper();
        if (kraftFromStart && zooKeeperGiven) {
            throw ToolException.usage(origin.apply("--zookeeper") + ": a cluster made in KRaft mode has no ZooKeeper;"
                    + " leave it out");
        }
        boolean ownEnsemble = !zooKeeperGiven && !kraftFromStart;
        String longestSuffix = kraftFromStart ? KraftControllers.statefulSetName("")
                : ownEnsemble ? ZookeeperEnsemble.SUFFIX : "";
        int longest = MAX_STATEFULSET_NAME_LENGTH - longestSuffix.length();
        if (name.length() > longest) {
            throw ToolException.usage("cluster name '" + name + "' is longer than " + longest + " characters: Kubernetes"
                    + " labels StatefulSet pods with its StatefulSets' names" + (longestSuffix.isEmpty() ? ""
                    : " (" + name + longestSuffix + " for its " + (kraftFromStart ? "KRaft controllers" : "ZooKeeper")
                    + ")") + " plus a revision hash");
        }
        if (choices.operatorPortBase() < 1024 || choices.operatorPortBase() > 65535) {
            throw ToolException.usage(origin.apply("--operator-port-base") + " " + choices.operatorPortBase()
                    + " is outside 1024-65535");
        }
        ClusterSpec spec = new ClusterSpec(
                name,
                Dns1123.requireLabel("namespace", namespace),
                kraftFromStart ? null : ownEnsemble ? ZookeeperEnsemble.connect(name)
                        : ZookeeperConnect.parse(origin.apply("--zookeeper"), choices.zookeeper()),
                ownEnsemble ? Optional.of(ensemble(choices)) : Optional.empty(),
                storage(choices, "--storage-size", choices.storageSize()),
                pinnedImage(origin.apply("--image"), choices.image(), KafkaCluster.DEFAULT_IMAGE),
                choices.operatorPortBase(),
                BrokerSettings.of(choices.settings()),
                choices.security(),
                clientSelector(origin.apply("--clients-from"), choices.clientSelector()),
                rackTopologyKey(choices),
                external(choices),
                null,
                choices.metadata());
        if (spec.secured() && zooKeeperGiven) {
            throw ToolException.usage("--security secured sets up ZooKeeper's authentication (a SASL login for the"
                    + " brokers, ACLs on their znodes) in the cluster's own ensemble, which " + origin.apply("--zookeeper")
                    + " replaces: leave it out for an ensemble of the cluster's own, or pass --security plaintext to use"
                    + " that ZooKeeper as it is");
        }
        return spec;
    }

    /**
     * A node label key, when given; racks are read from the nodes hostPath volumes are pinned to, so a
     * provisioner's volumes (whose node is known only once a pod is scheduled) can't have them yet.
     */
    private static String rackTopologyKey(Choices choices) {
        String key = choices.rackTopologyKey();
        if (key == null || key.isBlank()) {
            return null;
        }
        String option = choices.origin().apply("--rack-topology-key");
        if (!isLabelKey(key)) {
            throw ToolException.usage(option + " '" + key + "' is not a label key, such as topology.kubernetes.io/zone");
        }
        if (choices.storageClass() != null && !choices.storageClass().isBlank()) {
            throw ToolException.usage(option + " reads each broker's rack from the node its hostPath volume is pinned"
                    + " to; with --storage-class a broker's node is known only once it is scheduled, which this version"
                    + " does not wait for: leave out one of the two");
        }
        return key;
    }

    /**
     * External access, when asked for: node ports from the base, advertised with the host outside
     * clients reach; or a load balancer per broker, whose address is its own.
     */
    private static ExternalAccess external(Choices choices) {
        String mode = choices.external() == null || choices.external().isBlank() ? "none" : choices.external();
        String option = choices.origin().apply("--external");
        String host = choices.externalHost();
        switch (mode) {
            case "none" -> {
                return null;
            }
            case "nodeport" -> { }
            case "loadbalancer" -> {
                if (host != null && !host.isBlank()) {
                    throw ToolException.usage(choices.origin().apply("--external-host") + " is for nodeport: each load"
                            + " balancer has an address of its own, which its broker advertises; leave it out");
                }
                return ExternalAccess.loadBalancer();
            }
            default -> throw ToolException.usage(option + " '" + mode + "' is not one of: none, nodeport, loadbalancer");
        }
        if (host == null || host.isBlank()) {
            throw ToolException.usage(option + " nodeport needs --external-host: the address outside clients reach the"
                    + " nodes at (on Minikube: $(minikube ip))");
        }
        if (!host.matches("[0-9.]+") && !SUBDOMAIN.matcher(host).matches()) {
            throw ToolException.usage(choices.origin().apply("--external-host") + " '" + host + "' is neither an IPv4"
                    + " address nor a DNS name");
        }
        int base = choices.externalPortBase();
        if (base < 1 || base > 65535) {
            throw ToolException.usage(choices.origin().apply("--external-port-base") + " " + base + " is outside 1-65535");
        }
        return ExternalAccess.nodePort(host, base);
    }

    private static boolean isLabelKey(String key) {
        String name = key.contains("/") ? key.substring(key.indexOf('/') + 1) : key;
        String prefix = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
        return LABEL_NAME.matcher(name).matches() && name.length() <= 63
                && (prefix.isEmpty() || SUBDOMAIN.matcher(prefix).matches() && prefix.length() <= 253);
    }

    /** Label keys and values as Kubernetes takes them in a selector; else a usage error naming the option. */
    private static Map<String, String> clientSelector(String option, Map<String, String> labels) {
        labels.forEach((key, value) -> {
            if (!isLabelKey(key) || !value.isEmpty() && (!LABEL_NAME.matcher(value).matches() || value.length() > 63)) {
                throw ToolException.usage(option + " " + key + "=" + value + " is not a label Kubernetes can select on,"
                        + " such as app=orders");
            }
        });
        return labels;
    }

    /**
     * {@code brokers} if this cluster can have that many: at least one, and an operator port for
     * each (they are numbered from the base); else a usage error.
     */
    public int requireBrokers(int brokers, String option) {
        if (brokers < 1) {
            throw ToolException.usage(option + " must be at least 1, not " + brokers);
        }
        if (brokers > KraftControllers.NODE_ID_BASE) {
            throw ToolException.usage(option + " must be at most " + KraftControllers.NODE_ID_BASE + ", not " + brokers
                    + ": node ids from " + KraftControllers.NODE_ID_BASE + " on are the KRaft controllers'");
        }
        int lastPort = operatorPortBase + brokers - 1;
        if (lastPort > 65535) {
            throw ToolException.usage("--operator-port-base " + operatorPortBase + " with " + brokers
                    + " brokers needs ports " + operatorPortBase + "-" + lastPort + ", outside 1024-65535");
        }
        return brokers;
    }

    private static EnsembleSpec ensemble(Choices choices) {
        String option = choices.origin().apply("--zookeeper-replicas");
        int replicas = choices.zookeeperReplicas();
        if (replicas < 1 || replicas > 255) {
            throw ToolException.usage(option + " must be 1 to 255 (ZooKeeper server ids), not " + replicas);
        }
        if (replicas % 2 == 0) {
            throw ToolException.usage(option + " " + replicas + " is even: a quorum of " + replicas + " servers needs "
                    + (replicas / 2 + 1) + ", so it survives no more failures than " + (replicas - 1)
                    + " servers would; choose " + (replicas - 1) + " or " + (replicas + 1));
        }
        return new EnsembleSpec(replicas,
                pinnedImage(choices.origin().apply("--zookeeper-image"), choices.zookeeperImage(), ZookeeperEnsemble.DEFAULT_IMAGE),
                storage(choices, "--zookeeper-storage-size", choices.zookeeperStorageSize()));
    }

    private static Storage storage(Choices choices, String sizeOption, String size) {
        if (size == null || !QUANTITY.matcher(size).matches() || size.matches("[0.]+\\D*")) {
            throw ToolException.usage(choices.origin().apply(sizeOption) + " '" + size
                    + "' is not a positive quantity such as 1Gi or 500Mi");
        }
        String storageClass = choices.storageClass();
        if (storageClass != null && !storageClass.isBlank()) {
            if (!SUBDOMAIN.matcher(storageClass).matches() || storageClass.length() > 253) {
                throw ToolException.usage(choices.origin().apply("--storage-class") + " '" + storageClass
                        + "' is not a valid class name");
            }
            return new Storage.Provisioned(storageClass, size);
        }
        String option = choices.origin().apply("--host-path-base");
        String base = choices.hostPathBase();
        if (base == null || !Path.of(base).isAbsolute()) {
            throw ToolException.usage(option + " '" + base + "' must be an absolute directory");
        }
        String normalised = Path.of(base).normalize().toString();
        if (SYSTEM_DIRECTORIES.contains(normalised)) {
            throw ToolException.usage(option + " '" + base + "' is " + (normalised.equals(base) ? "" : normalised + ", ")
                    + "a system directory of the node: choose a directory of its own, such as /data/kafka-petset");
        }
        return new Storage.HostPath(normalised, size);
    }

    private static String pinnedImage(String option, String image, String example) {
        if (image == null || !IMAGE.matcher(image).matches()) {
            throw ToolException.usage(option + " '" + image + "' is not an image reference such as " + example);
        }
        String tag = KafkaCluster.tagOf(image);
        if (!image.contains("@") && (tag.isEmpty() || tag.equals("latest"))) {
            throw ToolException.usage(option + " '" + image + "' must name a version tag or digest (not latest),"
                    + " e.g. " + example);
        }
        return image;
    }
}
