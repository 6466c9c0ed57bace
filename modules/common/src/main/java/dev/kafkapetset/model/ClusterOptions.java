package dev.kafkapetset.model;

import picocli.CommandLine.Option;

/**
 * The choices that shape a cluster, shared by every step so that each renders the same objects. Each
 * has an environment variable, so a runbook can set it once for all the steps.
 */
public class ClusterOptions {

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "${env:KAFKA_PETSET_NAME:-kafka}",
            description = "Name of the Kafka cluster: its StatefulSet, Service and pods (env KAFKA_PETSET_NAME).")
    String name;

    @Option(names = "--zookeeper", paramLabel = "HOST:PORT[,..][/CHROOT]", defaultValue = "${env:KAFKA_PETSET_ZOOKEEPER}",
            description = "An existing ZooKeeper for the brokers (env KAFKA_PETSET_ZOOKEEPER). Without it they use"
                    + " the toolkit's own ensemble, zookeeper:2181, which deploy-zookeeper deploys.")
    String zookeeper;

    @Option(names = "--zookeeper-replicas", paramLabel = "N",
            defaultValue = "${env:KAFKA_PETSET_ZOOKEEPER_REPLICAS:-3}",
            description = "Servers of the toolkit's own ensemble: 3 keep a quorum with one down"
                    + " (env KAFKA_PETSET_ZOOKEEPER_REPLICAS).")
    int zookeeperReplicas;

    @Option(names = "--zookeeper-image", paramLabel = "IMAGE", defaultValue = "${env:KAFKA_PETSET_ZOOKEEPER_IMAGE:-"
                    + ZookeeperEnsemble.DEFAULT_IMAGE + "}",
            description = "ZooKeeper image of the toolkit's own ensemble (env KAFKA_PETSET_ZOOKEEPER_IMAGE).")
    String zookeeperImage;

    @Option(names = "--zookeeper-storage-size", paramLabel = "QUANTITY",
            defaultValue = "${env:KAFKA_PETSET_ZOOKEEPER_STORAGE_SIZE:-1Gi}",
            description = "Size of each ZooKeeper data and transaction-log volume"
                    + " (env KAFKA_PETSET_ZOOKEEPER_STORAGE_SIZE).")
    String zookeeperStorageSize;

    @Option(names = "--storage-class", paramLabel = "CLASS", defaultValue = "${env:KAFKA_PETSET_STORAGE_CLASS}",
            description = "Storage class that provisions the brokers' volumes; without one, create-volumes"
                    + " makes hostPath volumes as on Minikube (env KAFKA_PETSET_STORAGE_CLASS).")
    String storageClass;

    @Option(names = "--storage-size", paramLabel = "QUANTITY",
            defaultValue = "${env:KAFKA_PETSET_STORAGE_SIZE:-1Gi}",
            description = "Size of each broker's volume (env KAFKA_PETSET_STORAGE_SIZE).")
    String storageSize;

    @Option(names = "--host-path-base", paramLabel = "DIR",
            defaultValue = "${env:KAFKA_PETSET_HOST_PATH_BASE:-/data/kafka-petset}",
            description = "Node directory under which hostPath volumes live; Minikube keeps /data across"
                    + " restarts (env KAFKA_PETSET_HOST_PATH_BASE).")
    String hostPathBase;

    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = "${env:KAFKA_PETSET_IMAGE:-"
                    + KafkaCluster.DEFAULT_IMAGE + "}",
            description = "Kafka image, pinned to a version (env KAFKA_PETSET_IMAGE).")
    String image;

    @Option(names = "--operator-port-base", paramLabel = "PORT",
            defaultValue = "${env:KAFKA_PETSET_OPERATOR_PORT_BASE:-19092}",
            description = "Broker N's operator listener is advertised as 127.0.0.1:PORT+N, for clients that"
                    + " reach it through kubectl port-forward (env KAFKA_PETSET_OPERATOR_PORT_BASE).")
    int operatorPortBase;
}
