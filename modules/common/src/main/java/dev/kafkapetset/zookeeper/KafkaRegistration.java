package dev.kafkapetset.zookeeper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a ZooKeeper-mode Kafka cluster keeps in ZooKeeper: its id, its controller, and one ephemeral
 * node per live broker under {@code /brokers/ids} with the endpoints it advertises.
 *
 * @param clusterId null until a broker has started once
 * @param controller the controller's broker id, or null when none is elected
 * @param kraftController the controller is a KRaft controller, leading the cluster during a migration off
 *     ZooKeeper: a node of its own, never among the brokers
 * @param acls who may do what on the znodes that say the most about the cluster's protection, by
 *     path ({@link #PROTECTED}), as {@code scheme:id:permissions}; a path absent is left out
 */
public record KafkaRegistration(String clusterId, Integer controller, boolean kraftController, List<Broker> brokers,
        Map<String, List<String>> acls) {
    /**
     * The brokers' registrations, which only Kafka may write, and the SCRAM credentials, which only
     * Kafka may read: with {@code zookeeper.set.acl} they say so.
     */
    static final List<String> PROTECTED = List.of("/brokers/ids", "/config/users");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ANYONE = "world:anyone:";

    public record Broker(int id, List<String> endpoints) {}

    public KafkaRegistration {
        brokers = List.copyOf(brokers);
        acls = Collections.unmodifiableMap(new LinkedHashMap<>(acls));
    }

    /** Reads it through {@code session}, whose connect string carries Kafka's chroot. */
    static KafkaRegistration read(ZooKeeper session) throws KeeperException, InterruptedException {
        JsonNode cluster = readJson(session, "/cluster/id");
        JsonNode controller = readJson(session, "/controller");
        List<Broker> brokers = new ArrayList<>();
        for (String id : children(session, "/brokers/ids")) {
            JsonNode registration = readJson(session, "/brokers/ids/" + id);
            if (registration != null) {
                List<String> endpoints = new ArrayList<>();
                registration.path("endpoints").forEach(endpoint -> endpoints.add(endpoint.asString()));
                brokers.add(new Broker(Integer.parseInt(id), endpoints));
            }
        }
        brokers.sort(Comparator.comparingInt(Broker::id));
        Map<String, List<String>> acls = new LinkedHashMap<>();
        for (String path : PROTECTED) {
            try {
                acls.put(path, session.getACL(path, null).stream().map(KafkaRegistration::describe).toList());
            } catch (KeeperException.NoNodeException absent) {
                // no broker ever ran, or no user was ever made
            }
        }
        return new KafkaRegistration(
                cluster == null ? null : cluster.path("id").asString(null),
                controller == null || !controller.has("brokerid") ? null : controller.get("brokerid").asInt(),
                controller != null && controller.path("kraftControllerEpoch").asInt(-1) >= 0,
                brokers, acls);
    }

    /**
     * The protected znodes anyone may change (ZooKeeper's default, no ACL), or read where only Kafka
     * should (the SCRAM credentials), each with why.
     */
    public List<String> unprotected() {
        List<String> open = new ArrayList<>();
        acls.forEach((path, acl) -> {
            String anyone = acl.stream().filter(entry -> entry.startsWith(ANYONE)).map(entry -> entry.substring(ANYONE.length()))
                    .findFirst().orElse("");
            if (anyone.matches(".*[cdwa].*")) {
                open.add(path + " may be changed by any client (ACL " + String.join(", ", acl) + ")");
            } else if (path.equals("/config/users") && anyone.contains("r")) {
                open.add(path + " (the SCRAM credentials) may be read by any client (ACL " + String.join(", ", acl) + ")");
            }
        });
        return open;
    }

    /** {@code sasl:kafka:cdrwa}, as zookeeper-shell's getAcl shows it in short. */
    private static String describe(ACL acl) {
        StringBuilder permissions = new StringBuilder();
        int perms = acl.getPerms();
        if ((perms & ZooDefs.Perms.CREATE) != 0) {
            permissions.append('c');
        }
        if ((perms & ZooDefs.Perms.DELETE) != 0) {
            permissions.append('d');
        }
        if ((perms & ZooDefs.Perms.READ) != 0) {
            permissions.append('r');
        }
        if ((perms & ZooDefs.Perms.WRITE) != 0) {
            permissions.append('w');
        }
        if ((perms & ZooDefs.Perms.ADMIN) != 0) {
            permissions.append('a');
        }
        return acl.getId().getScheme() + ":" + acl.getId().getId() + ":" + permissions;
    }

    public List<Integer> brokerIds() {
        return brokers.stream().map(Broker::id).toList();
    }

    /**
     * What is wrong against {@code expectedBrokers} brokers with ids 0..n-1 (the StatefulSet's
     * ordinals); with no expectation, only the controller is checked.
     */
    public List<String> problems(Integer expectedBrokers) {
        List<String> problems = new ArrayList<>();
        List<Integer> ids = brokerIds();
        if (expectedBrokers != null) {
            String expected = expectedBrokers == 0 ? "no broker expected"
                    : expectedBrokers == 1 ? "expected broker 0"
                    : "expected brokers 0-" + (expectedBrokers - 1);
            List<Integer> missing = new ArrayList<>();
            for (int id = 0; id < expectedBrokers; id++) {
                if (!ids.contains(id)) {
                    missing.add(id);
                }
            }
            List<Integer> unexpected = ids.stream().filter(id -> id < 0 || id >= expectedBrokers).toList();
            if (!missing.isEmpty()) {
                problems.add(brokers(missing) + (missing.size() == 1 ? " is" : " are") + " not registered ("
                        + expected + ")");
            }
            if (!unexpected.isEmpty()) {
                problems.add(brokers(unexpected) + (unexpected.size() == 1 ? " is" : " are")
                        + " registered but not expected (" + expected + ")");
            }
        }
        if (!ids.isEmpty() && controller == null) {
            problems.add("no controller elected among the registered brokers");
        } else if (controller != null && !kraftController && !ids.contains(controller)) {
            problems.add("the controller, broker " + controller + ", is not registered");
        }
        return problems;
    }

    private static String brokers(List<Integer> ids) {
        return (ids.size() == 1 ? "broker " : "brokers ")
                + String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    static List<String> children(ZooKeeper session, String path) throws KeeperException, InterruptedException {
        try {
            return session.getChildren(path, false);
        } catch (KeeperException.NoNodeException absent) {
            return List.of();
        }
    }

    /** The node's JSON, or null when the node is absent (Kafka never ran, or no controller now). */
    static JsonNode readJson(ZooKeeper session, String path) throws KeeperException, InterruptedException {
        try {
            return JSON.readTree(session.getData(path, false, null));
        } catch (KeeperException.NoNodeException absent) {
            return null;
        }
    }
}
