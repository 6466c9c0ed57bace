package dev.kafkapetset.model;

import dev.kafkapetset.errors.ToolException;
import java.util.Locale;
import java.util.Map;

/**
 * Where the brokers keep the cluster's metadata: in ZooKeeper, or in ZooKeeper while the KRaft
 * controllers take it over (migration mode, KIP-866: the brokers register with the controllers too,
 * which then lead the cluster and write every change back to ZooKeeper). The brokers' StatefulSet
 * records it in annotations, so every later step renders the brokers the same way.
 *
 * @param controllers how many KRaft controllers vote (their node ids are the brokers' voters); 0 in ZooKeeper mode
 */
public record Metadata(Mode mode, int controllers) {
    public static final String ANNOTATION = "kafka-petset/metadata";
    public static final String CONTROLLERS_ANNOTATION = "kafka-petset/controllers";
    public static final Metadata ZOOKEEPER = new Metadata(Mode.ZOOKEEPER, 0);

    public enum Mode {
        ZOOKEEPER, MIGRATION;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Metadata migration(int controllers) {
        return new Metadata(Mode.MIGRATION, controllers);
    }

    public boolean migrating() {
        return mode == Mode.MIGRATION;
    }

    /** The annotations that record it; none in ZooKeeper mode, as StatefulSets made before the choice have none. */
    Map<String, String> annotations() {
        return mode == Mode.ZOOKEEPER ? Map.of()
                : Map.of(ANNOTATION, mode.word(), CONTROLLERS_ANNOTATION, Integer.toString(controllers));
    }

    /** What a StatefulSet's annotations record; ZooKeeper mode without them. */
    public static Metadata of(Map<String, String> annotations) {
        String word = annotations == null ? null : annotations.get(ANNOTATION);
        if (word == null) {
            return ZOOKEEPER;
        }
        for (Mode mode : Mode.values()) {
            if (mode.word().equals(word)) {
                try {
                    return new Metadata(mode, Integer.parseInt(annotations.getOrDefault(CONTROLLERS_ANNOTATION, "0")));
                } catch (NumberFormatException e) {
                    throw ToolException.failed("annotation " + CONTROLLERS_ANNOTATION + " is not a number: "
                            + annotations.get(CONTROLLERS_ANNOTATION));
                }
            }
        }
        throw ToolException.failed("annotation " + ANNOTATION + " says '" + word + "', which this toolkit does not know");
    }
}
