package dev.kafkapetset.smoke;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;

/**
 * Deletes the run's topic if the JVM ends before the run does (Ctrl-C). Registered before the topic
 * is created, so that a signal arriving while Kafka creates it still finds it; the hook deletes the
 * topic only once the creation this run asked for succeeded, never a topic that was there before.
 */
final class TopicCleanUp {
    private final Thread hook;
    private volatile KafkaFuture<Void> creation;

    private TopicCleanUp(SmokeClients clients, String name, Duration timeout) {
        hook = new Thread(() -> {
            KafkaFuture<Void> created = creation;
            if (created == null || !succeeded(created, timeout)) {
                return;
            }
            try (Admin admin = clients.admin()) {
                SmokeTopic.delete(admin, name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "smoke-topic-clean-up");
    }

    static TopicCleanUp register(SmokeClients clients, String name, Duration timeout) {
        TopicCleanUp cleanUp = new TopicCleanUp(clients, name, timeout);
        Runtime.getRuntime().addShutdownHook(cleanUp.hook);
        return cleanUp;
    }

    /** This run asked Kafka to create the topic: if that succeeds, the topic is the run's to delete. */
    void creating(KafkaFuture<Void> creation) {
        this.creation = creation;
    }

    /** The run ended and dealt with its topic itself. */
    void unregister() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs now, and deletes only what this run created
        }
    }

    private static boolean succeeded(KafkaFuture<Void> creation, Duration timeout) {
        try {
            creation.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
