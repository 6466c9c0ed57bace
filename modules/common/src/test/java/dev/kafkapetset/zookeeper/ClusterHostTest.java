package dev.kafkapetset.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterHostTest {

    @Test
    void aBareNameIsAServiceInKafkasNamespace() {
        assertEquals(List.of(new ClusterHost("zookeeper", null, null)), ClusterHost.interpretations("zookeeper"));
    }

    @Test
    void qualifiedServiceNames() {
        List<ClusterHost> service = List.of(new ClusterHost("zookeeper", null, "data"));
        assertEquals(service, ClusterHost.interpretations("zookeeper.data.svc"));
        assertEquals(service, ClusterHost.interpretations("zookeeper.data.svc.cluster.local"));
        assertEquals(service, ClusterHost.interpretations("ZooKeeper.data.svc.example.org."));
    }

    @Test
    void qualifiedPodNames() {
        List<ClusterHost> pod = List.of(new ClusterHost("zk-hs", "zk-0", "data"));
        assertEquals(pod, ClusterHost.interpretations("zk-0.zk-hs.data.svc.cluster.local"));
        assertEquals(pod, ClusterHost.interpretations("zk-0.zk-hs.data"));
    }

    @Test
    void twoLabelsAreAServiceInANamespaceOrAPodOfAService() {
        assertEquals(List.of(new ClusterHost("zookeeper", null, "data"), new ClusterHost("data", "zookeeper", null)),
                ClusterHost.interpretations("zookeeper.data"));
    }

    @Test
    void addressesAndOutsideNamesAreNotClusterNames() {
        assertEquals(List.of(), ClusterHost.interpretations("10.0.0.12"));
        assertEquals(List.of(), ClusterHost.interpretations("zk.prod.example.com.au"));
        assertEquals(List.of(), ClusterHost.interpretations("svc"));
    }
}
