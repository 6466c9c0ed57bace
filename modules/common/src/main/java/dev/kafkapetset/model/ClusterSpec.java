package dev.kafkapetset.model;

import dev.kafkapetset.cli.ToolException;
import java.nio.file.Path;
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
        return new ClusterSpec(
                name,
                Dns1123.requireLabel("namespace", namespace),
                replicas,
                ZookeeperConnect.parse(options.zookeeper),
                storage(options),
                pinnedImage(options.image),
                options.operatorPortBase);
    }

    private static Storage storage(ClusterOptions options) {
        String size = options.storageSize;
        if (size == null || !QUANTITY.matcher(size).matches() || size.matches("[0.]+\\D*")) {
            throw ToolException.usage("--storage-size '" + size + "' is not a positive quantity such as 1Gi or 500Mi");
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

    private static String pinnedImage(String image) {
        String tag = image == null ? "" : KafkaCluster.tagOf(image);
        boolean pinned = image != null && !image.isBlank() && !image.matches(".*\\s.*")
                && (DIGEST.matcher(image).matches() || !(tag.isEmpty() || tag.equals("latest")));
        if (!pinned) {
            throw ToolException.usage("--image '" + image + "' must name a version tag or digest (not latest),"
                    + " e.g. " + KafkaCluster.DEFAULT_IMAGE);
        }
        return image;
    }
}
