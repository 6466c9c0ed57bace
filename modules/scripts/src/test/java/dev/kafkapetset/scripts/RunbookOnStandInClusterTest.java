package dev.kafkapetset.scripts;

import dev.kafkapetset.testkit.confluent.ConfluentPodRuntime;
import dev.kafkapetset.testkit.kube.StandInCluster;
import dev.kafkapetset.testkit.servers.FreePorts;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The runbook on the stand-in cluster: the Kubernetes API is the fabric8 mock, and its pods are a
 * real ZooKeeper ensemble and real brokers, configured from nothing but the environment the steps
 * wrote into the pod specs ({@link ConfluentPodRuntime}).
 */
class RunbookOnStandInClusterTest extends RunbookScenario {
    private ConfluentPodRuntime runtime;
    private StandInCluster cluster;
    /**
     * Free local ports for the brokers' operator listeners, which the checks port-forward to: five for
     * the first cluster, the sixth for the other cluster's one broker.
     */
    private final int operatorPortBase = FreePorts.consecutive(6);
    private final int otherOperatorPortBase = operatorPortBase + 5;

    @BeforeAll
    void startCluster() {
        runtime = ConfluentPodRuntime.create();
        cluster = StandInCluster.start(runtime);
    }

    @AfterAll
    void stopCluster() {
        try {
            runtime.close();
        } finally {
            cluster.close();
        }
    }

    @Override
    List<String> connection() {
        return List.of("--kubeconfig", cluster.kubeconfig().toString());
    }

    @Override
    List<String> clusterOptions() {
        return List.of("--operator-port-base", Integer.toString(operatorPortBase));
    }

    @Override
    List<String> otherClusterOptions() {
        return List.of("--name", "other", "--zookeeper-replicas", "1", "--operator-port-base",
                Integer.toString(otherOperatorPortBase));
    }

    @Override
    String timeout() {
        return "2m";
    }

    @Override
    StandInCluster standIn() {
        return cluster;
    }
}
