package dev.kafkapetset.steps;

import dev.kafkapetset.cli.Durations;
import dev.kafkapetset.cli.Report;
import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.kafka.ClusterAdmin;
import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.model.KraftControllers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Rolling KRaft controllers safely, asking the quorum through the KRaft-mode brokers (which forward
 * the question to it): the leader last; a controller restarted only when the other voters caught up
 * with the leader's log still make a majority (else metadata changes would stop); the next only once
 * the restarted one has fetched the leader's log up to where it stood after the restart.
 */
final class ControllerRoll implements RollStep.Members {
    private static final Duration POLL = Duration.ofSeconds(1);
    /** A follower fetches every few hundred milliseconds: one this far behind has stopped. */
    private static final Duration CAUGHT_UP = Duration.ofSeconds(10);

    private final Supplier<KafkaTarget> kafka;
    private final int voters;
    private Integer leader;

    /**
     * @param kafka opens the KRaft-mode brokers, each time the roll asks the quorum
     * @param voters how many controllers vote
     */
    ControllerRoll(Supplier<KafkaTarget> kafka, int voters) {
        this.kafka = kafka;
        this.voters = voters;
    }

    @Override
    public String what() {
        return "KRaft controllers";
    }

    @Override
    public List<Integer> order(List<Integer> ordinals) {
        leader = ask(ClusterAdmin::describeQuorum).leader();
        List<Integer> order = new ArrayList<>(ordinals);
        int leaderOrdinal = leader - KraftControllers.NODE_ID_BASE;
        if (order.remove(Integer.valueOf(leaderOrdinal))) {
            order.add(leaderOrdinal);
        }
        return order;
    }

    @Override
    public String orderReason() {
        return "the quorum's leader, controller " + leader + ", last";
    }

    @Override
    public String checks() {
        return (voters == 1 ? "a single voter: metadata changes pause while it restarts" : "before, a majority of the "
                + voters + " voters is caught up with the leader without it") + "; after, it has caught up again";
    }

    @Override
    public void requireSafeWithout(int ordinal, Duration timeout, Report report) {
        if (voters == 1) {
            // No majority to keep: the brokers serve records meanwhile, and the quorum is back with it.
            return;
        }
        int id = KraftControllers.nodeId(ordinal);
        List<Integer> staying = ask(ClusterAdmin::describeQuorum).caughtUp(CAUGHT_UP, id);
        int majority = voters / 2 + 1;
        if (staying.size() < majority) {
            throw ToolException.failed("restarting controller " + id + " refused: without it only " + staying + " of the "
                    + voters + " voters are caught up, fewer than a majority (" + majority + "); metadata changes would"
                    + " stop. Wait until the others have caught up (the controllers' logs say why not)");
        }
    }

    @Override
    public void awaitWhole(int ordinal, Duration timeout, Report report) {
        int id = KraftControllers.nodeId(ordinal);
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        Long target = null;
        String last = null;
        while (true) {
            String state;
            try {
                ClusterAdmin.Quorum quorum = ask(ClusterAdmin::describeQuorum);
                // Where the leader's log stood once the controller was back: it has caught up when it holds that much.
                target = target == null ? quorum.highWatermark() : target;
                ClusterAdmin.Voter voter = quorum.voters().get(id);
                if (voter != null && voter.logEndOffset() >= target) {
                    report.line("  controller " + id + " caught up with the leader's log (offset " + target + ") after "
                            + Durations.elapsed(Duration.ofNanos(System.nanoTime() - start)));
                    return;
                }
                state = "controller " + id + " is catching up with the leader, controller " + quorum.leader();
            } catch (ToolException unanswered) {
                // The quorum elects a new leader after its leader's restart: no answer meanwhile.
                state = "the quorum does not answer yet (" + unanswered.getMessage() + ")";
            }
            if (!state.equals(last)) {
                report.line("  " + state);
                last = state;
            }
            if (System.nanoTime() > deadline) {
                throw ToolException.failed("timed out after " + Durations.format(timeout) + " with controller " + id
                        + " restarted: " + state + "; run the step again to go on once it has (it skips what is done)");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ToolException.failed("interrupted while controller " + id + " was catching up");
            }
        }
    }

    private <T> T ask(Function<ClusterAdmin, T> question) {
        return BrokerRoll.ask(kafka, question);
    }
}
