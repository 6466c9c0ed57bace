package dev.kafkapetset.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.PlannedState;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a load-balanced cluster's steps plan before they start brokers, from the Services as they are. */
class LoadBalancersTest {
    private final KafkaCluster cluster = new KafkaCluster(CommandLine.populateCommand(new ClusterOptions(), "--external",
            "loadbalancer", "--security", "plaintext").spec("default"));
    private final WaitOptions waiting = CommandLine.populateCommand(new WaitOptions(), "--timeout", "2m");
    private final PlannedState state = new PlannedState(ClusterState.EMPTY);

    @Test
    void aLoadBalancerMadeAgainIsWaitedForAndTheRollItsNewAddressNeedsIsSaidInThePlan() {
        state.put(cluster.generateExternalAddresses(Map.of(0, "203.0.113.7", 1, "203.0.113.8")));
        state.put(balanced(1, "203.0.113.8"));
        List<PlanEntry> plan = LoadBalancers.plan(state, cluster, 2, waiting);
        assertEquals(Note.warning("broker 0's load balancer is made again: its address, 203.0.113.7, changes: a running"
                + " broker advertises the new one once it restarts (roll)"), plan.get(0));
        Action wait = assertInstanceOf(Action.class, plan.get(1));
        assertEquals("wait until the load balancer of service/kafka-0-external has an address (timeout 2m), then record"
                + " every broker's in configmap/kafka-external-addresses", wait.summary());
        assertEquals(2, plan.size());
    }

    @Test
    void everyAddressKnownIsRecordedAsItIs() {
        state.put(balanced(0, "203.0.113.7"));
        state.put(balanced(1, "kafka-1.elb.example.com"));
        List<PlanEntry> plan = LoadBalancers.plan(state, cluster, 2, waiting);
        ObjectChange record = assertInstanceOf(ObjectChange.class, plan.get(0));
        assertEquals(Map.of("0", "203.0.113.7", "1", "kafka-1.elb.example.com"),
                ((ConfigMap) record.written()).getData());
        assertEquals(1, plan.size());
    }

    @Test
    void aServiceBeingDeletedIsRefusedNotTakenForALiveLoadBalancer() {
        Service leaving = balanced(0, "203.0.113.7");
        leaving.getMetadata().setDeletionTimestamp("2026-12-01T00:00:00Z");
        state.put(leaving);
        ToolException refused = assertThrows(ToolException.class, () -> LoadBalancers.plan(state, cluster, 1, waiting));
        assertEquals("service/kafka-0-external is being deleted (its load balancer with it), and its address goes too:"
                + " run again once it is gone", refused.getMessage());
    }

    @Test
    void aRecordOfAddressesNotOursIsRefusedBeforeAnyWait() {
        ConfigMap foreign = cluster.generateExternalAddresses(Map.of(0, "198.51.100.9"));
        foreign.getMetadata().getLabels().remove("app.kubernetes.io/managed-by");
        state.put(foreign);
        ToolException refused = assertThrows(ToolException.class, () -> LoadBalancers.plan(state, cluster, 1, waiting));
        assertEquals("configmap/kafka-external-addresses exists and was not made by kafka-petset (no"
                + " app.kubernetes.io/managed-by=kafka-petset label): refusing to read it; if it is this cluster's record, label"
                + " it app.kubernetes.io/managed-by=kafka-petset, else remove it (deploy-petset records the values again)",
                refused.getMessage());
    }

    /** Broker {@code ordinal}'s external Service, its load balancer at {@code address}. */
    private Service balanced(int ordinal, String address) {
        boolean ip = address.matches("[0-9.]+");
        return new ServiceBuilder(cluster.externalServices(ordinal, ordinal + 1).get(0)).withNewStatus().withNewLoadBalancer()
                .addNewIngress().withIp(ip ? address : null).withHostname(ip ? null : address).endIngress()
                .endLoadBalancer().endStatus().build();
    }
}
