package dev.kafkapetset.model;

import dev.kafkapetset.errors.ToolException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a cluster is protected; chosen once, when it is made, and kept. */
public enum Security {
    /**
     * The seed's layout: every listener PLAINTEXT, ZooKeeper open. Anyone who reaches a pod can read,
     * write and delete any topic, and rewrite the cluster's metadata in ZooKeeper.
     */
    PLAINTEXT,
    /**
     * TLS on every Kafka listener, clients authenticated with SCRAM-SHA-512, Kafka's ACL authorizer
     * with nothing allowed unless granted, ZooKeeper requiring SASL from Kafka (whose znodes carry
     * ACLs), and NetworkPolicies around both.
     */
    SECURED;

    /** On the StatefulSets: how their cluster was made, for the steps that follow it. */
    public static final String ANNOTATION = "kafka-petset/security";

    /** The word on the command line and in the annotation: {@code plaintext}, {@code secured}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The choice named {@code word}; else a usage error naming {@code option} and the choices. */
    public static Security of(String option, String word) {
        return Arrays.stream(values())
                .filter(security -> security.word().equals(word))
                .findFirst()
                .orElseThrow(() -> ToolException.usage(option + " '" + word + "' is not one of "
                        + Arrays.stream(values()).map(Security::word).collect(Collectors.joining(", "))));
    }
}
