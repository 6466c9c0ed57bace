package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.PlannedState;
import dev.kafkapetset.model.ZookeeperConnect;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which ZooKeeper hosts the plan counts as in the cluster: those the port-forwards would reach. */
class KubernetesZooKeeperTest {
    private static final String KAFKA_NAMESPACE = "kafka";

    private final PlannedState state = new PlannedState(ClusterState.EMPTY);

    @Test
    void aPodOrAServiceWithASelectorIsInTheClusterAServiceWithoutOrNothingIsNot() {
        state.put(new PodBuilder().withNewMetadata().withName("zk-0").withNamespace(KAFKA_NAMESPACE).endMetadata().build());
        state.put(service("zookeeper", KAFKA_NAMESPACE, Map.of("app", "zookeeper")));
        state.put(service("outside", KAFKA_NAMESPACE, Map.of()));

        assertTrue(inCluster("zk-0.zookeeper:2181"), "a pod of a headless Service");
        assertTrue(inCluster("zookeeper:2181/kafka"), "a Service that selects pods");
        assertFalse(inCluster("outside:2181"), "a Service in front of servers outside the cluster");
        assertFalse(inCluster("zk-0.zookeeper:2181,nowhere:2181"), "every server must be found");
    }

    @Test
    void theFirstReadingThatFindsSomethingDecidesAsItDoesForThePortForwards() {
        // 'zk-0.zookeeper' reads first as Service zk-0 in namespace zookeeper, then as pod zk-0 here.
        state.put(new PodBuilder().withNewMetadata().withName("zk-0").withNamespace(KAFKA_NAMESPACE).endMetadata().build());
        assertTrue(inCluster("zk-0.zookeeper:2181"));
        state.put(service("zk-0", "zookeeper", Map.of()));
        assertFalse(inCluster("zk-0.zookeeper:2181"), "the selector-less Service found first can't be forwarded to");
    }

    private boolean inCluster(String connect) {
        return KubernetesZooKeeper.inCluster(state, KAFKA_NAMESPACE, ZookeeperConnect.parse(connect));
    }

    private static io.fabric8.kubernetes.api.model.Service service(String name, String namespace, Map<String, String> selector) {
        return new ServiceBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewSpec().withSelector(selector).endSpec().build();
    }
}
