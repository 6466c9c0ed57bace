package dev.kafkapetset.testkit.kube;

import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A watch's WebSocket listener whose closing runs off the server's event loop. The mock's own watch
 * listener, on close, waits (up to a minute) for its sender thread, and that thread may be waiting
 * for the same event loop to finish writing an event: the loop then freezes for the 30 s the write
 * may take, and every connection it serves with it. Closing on another thread lets the write finish.
 */
final class WatchCloser extends ForwardingWebSocketListener {
    private static final ExecutorService CLOSING = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "stand-in-watch-close");
        thread.setDaemon(true);
        return thread;
    });

    WatchCloser(WebSocketListener watch) {
        super(watch);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
        CLOSING.execute(() -> super.onClosing(webSocket, code, reason));
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
        CLOSING.execute(() -> super.onClosed(webSocket, code, reason));
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
        CLOSING.execute(() -> super.onFailure(webSocket, failure, response));
    }
}
