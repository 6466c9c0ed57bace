package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.testkit.kube.StandInCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The README's runbook, end to end, on one cluster: {@code bring-up} through the catalog as an
 * operator runs it, then every step of it again one by one (each finds its work done, each check
 * healthy), then 3 brokers to 5 and back to 3, the scale-down refused while the leaving brokers hold
 * replicas and done with {@code --reassign}, the checks passing after each change. Subclasses say
 * which cluster: the stand-in one, or a real one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class RunbookScenario {
    /** The topic the smoke test keeps at 5 brokers, so that brokers 3 and 4 hold replicas of it. */
    static final String KEPT_TOPIC = "runbook-kept";
    private static final Pattern SMOKE_TOPIC = Pattern.compile(
            "(\\d+) partitions, replication factor (\\d+), min.insync.replicas (\\d+)\n");

    /** {@code --kubeconfig} and whatever else every step needs to find this cluster. */
    abstract List<String> connection();

    /** The options that shape the cluster, the same for every step (as the README's env vars make them). */
    abstract List<String> clusterOptions();

    /** How long a step may wait for pods: {@code --timeout}. */
    abstract String timeout();

    /** The options of a second, smaller cluster named "other" beside the first, in the same namespace. */
    abstract List<String> otherClusterOptions();

    /** The stand-in cluster, whose writes each step's plan is checked against; null for a real cluster. */
    StandInCluster standIn() {
        return null;
    }

    /**
     * The objects bring-up makes for the cluster: 9 volumes, the ensemble's 2 Services, StatefulSet
     * and budget, the brokers' Service, StatefulSet and budget.
     */
    int clusterObjects() {
        return 16;
    }

    @Test
    @Order(1)
    void bringUpThroughTheCatalogRunsEveryStepAndCheckAsItsPlanSays() {
        List<String> command = args("bring-up@catalog", "--replicas", "3", "--smoke-count", "300", "--timeout", timeout());
        Jbang.Result result;
        if (standIn() == null) {
            result = Jbang.launcher().run(command.toArray(String[]::new));
            assertEquals(0, result.exitCode(), result::toString);
        } else {
            PlanAndRun.Outcome outcome = PlanAndRun.check(standIn(), all -> Jbang.launcher().run(all.toArray(String[]::new)),
                    Jbang.Result::exitCode, Jbang.Result::out, command);
            assertEquals(clusterObjects(), outcome.written().size(), () -> "every object of the cluster created: "
                    + outcome.written());
            result = (Jbang.Result) outcome.run();
        }
        List<String> steps = List.of("create-volumes", "create-secrets", "deploy-zookeeper", "check-zookeeper", "deploy-service",
                "deploy-petset", "check-zookeeper", "smoke-produce");
        int from = 0;
        for (int i = 0; i < steps.size(); i++) {
            String heading = "[" + (i + 1) + "/8] " + steps.get(i) + ": ";
            from = result.out().indexOf(heading, from);
            assertTrue(from >= 0, () -> heading + " missing or out of order:\n" + result);
        }
        assertTrue(result.out().contains("  3 servers: 1 leader, 2 following; quorum needs 2\n"), result::toString);
        assertTrue(result.out().contains("  3 of 3 expected brokers registered\n"), result::toString);
        assertTrue(result.out().contains("bring-up complete in "), result::toString);
    }

    @Test
    @Order(2)
    void eachStepRunAgainFindsItsWorkDone() {
        assertUnchanged(step("create-volumes", "--replicas", "3"));
        assertUnchanged(step("deploy-zookeeper", "--timeout", timeout()));
        assertQuorumAndBrokers(3);
        assertUnchanged(step("deploy-service"));
        assertUnchanged(step("deploy-petset", "--replicas", "3", "--timeout", timeout()));
        assertQuorumAndBrokers(3);
        assertSmokeTestPasses(3);
    }

    @Test
    @Order(3)
    void scalingUpToFiveBrokersCreatesTheirVolumesAndTheChecksSeeThem() {
        Script.Result scaled = plannedStep("scale", "--replicas", "5", "--timeout", timeout());
        assertTrue(scaled.out().contains("replicas 3 -> 5\n"), scaled::toString);
        assertTrue(scaled.out().contains("statefulset/kafka ready: 5/5 pods"), scaled::toString);
        assertQuorumAndBrokers(5);
        // Kept, so that the brokers about to leave hold replicas.
        assertSmokeTestPasses(5, "--topic", KEPT_TOPIC, "--keep-topic");
    }

    @Test
    @Order(4)
    void scalingDownIsRefusedWhileTheLeavingBrokersHoldReplicas() {
        Script.Result refused = step("scale", "--replicas", "3", "--timeout", timeout());
        assertEquals(1, refused.exitCode(), refused::toString);
        assertTrue(refused.out().startsWith("brokers 3, 4 hold replicas of "), refused::toString);
        assertTrue(refused.out().contains("\"topic\" : \"" + KEPT_TOPIC + "\""), refused::toString);
        assertTrue(refused.err().startsWith("error: scale-down refused: brokers 3, 4 still hold replicas of "),
                refused::toString);
        assertQuorumAndBrokers(5);
    }

    @Test
    @Order(5)
    void reassignMovesTheReplicasThenScalesDownAndEveryCheckPasses() {
        Script.Result moved = plannedStep("scale", "--replicas", "3", "--reassign", "--timeout", timeout());
        assertTrue(moved.out().startsWith("reassigning "), moved::toString);
        assertTrue(moved.out().contains("replicas 5 -> 3\n"), moved::toString);
        assertQuorumAndBrokers(3);
        assertSmokeTestPasses(3);
        Script.Result again = step("scale", "--replicas", "3", "--timeout", timeout());
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.out().contains("statefulset.apps/kafka unchanged (3 replicas)\n"), again::toString);
        Script.Result status = step("status");
        assertEquals(0, status.exitCode(), status::toString);
        assertTrue(status.out().contains("  under-replicated partitions: none\n"), status::toString);
    }

    @Test
    @Order(6)
    void aSecondClusterBesideTheFirstHasItsOwnZookeeperAndGoesWithoutTouchingTheFirst() {
        Script.Result up = other("bring-up", "--replicas", "1", "--smoke-count", "100", "--timeout", timeout());
        assertEquals(0, up.exitCode(), up::toString);
        assertTrue(up.out().contains("\n    statefulset.apps/other-zookeeper created\n"), up::toString);
        Script.Result otherSmoke = Script.run("smoke-produce", withConnection("--name", "other", "--count", "100"));
        assertEquals(0, otherSmoke.exitCode(), otherSmoke::toString);
        assertTrue(otherSmoke.out().contains("1 broker alive"), otherSmoke::toString);
        assertSmokeTestPasses(3);

        Script.Result down = other("teardown", "--delete-data", "--yes", "--timeout", timeout());
        assertEquals(0, down.exitCode(), down::toString);
        assertTrue(down.out().contains("statefulset.apps/other-zookeeper deleted\n"), down::toString);
        assertTrue(down.out().lines().filter(line -> line.endsWith(" deleted"))
                .allMatch(line -> line.contains("other")), () -> "only the other cluster's objects: " + down);
        assertQuorumAndBrokers(3);
        assertSmokeTestPasses(3);
        Script.Result status = step("status");
        assertEquals(0, status.exitCode(), status::toString);
    }

    /** A step of the other cluster, run in this JVM. */
    private Script.Result other(String script, String... options) {
        List<String> args = new ArrayList<>(connection());
        args.addAll(otherClusterOptions());
        args.addAll(List.of(options));
        return Script.run(script, args.toArray(String[]::new));
    }

    private String[] withConnection(String... options) {
        List<String> args = new ArrayList<>(connection());
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    void assertQuorumAndBrokers(int brokers) {
        Script.Result check = step("check-zookeeper");
        assertEquals(0, check.exitCode(), check::toString);
        assertTrue(check.out().contains("  3 servers: 1 leader, 2 following; quorum needs 2\n"), check::toString);
        assertTrue(check.out().contains("  " + brokers + " of " + brokers + " expected brokers registered\n"),
                check::toString);
    }

    private void assertSmokeTestPasses(int brokers, String... options) {
        List<String> args = new ArrayList<>(List.of("--count", "300"));
        args.addAll(List.of(options));
        Script.Result smoke = step("smoke-produce", args.toArray(String[]::new));
        assertEquals(0, smoke.exitCode(), smoke::toString);
        Matcher topic = SMOKE_TOPIC.matcher(smoke.out());
        assertTrue(topic.find(), smoke::toString);
        assertTrue(Integer.parseInt(topic.group(1)) >= brokers, smoke::toString);
        assertEquals(Math.min(3, brokers), Integer.parseInt(topic.group(2)), smoke::toString);
        assertTrue(smoke.out().endsWith("healthy\n"), smoke::toString);
    }

    private static void assertUnchanged(Script.Result result) {
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().lines().noneMatch(line -> line.endsWith(" created") || line.endsWith(" updated")),
                result::toString);
        assertTrue(result.out().contains(" unchanged"), result::toString);
    }

    /**
     * A step run in this JVM after its dry run, on the stand-in cluster with its writes checked
     * against the plan; on a real cluster, only run.
     */
    Script.Result plannedStep(String script, String... options) {
        if (standIn() == null) {
            Script.Result result = step(script, options);
            assertEquals(0, result.exitCode(), result::toString);
            return result;
        }
        List<String> args = args(script, options);
        return (Script.Result) PlanAndRun.check(standIn(), all -> Script.run(script, all.toArray(String[]::new)),
                Script.Result::exitCode, Script.Result::out, args.subList(1, args.size())).run();
    }

    /** A step run in this JVM. */
    Script.Result step(String script, String... options) {
        List<String> args = args(script, options);
        return Script.run(script, args.subList(1, args.size()).toArray(String[]::new));
    }

    /**
     * {@code script} then its arguments: the connection, the cluster's options for a step that
     * shapes the cluster (the checks read what they need from the StatefulSet), then {@code options}.
     */
    List<String> args(String script, String... options) {
        List<String> all = new ArrayList<>(List.of(script));
        all.addAll(connection());
        if (!script.startsWith("check-zookeeper") && !script.startsWith("smoke-produce")) {
            all.addAll(clusterOptions());
        }
        all.addAll(List.of(options));
        return all;
    }
}
