package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Failures;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.KubernetesKafka;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.kube.PlannedState;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.smoke.SmokeSettings;
import dev.kafkapetset.zookeeper.KubernetesZooKeeper;
import dev.kafkapetset.zookeeper.ZooKeeperCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole bring-up as a runbook: the deploy steps with the checks between them, each a step an
 * operator could run alone, printed with its result and time. Its plan is its steps' plans in order,
 * each made against the cluster as the steps before it leave it. It stops at the first failure with
 * the reason and what to run next; every step finds what is already in place, so running bring-up
 * again resumes.
 */
public final class BringUpStep implements Step {
    /** How long each ZooKeeper server may take to answer a check. */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final List<Step> steps;
    private final String resume;

    /** @param resume the command line that runs this bring-up again, for the message after a failure */
    public BringUpStep(List<Step> steps, String resume) {
        this.steps = List.copyOf(steps);
        this.resume = resume;
    }

    /**
     * The README's runbook for {@code cluster} with {@code brokers} brokers, in its order: with a
     * ZooKeeper ensemble, or, for a KRaft cluster, with its controllers instead (their readiness, and
     * the brokers', which serve only once registered with them, take the place of ZooKeeper's checks).
     *
     * @param joinZookeeperCluster the Kafka cluster an outside ZooKeeper's root holds that the brokers are
     *     to join, or null ({@link DeployPetsetStep.BrokerChanges#joinZookeeperCluster()})
     */
    public static BringUpStep runbook(KafkaCluster cluster, int brokers, List<String> nodes, KubeOptions kube,
            WaitOptions waiting, SmokeSettings smoke, String joinZookeeperCluster, String resume) {
        String name = cluster.statefulSetName();
        DeployPetsetStep.BrokerChanges changes = new DeployPetsetStep.BrokerChanges(false, false, false,
                joinZookeeperCluster);
        if (cluster.spec().metadata().finalized()) {
            return new BringUpStep(List.of(
                    new CreateVolumesStep(cluster, brokers, nodes),
                    new CreateSecretsStep(cluster, brokers),
                    new DeployControllersStep(cluster, kube, nodes, waiting),
                    new DeployServiceStep(cluster),
                    new DeployPetsetStep(cluster, brokers, changes, kube, waiting),
                    new SmokeProduceStep(() -> KubernetesKafka.open(kube, name), smoke)),
                    resume);
        }
        ZooKeeperCheck.Settings check = new ZooKeeperCheck.Settings(null, CHECK_TIMEOUT);
        return new BringUpStep(List.of(
                new CreateVolumesStep(cluster, brokers, nodes),
                new CreateSecretsStep(cluster, brokers),
                new DeployZookeeperStep(cluster, kube, waiting),
                new CheckZookeeperStep("ZooKeeper at " + cluster.spec().zookeeper() + " has a quorum",
                        () -> KubernetesZooKeeper.open(kube, cluster.spec().zookeeper(), name), check),
                new DeployServiceStep(cluster),
                new DeployPetsetStep(cluster, brokers, changes, kube, waiting),
                new CheckZookeeperStep("every broker is registered in ZooKeeper",
                        () -> KubernetesZooKeeper.open(kube, name), check),
                new SmokeProduceStep(() -> KubernetesKafka.open(kube, name), smoke)),
                resume);
    }

    /** The aliases of its steps, in order. */
    public List<String> aliases() {
        return steps.stream().map(Step::alias).toList();
    }

    @Override
    public String alias() {
        return "bring-up";
    }

    @Override
    public String purpose() {
        return "the whole runbook: every step in order, with the checks between them";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        return sections(state).stream().flatMap(section -> section.entries().stream()).toList();
    }

    /** Each step's plan against the cluster as the steps before it will have left it. */
    @Override
    public List<Plan.Section> sections(ClusterState state) {
        PlannedState planned = new PlannedState(state);
        List<Plan.Section> sections = new ArrayList<>();
        for (Step step : steps) {
            List<PlanEntry> entries = step.plan(planned);
            sections.add(new Plan.Section(step.alias(), step.purpose(), entries));
            Plan.carryInto(planned, entries);
        }
        return sections;
    }

    /** Runs each step in turn, planning it against the cluster as it is by then. */
    @Override
    public void run(Execution execution) {
        Report report = execution.report();
        long started = System.nanoTime();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            report.line(report.styled("bold", "[" + (i + 1) + "/" + steps.size() + "] " + step.alias()) + ": " + step.purpose());
            long start = System.nanoTime();
            try {
                step.run(new Execution(execution.client(), report.nested()));
            } catch (RuntimeException failure) {
                ToolException reason = Failures.classify(failure);
                report.line(report.styled("red", "failed") + " after " + since(start) + ": " + reason.getMessage());
                throw new ToolException(reason.exitCode(), "bring-up stopped at step " + (i + 1) + "/" + steps.size()
                        + " (" + step.alias() + "): " + reason.getMessage() + ". Once that is fixed, run again: "
                        + resume + " (the steps already done find everything in place)", failure);
            }
            report.line(report.styled("green", "done") + " in " + since(start));
        }
        report.line("bring-up complete in " + since(started));
    }

    private static String since(long start) {
        return Durations.elapsed(Duration.ofNanos(System.nanoTime() - start));
    }
}
