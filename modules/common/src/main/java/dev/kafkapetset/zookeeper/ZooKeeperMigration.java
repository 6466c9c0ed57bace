package dev.kafkapetset.zookeeper;

import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import tools.jackson.databind.JsonNode;

/**
 * What Kafka's znodes say of a ZooKeeper-to-KRaft migration (KIP-866). Every KRaft controller in
 * migration mode makes {@code /migration} when it starts, with {@code kraft_metadata_offset} -1;
 * once every broker has registered with the quorum, the active controller claims {@code /controller}
 * (its {@code kraftControllerEpoch} says a KRaft controller holds it) and copies the metadata, after
 * which the offset is that of the KRaft log it has written back to ZooKeeper (dual write).
 *
 * @param clusterId the cluster's id in {@code /cluster/id}, or null before any broker started
 * @param controller the id in {@code /controller}, or null when no controller holds it
 * @param kraftController whether that controller is a KRaft one
 * @param migratedOffset {@code /migration}'s {@code kraft_metadata_offset}, or null when no controller made it
 * @param controllerEpoch {@code /controller_epoch}: one more at each election of a controller, ZooKeeper's or KRaft's
 * @param zooKeeperBrokers the ids in {@code /brokers/ids}: brokers in ZooKeeper or migration mode (a KRaft-mode
 *     broker registers with the controllers only), sorted
 */
public record ZooKeeperMigration(String clusterId, Integer controller, boolean kraftController, Long migratedOffset,
        int controllerEpoch, List<Integer> zooKeeperBrokers) {

    static ZooKeeperMigration read(ZooKeeper session) throws KeeperException, InterruptedException {
        JsonNode cluster = KafkaRegistration.readJson(session, "/cluster/id");
        JsonNode controller = KafkaRegistration.readJson(session, "/controller");
        JsonNode migration = KafkaRegistration.readJson(session, "/migration");
        JsonNode epoch = KafkaRegistration.readJson(session, "/controller_epoch");
        return new ZooKeeperMigration(
                cluster == null ? null : cluster.path("id").asString(null),
                controller == null || !controller.has("brokerid") ? null : controller.get("brokerid").asInt(),
                controller != null && controller.path("kraftControllerEpoch").asInt(-1) >= 0,
                migration == null ? null : migration.path("kraft_metadata_offset").asLong(-1),
                epoch == null ? 0 : epoch.asInt(0),
                KafkaRegistration.children(session, "/brokers/ids").stream().map(Integer::valueOf).sorted().toList());
    }

    /** A KRaft controller in migration mode has reached this ZooKeeper. */
    public boolean controllersArrived() {
        return migratedOffset != null;
    }

    /** The metadata is copied into the KRaft log, and every change is written back (dual write). */
    public boolean metadataMigrated() {
        return kraftController && migratedOffset != null && migratedOffset > 0;
    }
}
