package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.model.ClusterShape;
import dev.kafkapetset.model.Metadata;
import dev.kafkapetset.model.ClusterSpec;
import dev.kafkapetset.model.ExternalAccess;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.model.KraftControllers;
import dev.kafkapetset.model.Security;
import dev.kafkapetset.model.ZookeeperEnsemble;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The choices that shape a cluster, shared by every step so that each renders the same objects. Each
 * has an environment variable, so a runbook can set it once for all the steps.
 */
public class ClusterOptions {
    /** Each option's environment variable, for messages about a value that came from there. */
    private static final Map<String, String> ENVIRONMENT = Map.ofEntries(
            Map.entry("--name", "KAFKA_PETSET_NAME"),
            Map.entry("--zookeeper", "KAFKA_PETSET_ZOOKEEPER"),
            Map.entry("--zookeeper-replicas", "KAFKA_PETSET_ZOOKEEPER_REPLICAS"),
            Map.entry("--zookeeper-image", "KAFKA_PETSET_ZOOKEEPER_IMAGE"),
            Map.entry("--zookeeper-storage-size", "KAFKA_PETSET_ZOOKEEPER_STORAGE_SIZE"),
            Map.entry("--storage-class", "KAFKA_PETSET_STORAGE_CLASS"),
            Map.entry("--storage-size", "KAFKA_PETSET_STORAGE_SIZE"),
            Map.entry("--host-path-base", "KAFKA_PETSET_HOST_PATH_BASE"),
            Map.entry("--image", "KAFKA_PETSET_IMAGE"),
            Map.entry("--operator-port-base", "KAFKA_PETSET_OPERATOR_PORT_BASE"),
            Map.entry("--security", "KAFKA_PETSET_SECURITY"),
            Map.entry("--rack-topology-key", "KAFKA_PETSET_RACK_TOPOLOGY_KEY"),
            Map.entry("--external", "KAFKA_PETSET_EXTERNAL"),
            Map.entry("--external-host", "KAFKA_PETSET_EXTERNAL_HOST"),
            Map.entry("--external-port-base", "KAFKA_PETSET_EXTERNAL_PORT_BASE"),
            Map.entry("--metadata", "KAFKA_PETSET_METADATA"),
            Map.entry("--controllers", "KAFKA_PETSET_CONTROLLERS"));

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "${env:KAFKA_PETSET_NAME:-kafka}",
            description = "Name of the Kafka cluster: its StatefulSet, Service and pods (env KAFKA_PETSET_NAME).")
    String name;

    @Option(names = "--zookeeper", paramLabel = "HOST:PORT[,..][/CHROOT]", defaultValue = "${env:KAFKA_PETSET_ZOOKEEPER}",
            description = "An existing ZooKeeper for the brokers (env KAFKA_PETSET_ZOOKEEPER). Without it they use"
                    + " the cluster's own ensemble, <name>" + ZookeeperEnsemble.SUFFIX + ":2181, which deploy-zookeeper"
                    + " deploys.")
    String zookeeper;

    @Option(names = "--zookeeper-replicas", paramLabel = "N",
            defaultValue = "${env:KAFKA_PETSET_ZOOKEEPER_REPLICAS:-3}",
            description = "Servers of the cluster's own ensemble, an odd number: 3 keep a quorum with one down, 5 with"
                    + " two (env KAFKA_PETSET_ZOOKEEPER_REPLICAS).")
    int zookeeperReplicas;

    @Option(names = "--zookeeper-image", paramLabel = "IMAGE", defaultValue = "${env:KAFKA_PETSET_ZOOKEEPER_IMAGE:-"
                    + ZookeeperEnsemble.DEFAULT_IMAGE + "}",
            description = "ZooKeeper image of the cluster's own ensemble (env KAFKA_PETSET_ZOOKEEPER_IMAGE).")
    String zookeeperImage;

    @Option(names = "--zookeeper-storage-size", paramLabel = "QUANTITY",
            defaultValue = "${env:KAFKA_PETSET_ZOOKEEPER_STORAGE_SIZE:-1Gi}",
            description = "Size of each ZooKeeper data and transaction-log volume"
                    + " (env KAFKA_PETSET_ZOOKEEPER_STORAGE_SIZE).")
    String zookeeperStorageSize;

    @Option(names = "--storage-class", paramLabel = "CLASS", defaultValue = "${env:KAFKA_PETSET_STORAGE_CLASS}",
            description = "Storage class that provisions the brokers' volumes; without one, create-volumes"
                    + " makes hostPath volumes as on Minikube (env KAFKA_PETSET_STORAGE_CLASS).")
    String storageClass;

    @Option(names = "--storage-size", paramLabel = "QUANTITY",
            defaultValue = "${env:KAFKA_PETSET_STORAGE_SIZE:-1Gi}",
            description = "Size of each broker's volume (env KAFKA_PETSET_STORAGE_SIZE).")
    String storageSize;

    @Option(names = "--host-path-base", paramLabel = "DIR",
            defaultValue = "${env:KAFKA_PETSET_HOST_PATH_BASE:-/data/kafka-petset}",
            description = "Node directory under which hostPath volumes live; Minikube keeps /data across"
                    + " restarts (env KAFKA_PETSET_HOST_PATH_BASE).")
    String hostPathBase;

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "${env:KAFKA_PETSET_IMAGE:-"
                    + KafkaCluster.DEFAULT_IMAGE + "}",
            description = "Kafka image, pinned to a version (env KAFKA_PETSET_IMAGE).")
    String image;

    @Option(names = "--operator-port-base", paramLabel = "PORT",
            defaultValue = "${env:KAFKA_PETSET_OPERATOR_PORT_BASE:-19092}",
            description = "Broker N's operator listener is advertised as 127.0.0.1:PORT+N, for clients that"
                    + " reach it through kubectl port-forward (env KAFKA_PETSET_OPERATOR_PORT_BASE).")
    int operatorPortBase;

    @Option(names = "--config", paramLabel = "KEY=VALUE",
            description = "A broker setting, checked against Kafka's own definitions (repeatable). Those Kafka changes"
                    + " at run time for the whole cluster are set without a restart; the others go into the pod"
                    + " template, and the brokers are rolled. Settings the toolkit owns (listeners, broker.id,"
                    + " zookeeper.connect, log.dirs...) are refused.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--config-file", paramLabel = "FILE", defaultValue = "${env:KAFKA_PETSET_CONFIG_FILE}",
            description = "Broker settings from a properties file (env KAFKA_PETSET_CONFIG_FILE); --config wins.")
    Path settingsFile;

    @Option(names = "--security", paramLabel = "PROFILE", defaultValue = "${env:KAFKA_PETSET_SECURITY}",
            description = "secured: TLS on every listener, SCRAM-SHA-512 clients, Kafka's ACL authorizer, ZooKeeper"
                    + " SASL, NetworkPolicies; plaintext: the seed's open layout, where anyone who reaches a pod can read,"
                    + " write and delete every topic and rewrite ZooKeeper. Default: what the cluster runs, secured for"
                    + " a new one (env KAFKA_PETSET_SECURITY).")
    String security;

    @Option(names = "--clients-from", paramLabel = "LABEL=VALUE",
            description = "Secured clusters: only pods with these labels reach the brokers' client port (repeatable);"
                    + " without it, every pod of the namespace.")
    Map<String, String> clientsFrom = new LinkedHashMap<>();

    @Option(names = "--rack-topology-key", paramLabel = "LABEL", defaultValue = "${env:KAFKA_PETSET_RACK_TOPOLOGY_KEY}",
            description = "Rack-aware brokers: each broker's broker.rack is this label of the node its hostPath volume"
                    + " is pinned to, such as topology.kubernetes.io/zone, so Kafka spreads a partition's replicas over"
                    + " racks. Default: what the cluster has (env KAFKA_PETSET_RACK_TOPOLOGY_KEY).")
    String rackTopologyKey;

    @Option(names = "--external", paramLabel = "none|nodeport|loadbalancer", defaultValue = "${env:KAFKA_PETSET_EXTERNAL}",
            description = "Access from outside the cluster: each broker gets an EXTERNAL listener (TLS and SCRAM when"
                    + " secured) and a Service of its own. nodeport: advertised as --external-host:<port base + ordinal>;"
                    + " loadbalancer: a load balancer per broker, advertised at the address the cluster gives it, on"
                    + " port 9093 (deploy-petset and scale wait for it). Default: what the cluster has, none for a new"
                    + " one (env KAFKA_PETSET_EXTERNAL).")
    String external;

    @Option(names = "--external-host", paramLabel = "HOST", defaultValue = "${env:KAFKA_PETSET_EXTERNAL_HOST}",
            description = "The address outside clients reach the nodes at, which the brokers advertise: a node's"
                    + " address ($(minikube ip)) or a name in front of the nodes (env KAFKA_PETSET_EXTERNAL_HOST).")
    String externalHost;

    @Option(names = "--external-port-base", paramLabel = "PORT",
            defaultValue = "${env:KAFKA_PETSET_EXTERNAL_PORT_BASE:-31090}",
            description = "Node port of broker 0's external listener; broker n's is this + n, within the cluster's"
                    + " node port range, 30000-32767 by default (env KAFKA_PETSET_EXTERNAL_PORT_BASE).")
    int externalPortBase;

    @Option(names = "--metadata", paramLabel = "zookeeper|kraft", defaultValue = "${env:KAFKA_PETSET_METADATA}",
            description = "Where a new cluster keeps its metadata: zookeeper, in its ZooKeeper ensemble (the seed's"
                    + " layout), or kraft, in a quorum of KRaft controllers with no ZooKeeper (secured, their"
                    + " controller listener takes TLS and a login too). Default: what the cluster runs, zookeeper for a new one; a ZooKeeper-mode cluster"
                    + " leaves ZooKeeper through the migrate-* steps (env KAFKA_PETSET_METADATA).")
    String metadata;

    @Option(names = "--controllers", paramLabel = "N",
            defaultValue = "${env:KAFKA_PETSET_CONTROLLERS:-" + KraftControllers.DEFAULT_REPLICAS + "}",
            description = "KRaft controllers in the quorum of a new KRaft cluster or of a migration: 3 survive one down,"
                    + " 5 two; a deployed quorum keeps its size (env KAFKA_PETSET_CONTROLLERS; default ${DEFAULT-VALUE}).")
    int controllers;

    /** The number of KRaft controllers: odd, as a majority of an even number survives no more failures than one less. */
    public int controllers() {
        if (controllers < 1 || controllers % 2 == 0) {
            throw ToolException.usage(origin("--controllers") + " must be an odd number (1, 3, 5...), not " + controllers
                    + ": a quorum of " + (controllers + 1) + " survives no more failures than one of " + (controllers - 1));
        }
        return controllers;
    }

    /** The cluster these options describe in {@code namespace}, a new one unless --security says otherwise. */
    public ClusterSpec spec(String namespace) {
        return spec(namespace, Optional.empty());
    }

    /**
     * The cluster these options describe in {@code namespace}; what they leave out of its security,
     * racks and external access is what {@code running} (the deployed cluster) has, else a new
     * cluster's defaults: secured, no racks, no external access. Where its metadata is kept is chosen
     * for a new cluster only: the migration steps change it, and every other step keeps what the cluster runs.
     */
    public ClusterSpec spec(String namespace, Optional<ClusterShape> running) {
        Security chosen = securityGiven() ? Security.of(origin("--security"), security)
                : running.map(ClusterShape::security).orElse(Security.SECURED);
        String rackKey = rackTopologyKey != null ? rackTopologyKey : running.flatMap(ClusterShape::rackKey).orElse(null);
        boolean keepExternal = external == null && running.flatMap(ClusterShape::external).isPresent();
        ExternalAccess access = keepExternal ? running.flatMap(ClusterShape::external).orElseThrow() : null;
        return ClusterSpec.from(new ClusterSpec.Choices(name, zookeeper, zookeeperReplicas, zookeeperImage,
                zookeeperStorageSize, storageClass, storageSize, hostPathBase, image, operatorPortBase, settings(),
                chosen, clientsFrom, rackKey, keepExternal ? access.kind().word() : external,
                keepExternal ? access.host() : externalHost, keepExternal ? access.portBase() : externalPortBase,
                metadata(running.map(ClusterShape::metadata)), this::origin), namespace);
    }

    /**
     * What the cluster runs, once it has left ZooKeeper mode (or is leaving it); otherwise what
     * --metadata asks of a new one. Asking a deployed cluster for another is a usage error: only the
     * migration steps move it.
     */
    private Metadata metadata(Optional<Metadata> deployed) {
        String option = origin("--metadata");
        Metadata.Mode asked = null;
        if (metadata != null && !metadata.isBlank()) {
            asked = switch (metadata) {
                case "zookeeper" -> Metadata.Mode.ZOOKEEPER;
                case "kraft" -> Metadata.Mode.KRAFT;
                default -> throw ToolException.usage(option + " '" + metadata + "' is not one of: zookeeper, kraft");
            };
        }
        if (deployed.isEmpty()) {
            return asked == Metadata.Mode.KRAFT ? Metadata.kraftFromStart(controllers()) : Metadata.ZOOKEEPER;
        }
        Metadata running = deployed.get();
        if (running.zooKeeper() && asked == Metadata.Mode.KRAFT) {
            throw ToolException.usage(option + " kraft: cluster " + name + " is deployed in ZooKeeper mode (its brokers or"
                    + " its ensemble): a KRaft cluster needs a name of its own; brokers in ZooKeeper mode leave it through"
                    + " the migrate-* steps, starting with migrate-preflight");
        }
        // Half-way through a migration either word fits: the migrate-* steps move the cluster, whatever a runbook exports.
        if (running.finalized() && asked == Metadata.Mode.ZOOKEEPER) {
            throw ToolException.usage(option + " zookeeper: cluster " + name + " keeps its metadata in KRaft controllers"
                    + (running.withoutZooKeeper() ? ", made so" : ", having left ZooKeeper for good"));
        }
        if (running.withoutZooKeeper() && running.controllers() == 0) {
            // Its record does not say how many vote (one made by hand, or by an early version): the options do.
            return Metadata.kraftFromStart(controllers());
        }
        // An exported KAFKA_PETSET_CONTROLLERS is a runbook's default; only the command line contradicts a running quorum.
        if (running.kraft() && onCommandLine("--controllers") && controllers() != running.controllers()) {
            throw ToolException.usage(origin("--controllers") + " " + controllers + ": cluster " + name + "'s quorum has "
                    + running.controllers() + " voters, a static list that can't change");
        }
        return running;
    }

    private boolean onCommandLine(String option) {
        return command != null && command.commandLine() != null && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The value {@code option}'s environment variable sets, or null. */
    private static String fromEnvironment(String option) {
        String variable = ENVIRONMENT.get(option);
        String value = variable == null ? null : System.getenv(variable);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Whether --security (or its environment variable) chose the profile. */
    public boolean securityGiven() {
        return security != null && !security.isBlank();
    }

    /** The broker settings of the file, then of the command line, which win. */
    private Map<String, String> settings() {
        Map<String, String> all = new LinkedHashMap<>();
        if (settingsFile != null) {
            Properties file = new Properties();
            try (Reader reader = Files.newBufferedReader(settingsFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw ToolException.usage("--config-file " + settingsFile + ": " + e.getMessage());
            }
            file.stringPropertyNames().forEach(key -> all.put(key, file.getProperty(key)));
        }
        all.putAll(settings);
        return all;
    }

    /** The cluster's name alone, for steps that only find what is deployed. */
    public String name() {
        return name;
    }

    /** {@code option}, or the environment variable its value came from when it was not on the command line. */
    String origin(String option) {
        return onCommandLine(option) || fromEnvironment(option) == null ? option : ENVIRONMENT.get(option) + " (environment)";
    }
}
