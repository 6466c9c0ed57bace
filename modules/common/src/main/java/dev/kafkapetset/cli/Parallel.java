package dev.kafkapetset.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Questions asked at once, each on a thread of its own: the checks spend their time waiting on
 * port-forwards and servers, not computing. Closing it interrupts what is still running, so an early
 * answer or a failure leaves nothing behind.
 */
public final class Parallel implements AutoCloseable {
    // Cached, not fixed: a question may start questions of its own and wait for them.
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "kafka-petset-parallel");
        thread.setDaemon(true);
        return thread;
    });

    public <T> Future<T> start(Callable<T> question) {
        return threads.submit(question);
    }

    /** The answer, waiting for it; a failure is thrown as it was thrown in the question. */
    public static <T> T answer(Future<T> question) throws InterruptedException {
        try {
            return question.get();
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            throw new IllegalStateException(failure.toString(), failure);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
