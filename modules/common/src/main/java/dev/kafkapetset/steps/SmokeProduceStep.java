package dev.kafkapetset.steps;

import dev.kafkapetset.kafka.KafkaTarget;
import dev.kafkapetset.kube.ClusterState;
import dev.kafkapetset.smoke.SmokeReport;
import dev.kafkapetset.smoke.SmokeRun;
import dev.kafkapetset.smoke.SmokeSettings;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cluster takes writes with acks=all and gives every one back: records produced to a smoke
 * topic, read back and verified. It writes only to a topic of its own.
 */
public final class SmokeProduceStep implements Step {
    private final Supplier<KafkaTarget> target;
    private final SmokeSettings settings;

    /** @param target opens the brokers to test, each time the test runs */
    public SmokeProduceStep(Supplier<KafkaTarget> target, SmokeSettings settings) {
        this.target = target;
        this.settings = settings;
    }

    @Override
    public String alias() {
        return "smoke-produce";
    }

    @Override
    public String purpose() {
        return "the cluster takes writes with acks=all and gives every one back";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        return List.of(Checks.action("check: produce " + settings.count() + " records of " + settings.recordSize()
                + " bytes with acks=all to " + (settings.topic() == null ? "a new topic " + SmokeSettings.TOPIC_PREFIX
                        + "<run id>" : "topic " + settings.topic()) + ", read every one back"
                + (settings.keepTopic() ? ", keep the topic" : ", delete the topic if this run created it"),
                execution -> check()));
    }

    /** Runs the smoke test against the brokers, reached and closed again. */
    public SmokeReport check() throws InterruptedException {
        try (KafkaTarget brokers = target.get()) {
            return SmokeRun.run(brokers, settings);
        }
    }
}
