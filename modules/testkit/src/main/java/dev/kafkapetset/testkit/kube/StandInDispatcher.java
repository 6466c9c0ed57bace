package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;
import java.net.HttpURLConnection;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock server's dispatcher in CRUD mode (recorded expectations first, then the CRUD store), with
 * what the API server does and the mock lacks: {@code pods/{name}/portforward} with the WebSocket
 * port-forward protocol, and watches that replay the deletions they started too late to see.
 */
final class StandInDispatcher extends Dispatcher {
    private static final Pattern WATCH = Pattern.compile("[?&]watch=(true|1)(&|$)");
    private static final Pattern PORT_FORWARD =
            Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/portforward\\?(?:.*&)?ports=(\\d+)(?:&.*)?");

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher expected;
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final DeletionReplay deletions = new DeletionReplay(crud);
    private final WriteLog writes;
    private volatile StandInController controller;

    StandInDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations, WriteLog writes) {
        this.expectations = expectations;
        this.expected = new MockDispatcher(expectations);
        this.writes = writes;
    }

    /** Connects the port-forwards to the pods this controller runs. */
    void forwardTo(StandInController controller) {
        this.controller = controller;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        writes.record(request);
        Queue<ServerResponse> expectation = expectations.get(new SimpleRequest(request.method(), request.getPath()));
        if (expectation != null && !expectation.isEmpty()) {
            return expected.dispatch(request);
        }
        Matcher portForward = PORT_FORWARD.matcher(request.getPath());
        if (portForward.matches()) {
            return portForward(request, portForward);
        }
        if (request.method() == HttpMethod.DELETE) {
            return deletions.delete(request);
        }
        if (request.method() == HttpMethod.GET && WATCH.matcher(request.getPath()).find()) {
            MockResponse watch = deletions.watch(request);
            WebSocketListener listener = watch.getWebSocketListener();
            return listener == null ? watch : watch.withWebSocketUpgrade(new WatchCloser(listener));
        }
        return crud.dispatch(request);
    }

    private MockResponse portForward(RecordedRequest request, Matcher portForward) {
        String namespace = portForward.group(1);
        String name = portForward.group(2);
        int port = Integer.parseInt(portForward.group(3));
        Pod pod = controller == null ? null : controller.cachedPod(namespace, name);
        if (pod == null) {
            return failure(HttpURLConnection.HTTP_NOT_FOUND, "NotFound", "pods \"" + name + "\" not found");
        }
        String upgrade = request.getHeader("Upgrade");
        if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
            return failure(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "Upgrade request required");
        }
        if (!controller.isRunning(namespace, name)) {
            return failure(HttpURLConnection.HTTP_BAD_REQUEST, "BadRequest", "unable to upgrade connection: container not found (\""
                    + pod.getSpec().getContainers().get(0).getName() + "\")");
        }
        return new MockResponse().withWebSocketUpgrade(new PortForwardBridge(pod, port,
                () -> controller.address(namespace, name, port), !controller.forwardsStalled(name)));
    }

    private static MockResponse failure(int code, String reason, String message) {
        Status status = new StatusBuilder()
                .withStatus("Failure")
                .withCode(code)
                .withReason(reason)
                .withMessage(message)
                .build();
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(Caches.SERIALIZATION.asJson(status));
    }

    @Override
    public void shutdown() {
        expected.shutdown();
        crud.shutdown();
    }

    @Override
    public void releaseResources() {
        expected.releaseResources();
        crud.releaseResources();
    }
}
