package dev.kafkapetset.smoke;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.errors.ToolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The topic a smoke run writes into. It writes only into topics of its own: one it creates in
 * this run, or an existing one whose name says it is a smoke topic ({@value SmokeSettings#TOPIC_PREFIX}...),
 * kept by an earlier run. It never writes into any other topic, and deletes only a topic it created.
 *
 * @param created whether this run created it, and so may delete it
 * @param partitions its partitions as the producer sees them, in order
 */
record SmokeTopic(String name, boolean created, List<PartitionInfo> partitions, int minInsyncReplicas) {

    int replicationFactor() {
        return partitions.get(0).replicas().length;
    }

    /**
     * Creates topic {@code name} as {@code plan} says, or takes the existing one if it is a smoke
     * topic; refuses any other existing topic before writing anything into it.
     */
    static SmokeTopic open(Admin admin, KafkaProducer<byte[], byte[]> producer, String name, TopicPlan plan,
            ReachedCluster cluster, Duration timeout, Consumer<KafkaFuture<Void>> creating) throws InterruptedException {
        boolean created = !exists(admin, name, timeout);
        if (!created && !name.startsWith(SmokeSettings.TOPIC_PREFIX)) {
            throw ToolException.usage("topic " + name + " exists and is not a smoke topic: smoke-produce writes only into"
                    + " topics of its own, a new one, or one whose name starts with " + SmokeSettings.TOPIC_PREFIX
                    + "; choose such a --topic, or one that does not exist");
        }
        if (created) {
            created = create(admin, name, plan, cluster, timeout, creating);
        }
        List<PartitionInfo> partitions = partitions(producer, name, timeout);
        int minInsyncReplicas = created ? plan.minInsyncReplicas() : minInsyncReplicas(admin, name);
        return new SmokeTopic(name, created, partitions, minInsyncReplicas);
    }

    private static boolean exists(Admin admin, String name, Duration timeout) throws InterruptedException {
        try {
            admin.describeTopics(List.of(name)).allTopicNames().get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw refused("describing topic " + name, e, timeout);
        }
    }

    /**
     * Creates the topic, telling {@code creating} as soon as it is asked for; false when it turned out
     * to exist already (created meanwhile by another run).
     */
    private static boolean create(Admin admin, String name, TopicPlan plan, ReachedCluster cluster, Duration timeout,
            Consumer<KafkaFuture<Void>> creating) throws InterruptedException {
        if (cluster.alive().size() < plan.minInsyncReplicas()) {
            throw ToolException.failed("not enough brokers for replication factor " + plan.replicationFactor()
                    + " with min.insync.replicas " + plan.minInsyncReplicas() + ": only " + cluster.alive().size()
                    + " alive (" + ids(cluster.aliveIds()) + ")");
        }
        NewTopic topic = new NewTopic(name, plan.assignment())
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(plan.minInsyncReplicas())));
        try {
            KafkaFuture<Void> creation = admin.createTopics(List.of(topic)).all();
            creating.accept(creation);
            creation.get();
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException && name.startsWith(SmokeSettings.TOPIC_PREFIX)) {
                return false;
            }
            throw refused("creating topic " + name, e, timeout);
        }
    }

    /**
     * Kafka's reason, or, when a broker answered but the work never finished, the likeliest cause:
     * in ZooKeeper mode the controller needs ZooKeeper for every change.
     */
    private static ToolException refused(String what, ExecutionException e, Duration timeout) {
        if (e.getCause() instanceof TimeoutException) {
            return ToolException.failed(what + " did not complete within " + Durations.format(timeout) + ": the brokers"
                    + " answer, but the change was not made; in ZooKeeper mode that is most often ZooKeeper down or"
                    + " without a quorum (check-zookeeper tells)");
        }
        return ToolException.failed(what + " was refused: " + e.getCause().getMessage());
    }

    /**
     * The topic's partitions, once the producer's metadata has them: a broker answers creation before
     * all the others know the topic, and this is the client's own wait for that.
     */
    private static List<PartitionInfo> partitions(KafkaProducer<byte[], byte[]> producer, String name, Duration timeout) {
        try {
            List<PartitionInfo> partitions = new ArrayList<>(producer.partitionsFor(name));
            partitions.sort(Comparator.comparingInt(PartitionInfo::partition));
            return partitions;
        } catch (TimeoutException e) {
            throw ToolException.failed("topic " + name + " did not show in the brokers' metadata within "
                    + Durations.format(timeout) + "; is it being deleted? (" + e.getMessage() + ")");
        }
    }

    private static int minInsyncReplicas(Admin admin, String name) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        try {
            return Integer.parseInt(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
        } catch (ExecutionException e) {
            throw ToolException.failed("reading the configuration of topic " + name + " failed: "
                    + e.getCause().getMessage());
        }
    }

    /** A reused topic may be smaller than this cluster deserves: what that leaves untested. */
    List<String> reuseNotes(TopicPlan plan) {
        List<String> notes = new ArrayList<>();
        if (created) {
            return notes;
        }
        notes.add("reused the existing topic " + name);
        if (partitions.size() < plan.partitions()) {
            notes.add("topic " + name + " has " + partitions.size() + " partitions for " + plan.partitions()
                    + " brokers, so some brokers lead none of them; delete it to have it made anew");
        }
        if (replicationFactor() < plan.replicationFactor()) {
            notes.add("topic " + name + " is replicated " + replicationFactor() + " times, fewer than the "
                    + plan.replicationFactor() + " this cluster allows; delete it to have it made anew");
        }
        return notes;
    }

    /** The brokers holding its replicas. */
    List<Integer> replicaBrokers() {
        TreeSet<Integer> brokers = new TreeSet<>();
        partitions.forEach(partition -> Arrays.stream(partition.replicas()).forEach(node -> brokers.add(node.id())));
        return List.copyOf(brokers);
    }

    /**
     * Fails before sending when a partition can't take acks=all writes, naming it and why; returns
     * how many partitions are under-replicated but still writable.
     */
    int requireWritable(ReachedCluster cluster, Collection<Integer> down) {
        int underReplicated = 0;
        for (PartitionInfo partition : partitions) {
            String partitionName = name + "-" + partition.partition();
            List<Integer> replicas = nodeIds(partition.replicas());
            List<Integer> inSync = nodeIds(partition.inSyncReplicas());
            Node leader = partition.leader();
            if (leader == null || leader.isEmpty()) {
                throw ToolException.failed("partition " + partitionName + " has no leader: its replicas (broker "
                        + ids(replicas) + ") are " + (down.containsAll(replicas) ? "down" : "out of sync"));
            }
            if (!cluster.aliveIds().contains(leader.id())) {
                throw ToolException.failed("partition " + partitionName + " is led by broker " + leader.id()
                        + ", which is not alive");
            }
            if (inSync.size() < minInsyncReplicas) {
                throw ToolException.failed("partition " + partitionName + " has " + inSync.size() + " replica(s) in sync"
                        + " (broker " + ids(inSync) + " of " + ids(replicas) + "), fewer than min.insync.replicas "
                        + minInsyncReplicas + ": acks=all writes would be refused");
            }
            if (inSync.size() < replicas.size()) {
                underReplicated++;
            }
        }
        return underReplicated;
    }

    /** Deletes the topic if this run created it; returns why it is still there, or null when it is gone. */
    static String delete(Admin admin, String name) throws InterruptedException {
        try {
            admin.deleteTopics(List.of(name)).all().get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        }
    }

    private static List<Integer> nodeIds(Node[] nodes) {
        return nodes == null ? List.of() : Arrays.stream(nodes).map(Node::id).toList();
    }

    static String ids(Collection<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
