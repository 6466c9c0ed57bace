package dev.kafkapetset.testkit.confluent;

import java.util.Map;

/** The Confluent images this runtime runs, known by their repository whatever the registry, tag or digest. */
enum ConfluentImage {
    ZOOKEEPER("confluentinc/cp-zookeeper", Map.of()),
    KAFKA("confluentinc/cp-kafka", KafkaImage.ENVIRONMENT);

    /** appuser's home, the images' working directory. */
    static final String HOME = "/home/appuser";

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
