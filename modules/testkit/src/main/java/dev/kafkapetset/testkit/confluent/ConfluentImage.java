package dev.kafkapetset.testkit.confluent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Confluent images this runtime runs, known by their repository whatever the registry, tag or digest. */
enum ConfluentImage {
    ZOOKEEPER("confluentinc/cp-zookeeper", Map.of()),
    KAFKA("confluentinc/cp-kafka", KafkaImage.ENVIRONMENT);

    /** appuser's home, the images' working directory. */
    static final String HOME = "/home/appuser";
    /** Where the images' configure step writes the server's properties. */
    static final String CONFIG_DIRECTORY = "/etc/kafka";
    /**
     * What both images' start-up writes into: {@code /etc/kafka} (where configure writes the
     * properties) and the data directories, appuser:root and group-writable (the 7.9 Dockerfiles'
     * chown and chmod). So a container writes them as appuser (uid 1000, the default), as root
     * (in group 0, and with {@code CAP_DAC_OVERRIDE} unless dropped), or as another uid only in
     * group 0: its primary group when no {@code runAsGroup} is set (the image's /etc/passwd does not
     * list it), or a supplemental one. A uid 1001 with {@code runAsGroup: 1001} can't. A volume
     * mounted over a data directory has its own owner instead ({@link VolumeOwners}).
     */
    private static final Set<String> WRITTEN_DIRECTORIES = Set.of(CONFIG_DIRECTORY, KafkaImage.DATA_DIRECTORY,
            ZooKeeperImage.DATA_DIR, ZooKeeperImage.DATA_LOG_DIR);

    /**
     * Confluent Platform 7.3 to 7.8: Kafka 3.3 to 3.8, older than the stand-in's. Older ones formatted
     * at metadata versions Kafka 3.9's tool no longer makes (before 3.3-IV0), so they get 3.9's.
     */
    private static final Pattern OLDER_KAFKA_TAG = Pattern.compile("7\\.([3-8])\\.\\d+(?:[-.].*)?");

    private final String repository;
    private final Map<String, String> environment;

    ConfluentImage(String repository, Map<String, String> environment) {
        this.repository = repository;
        this.environment = environment;
    }

    /** The image {@code image} names; one this runtime does not know fails the container's start. */
    static ConfluentImage of(String image) {
        for (ConfluentImage known : values()) {
            if (known.repository.equals(repository(image))) {
                return known;
            }
        }
        throw new IllegalStateException("image " + image + " has no stand-in here: this runtime runs"
                + " confluentinc/cp-zookeeper and confluentinc/cp-kafka");
    }

    /** {@code docker.io/confluentinc/cp-kafka:7.9.11} to {@code confluentinc/cp-kafka}. */
    static String repository(String image) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int tag = name.lastIndexOf(':');
        if (tag > name.lastIndexOf('/')) {
            name = name.substring(0, tag);
        }
        return name.startsWith("docker.io/") ? name.substring("docker.io/".length()) : name;
    }

    /** What the image's Dockerfile puts into every container's environment; the container's own variables win. */
    Map<String, String> environment() {
        return environment;
    }

    /** Who owns a directory of the image's own: those it writes are appuser:root 0775, any other counts as root's, 0755. */
    static Ownership directory(String path) {
        String directory = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return WRITTEN_DIRECTORIES.contains(directory) ? new Ownership(ContainerUser.APPUSER, 0, 0775) : Ownership.FRESH_DIRECTORY;
    }

    /**
     * {@code kafka-storage format}'s arguments as {@code image}'s own tool takes them. Each Kafka
     * formats at its own newest metadata version unless told one (on the command line, or by {@code
     * inter.broker.protocol.version} in {@code config}); the stand-in runs Kafka 3.9 whatever the tag,
     * so for an older cp-kafka (7.8.x ships Kafka 3.8) it is told that older version.
     */
    static List<String> formatArguments(String image, List<String> args, Properties config) {
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int tag = name.lastIndexOf(':');
        Matcher version = OLDER_KAFKA_TAG.matcher(tag > name.lastIndexOf('/') ? name.substring(tag + 1) : "");
        boolean told = config.containsKey("inter.broker.protocol.version")
                || args.stream().anyMatch(arg -> arg.equals("-r") || arg.startsWith("--release-version"));
        if (told || !version.matches()) {
            return args;
        }
        List<String> older = new ArrayList<>(args);
        older.add("--release-version=3." + version.group(1));
        return older;
    }

    /**
     * Whether the images' start-up scripts see {@code name} as set: they test with {@code [[ -n ... ]]},
     * {@code ${NAME:-default}} and {@code dub ensure} ({@code os.environ.get}), so an empty value
     * counts as unset.
     */
    static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isEmpty();
    }
}
