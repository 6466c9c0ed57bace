package dev.kafkapetset.model;

import dev.kafkapetset.errors.ToolException;
import java.util.Locale;
import java.util.Map;

/**
 * Where the cluster keeps its metadata, through a migration off ZooKeeper (KIP-866): in ZooKeeper;
 * in ZooKeeper while the KRaft controllers take it over (brokers in migration mode, registered with
 * the controllers too, which then lead and write every change back to ZooKeeper); with KRaft-mode
 * brokers ({@code process.roles=broker}, no ZooKeeper) while the controllers still write to
 * ZooKeeper; and finally KRaft alone, the controllers out of migration mode (finalized: no way
 * back). The brokers' StatefulSet records it in annotations, so every later step renders the
 * brokers, and the controllers, the same way.
 *
 * <p>A new cluster can also be made in KRaft mode from the start ({@link #kraftFromStart}): finalized
 * as a migrated one is, but it never had a ZooKeeper.
 *
 * @param controllers how many KRaft controllers vote (their node ids are the brokers' voters); 0 in ZooKeeper mode
 * @param withoutZooKeeper made in KRaft mode: no ZooKeeper to check, keep or tear down
 */
public record Metadata(Mode mode, int controllers, boolean withoutZooKeeper) {
    public static final String ANNOTATION = "kafka-petset/metadata";
    public static final String CONTROLLERS_ANNOTATION = "kafka-petset/controllers";
    /** KRaft-mode brokers set no ZooKeeper address; this keeps it, for a rollback and for the steps that check it. */
    public static final String ZOOKEEPER_ANNOTATION = "kafka-petset/zookeeper";
    public static final Metadata ZOOKEEPER = new Metadata(Mode.ZOOKEEPER, 0, false);

    public enum Mode {
        ZOOKEEPER, MIGRATION, KRAFT_BROKERS, KRAFT;

        public String word() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static Metadata migration(int controllers) {
        return new Metadata(Mode.MIGRATION, controllers, false);
    }

    /** KRaft-mode brokers, still able to go back to ZooKeeper until the controllers are finalized. */
    public static Metadata kraftBrokers(int controllers) {
        return new Metadata(Mode.KRAFT_BROKERS, controllers, false);
    }

    /** KRaft alone: the controllers out of migration mode, ZooKeeper no longer written. */
    public static Metadata kraft(int controllers) {
        return new Metadata(Mode.KRAFT, controllers, false);
    }

    /** A cluster made in KRaft mode: its controllers never ran in migration mode, and there is no ZooKeeper. */
    public static Metadata kraftFromStart(int controllers) {
        return new Metadata(Mode.KRAFT, controllers, true);
    }

    public boolean migrating() {
        return mode == Mode.MIGRATION;
    }

    /** The brokers run in ZooKeeper mode: no migration has touched them, or a rollback has finished. */
    public boolean zooKeeper() {
        return mode == Mode.ZOOKEEPER;
    }

    /** The brokers run in KRaft mode, before finalizing or after. */
    public boolean kraft() {
        return mode == Mode.KRAFT_BROKERS || mode == Mode.KRAFT;
    }

    /** The controllers are out of migration mode: the point of no return is passed. */
    public boolean finalized() {
        return mode == Mode.KRAFT;
    }

    /** The annotations that record it; none in ZooKeeper mode, as StatefulSets made before the choice have none. */
    Map<String, String> annotations() {
        return mode == Mode.ZOOKEEPER ? Map.of()
                : Map.of(ANNOTATION, mode.word(), CONTROLLERS_ANNOTATION, Integer.toString(controllers));
    }

    /**
     * What a StatefulSet's annotations record; ZooKeeper mode without them. KRaft-mode brokers that
     * left a ZooKeeper keep its address in {@link #ZOOKEEPER_ANNOTATION}; those made in KRaft mode have none.
     */
    public static Metadata of(Map<String, String> annotations) {
        String word = annotations == null ? null : annotations.get(ANNOTATION);
        if (word == null) {
            return ZOOKEEPER;
        }
        for (Mode mode : Mode.values()) {
            if (mode.word().equals(word)) {
                try {
                    return new Metadata(mode, Integer.parseInt(annotations.getOrDefault(CONTROLLERS_ANNOTATION, "0")),
                            mode == Mode.KRAFT && !annotations.containsKey(ZOOKEEPER_ANNOTATION));
                } catch (NumberFormatException e) {
                    throw ToolException.failed("annotation " + CONTROLLERS_ANNOTATION + " is not a number: "
                            + annotations.get(CONTROLLERS_ANNOTATION));
                }
            }
        }
        throw ToolException.failed("annotation " + ANNOTATION + " says '" + word + "', which this toolkit does not know");
    }
}
