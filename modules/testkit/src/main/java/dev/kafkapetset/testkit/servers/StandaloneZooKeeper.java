package dev.kafkapetset.testkit.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.curator.test.TestingServer;

/** A real standalone ZooKeeper server on a free local port, in this JVM. */
public final class StandaloneZooKeeper implements AutoCloseable {
    private final TestingServer server;
    private final FourLetterWords words;

    private StandaloneZooKeeper(TestingServer server, FourLetterWords words) {
        this.server = server;
        this.words = words;
    }

    public static StandaloneZooKeeper start() {
        return start(FourLetterWords.ALL);
    }

    public static StandaloneZooKeeper start(FourLetterWords words) {
        TestingServer server;
        try {
            server = new TestingServer(true);
        } catch (Exception e) {
            throw new IllegalStateException("ZooKeeper did not start", e);
        }
        words.apply();
        return new StandaloneZooKeeper(server, words);
    }

    public int port() {
        return server.getPort();
    }

    /** {@code 127.0.0.1:port}, as a client or {@code --zookeeper} takes it. */
    public String connectString() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (words != FourLetterWords.ALL) {
                FourLetterWords.ALL.apply();
            }
        }
    }
}
