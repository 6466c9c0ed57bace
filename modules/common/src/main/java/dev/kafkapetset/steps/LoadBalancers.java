package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.LiveState;
import dev.kafkapetset.kube.PerBrokerRecord;
import dev.kafkapetset.kube.PlannedState;
import dev.kafkapetset.kube.Rollout;
import dev.kafkapetset.model.ExternalAccess;
import dev.kafkapetset.model.KafkaCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Load-balanced clusters: each broker advertises the address its own load balancer gets, which is
 * known only once the cluster's load-balancer controller has made it. The steps record the
 * addresses in a ConfigMap before the brokers start (they read their own there) and, when secured,
 * issue each broker a certificate that names its address.
 */
final class LoadBalancers {
    /** A broker reads its address once, as it starts. */
    private static final String ADVERTISED_ONCE_ROLLED = ": a running broker advertises the new one once it restarts (roll)";

    private LoadBalancers() {}

    /**
     * For brokers 0 to {@code brokers} - 1, planned after their external Services: the addresses
     * recorded, and the certificates that must name them, when every load balancer has one; else a
     * wait for them (up to the wait's time-out) that records them then. Nothing without load balancers.
     */
    static List<PlanEntry> plan(ClusterState state, KafkaCluster cluster, int brokers, WaitOptions waiting) {
        if (cluster.spec().externalAccess().filter(ExternalAccess::loadBalancers).isEmpty()) {
            return List.of();
        }
        String namespace = cluster.spec().namespace();
        if (cluster.spec().secured()) {
            // What the certificates are issued from must be there before load balancers are made and waited for.
            new SecretsPlan(cluster, state).requireIssuable(brokers);
        }
        Map<Integer, String> addresses = new TreeMap<>();
        Map<Integer, String> without = new TreeMap<>();
        for (int ordinal = 0; ordinal < brokers; ordinal++) {
            String name = cluster.externalServiceName(ordinal);
            Service live = state.get(Service.class, namespace, name);
            if (live != null && live.getMetadata().getDeletionTimestamp() != null) {
                throw ToolException.failed("service/" + name + " is being deleted (its load balancer with it), and its"
                        + " address goes too: run again once it is gone");
            }
            Optional<String> address = live == null ? Optional.empty() : Rollout.loadBalancerAddress(live);
            if (address.isPresent()) {
                addresses.put(ordinal, address.get());
            } else {
                without.put(ordinal, name);
            }
        }
        Map<Integer, String> recorded = PerBrokerRecord.values(state.get(ConfigMap.class, namespace,
                cluster.externalAddressesName()));
        if (without.isEmpty()) {
            return recorded(state, cluster, brokers, addresses, recorded);
        }
        String then = "record every broker's in configmap/" + cluster.externalAddressesName()
                + (cluster.spec().secured() ? ", and issue each broker a certificate naming its own" : "");
        List<PlanEntry> plan = new ArrayList<>();
        without.keySet().stream().filter(recorded::containsKey).forEach(ordinal -> plan.add(Note.warning("broker " + ordinal
                + "'s load balancer is made again: its address, " + recorded.get(ordinal) + ", changes"
                + ADVERTISED_ONCE_ROLLED)));
        plan.add(new Action("wait", "wait until the load balancer" + (without.size() == 1 ? "" : "s") + " of service/"
                + String.join(", service/", without.values()) + " " + (without.size() == 1 ? "has an address" : "have addresses")
                + " (timeout " + Durations.format(waiting.timeout()) + "), then " + then,
                execution -> {
                    new Rollout(execution.client(), execution.report()).awaitLoadBalancers(namespace,
                            cluster.statefulSetName(), cluster.externalServiceSelector(), List.copyOf(without.values()),
                            waiting.timeout());
                    execution.carryOut(plan(new LiveState(execution.client()), cluster, brokers, waiting));
                }));
        return plan;
    }

    /**
     * The {@code addresses} recorded (over those {@code before}), and (secured) the keystores whose
     * certificates don't name them issued again.
     */
    private static List<PlanEntry> recorded(ClusterState state, KafkaCluster cluster, int brokers,
            Map<Integer, String> addresses, Map<Integer, String> before) {
        ConfigMap record = cluster.generateExternalAddresses(addresses);
        List<PlanEntry> plan = new ArrayList<>(List.of(Apply.change(state, record)));
        plan.addAll(PerBrokerValues.changes(before, addresses, (ordinal, was, now) -> "broker " + ordinal + "'s load"
                + " balancer address changes from " + was + " to " + now + ADVERTISED_ONCE_ROLLED));
        if (cluster.spec().secured()) {
            PlannedState withRecord = new PlannedState(state);
            withRecord.put(record);
            plan.addAll(new SecretsPlan(cluster, withRecord).keystores(brokers));
        }
        return plan;
    }
}
