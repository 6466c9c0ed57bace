package dev.kafkapetset.model;

import java.util.Optional;

/**
 * What a running cluster's StatefulSets say about how it is protected, placed and reached, and where
 * its brokers keep the metadata (null when not known): the
 * choices a step keeps when its options don't make them, so a day-2 step run without them changes
 * none of them.
 */
public record ClusterShape(Security security, Optional<String> rackKey, Optional<ExternalAccess> external, Metadata metadata) {

    /** The annotation that records a rack-aware broker set's node label. */
    public static final String RACK_ANNOTATION = "kafka-petset/rack-topology-key";

    /** A cluster protected as {@code security}, without racks or external access. */
    public static ClusterShape of(Security security) {
        return new ClusterShape(security, Optional.empty(), Optional.empty(), Metadata.ZOOKEEPER);
    }

    /**
     * What the options are checked against before the cluster is read: protected as {@code security},
     * its metadata not known (null), so that the options' own choice of it is checked as for a new cluster.
     */
    public static ClusterShape assumed(Security security) {
        return new ClusterShape(security, Optional.empty(), Optional.empty(), null);
    }
}
