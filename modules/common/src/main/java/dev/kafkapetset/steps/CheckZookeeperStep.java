package dev.kafkapetset.steps;

import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import dev.kafkapetset.zookeeper.ZooKeeperReport;
import dev.kafkapetset.zookeeper.ZooKeeperTarget;
import java.util.List;
import java.util.function.Supplier;

/**
 * ZooKeeper has exactly one leader and a quorum of followers, and the brokers expected are
 * registered in it. Read only: its plan is the check itself.
 */
public final class CheckZookeeperStep implements Step {
    private final String purpose;
    private final Supplier<ZooKeeperTarget> target;
    private final ZooKeeperCheck.Settings settings;

    /** @param target opens the servers to check, each time the check runs */
    public CheckZookeeperStep(String purpose, Supplier<ZooKeeperTarget> target, ZooKeeperCheck.Settings settings) {
        this.purpose = purpose;
        this.target = target;
        this.settings = settings;
    }

    @Override
    public String alias() {
        return "check-zookeeper";
    }

    @Override
    public String purpose() {
        return purpose;
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        return List.of(Checks.action("check " + purpose + " (read only)", execution -> check()));
    }

    /** Runs the check: the servers are reached, asked, and closed again. */
    public ZooKeeperReport check() throws InterruptedException {
        try (ZooKeeperTarget servers = target.get()) {
            return ZooKeeperCheck.run(servers, settings);
        }
    }
}
