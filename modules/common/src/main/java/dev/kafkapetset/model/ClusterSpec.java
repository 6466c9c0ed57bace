package dev.kafkapetset.model;

import dev.kafkapetset.errors.ToolException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A user's choices for one Kafka cluster, validated and normalised once. Everything the toolkit
 * renders or applies is derived from it by pure code ({@link KafkaCluster}).
 */
public record ClusterSpec(
        String name,
        String namespace,
        int replicas,
        ZookeeperConnect zookeeper,
        Optional<EnsembleSpec> ensemble,
        Storage storage,
        String image,
        int operatorPortBase) {

    /** StatefulSet pods carry a {@code controller-revision-hash} label of name + 11 characters. */
    static final int MAX_NAME_LENGTH = 52;

    private static final Pattern QUANTITY = Pattern.compile("[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?");
    private static final Pattern SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern DIGEST = Pattern.compile("\\S+@sha256:[0-9a-f]{64}");

    /** Validates every choice before anything is sent; a bad one is a usage error (exit 2). */
    public static ClusterSpec from(ClusterOptions options, String namespace, int replicas) {
        String name = Dns1123.requireLabel("cluster name", options.name);
        if (name.length() > MAX_NAME_LENGTH) {
            throw ToolException.usage("cluster name '" + name + "' is longer than " + MAX_NAME_LENGTH
                    + " characters: Kubernetes labels StatefulSet pods with it plus a revision hash");
        }
        if (replicas < 1) {
            throw ToolException.usage("--replicas must be at least 1, not " + replicas);
        }
        int lastPort = options.operatorPortBase + replicas - 1;
        if (options.operatorPortBase < 1024 || lastPort > 65535) {
            throw ToolException.usage("--operator-port-base " + options.operatorPortBase + " with " + replicas
                    + " brokers needs ports " + options.operatorPortBase + "-" + lastPort + ", outside 1024-65535");
        }
        boolean ownEnsemble = options.zookeeper == null || options.zookeeper.isBlank();
        return new ClusterSpec(
                name,
                Dns1123.requireLabel("namespace", namespace),
                replicas,
                ZookeeperConnect.parse(ownEnsemble ? ZookeeperEnsemble.connectString() : options.zookeeper),
                ownEnsemble ? Optional.of(ensemble(options)) : Optional.empty(),
                storage(options, "--storage-size", options.storageSize),
                pinnedImage("--image", options.image, KafkaCluster.DEFAULT_IMAGE),
                options.operatorPortBase);
    }

    private static EnsembleSpec ensemble(ClusterOptions options) {
        if (options.zookeeperReplicas < 1 || options.zookeeperReplicas > 255) {
            throw ToolException.usage("--zookeeper-replicas must be 1 to 255 (ZooKeeper server ids), not "
                    + options.zookeeperReplicas);
        }
        return new EnsembleSpec(options.zookeeperReplicas,
                pinnedImage("--zookeeper-image", options.zookeeperImage, ZookeeperEnsemble.DEFAULT_IMAGE),
                storage(options, "--zookeeper-storage-size", options.zookeeperStorageSize));
    }

    private static Storage storage(ClusterOptions options, String sizeOption, String size) {
        if (size == null || !QUANTITY.matcher(size).matches() || size.matches("[0.]+\\D*")) {
            throw ToolException.usage(sizeOption + " '" + size + "' is not a positive quantity such as 1Gi or 500Mi");
        }
        if (options.storageClass != null && !options.storageClass.isBlank()) {
            if (!SUBDOMAIN.matcher(options.storageClass).matches() || options.storageClass.length() > 253) {
                throw ToolException.usage("--storage-class '" + options.storageClass + "' is not a valid class name");
            }
            return new Storage.Provisioned(options.storageClass, size);
        }
        String base = options.hostPathBase;
        if (base == null || !Path.of(base).isAbsolute()) {
            throw ToolException.usage("--host-path-base '" + base + "' must be an absolute directory");
        }
        return new Storage.HostPath(Path.of(base).normalize().toString(), size);
    }

    private static String pinnedImage(String option, String image, String example) {
        String tag = image == null ? "" : KafkaCluster.tagOf(image);
        boolean pinned = image != null && !image.isBlank() && !image.matches(".*\\s.*")
                && (DIGEST.matcher(image).matches() || !(tag.isEmpty() || tag.equals("latest")));
        if (!pinned) {
            throw ToolException.usage(option + " '" + image + "' must name a version tag or digest (not latest),"
                    + " e.g. " + example);
        }
        return image;
    }
}
