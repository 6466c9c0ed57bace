package dev.kafkapetset.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Confluent Platform version an image's tag names ({@code confluentinc/cp-kafka:7.6.1}), and the
 * Apache Kafka version it ships: 7.x is Kafka 3.x, 6.x is 2.6 to 2.8, 5.x is 2.x. Confluent
 * Platform 8 ships Kafka 4, which has no ZooKeeper mode.
 */
public record PlatformVersion(int major, int minor, int patch) implements Comparable<PlatformVersion> {
    private static final Pattern TAG = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)(?:[-.].*)?");
    /** The last line with ZooKeeper mode. */
    public static final PlatformVersion LAST_ZOOKEEPER_LINE = new PlatformVersion(7, 9, Integer.MAX_VALUE);

    /** The version {@code image}'s tag names, if it names one. */
    public static Optional<PlatformVersion> of(String image) {
        Matcher tag = TAG.matcher(KafkaCluster.tagOf(image));
        return tag.matches() ? Optional.of(new PlatformVersion(Integer.parseInt(tag.group(1)),
                Integer.parseInt(tag.group(2)), Integer.parseInt(tag.group(3)))) : Optional.empty();
    }

    /** Kafka's version, {@code major.minor}, as {@code inter.broker.protocol.version} takes it. */
    public String kafkaVersion() {
        return switch (major) {
            case 7 -> "3." + minor;
            case 6 -> "2." + (6 + minor);
            case 5 -> "2." + minor;
            default -> throw new IllegalStateException("Confluent Platform " + this + " is outside the lines this toolkit"
                    + " knows (5.x to 7.9)");
        };
    }

    /** True when both ship the same Kafka minor version: only the patch level differs. */
    public boolean sameKafkaAs(PlatformVersion other) {
        return major == other.major && minor == other.minor;
    }

    @Override
    public int compareTo(PlatformVersion other) {
        return major != other.major ? Integer.compare(major, other.major)
                : minor != other.minor ? Integer.compare(minor, other.minor) : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
