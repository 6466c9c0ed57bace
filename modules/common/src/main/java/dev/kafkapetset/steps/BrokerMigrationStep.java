package dev.kafkapetset.steps;

import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.KafkaCluster;
import java.util.function.Supplier;

/** A step of leaving ZooKeeper that checks or rolls the brokers: how it reaches their ZooKeeper and them. */
abstract class BrokerMigrationStep implements Step {
    protected final KafkaCluster cluster;
    protected final KubeOptions kube;
    protected final Supplier<KafkaTarget> kafka;
    protected final WaitOptions waiting;

    /**
     * @param kube reaches ZooKeeper through port-forwards
     * @param kafka opens the brokers for the checks: through port-forwards, or at --bootstrap-servers
     */
    BrokerMigrationStep(KafkaCluster cluster, KubeOptions kube, Supplier<KafkaTarget> kafka, WaitOptions waiting) {
        this.cluster = cluster;
        this.kube = kube;
        this.kafka = kafka;
        this.waiting = waiting;
    }
}
