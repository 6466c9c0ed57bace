package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.HttpURLConnection;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code pods/{name}/portforward} the way the API server and kubelet do, with the WebSocket
 * port-forward protocol; hands every other request to the mock server's CRUD dispatcher.
 */
final class PortForwardDispatcher extends Dispatcher {
    private static final Pattern PORT_FORWARD =
            Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/?]+)/portforward\\?(?:.*&)?ports=(\\d+)(?:&.*)?");

    private final Dispatcher crud;
    private volatile StandInController controller;

    PortForwardDispatcher(Dispatcher crud) {
        this.crud = crud;
    }

    /** Connects the port-forwards to the pods this controller runs. */
    void forwardTo(StandInController controller) {
        this.controller = controller;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher portForward = PORT_FORWARD.matcher(request.getPath());
        if (!portForward.matches()) {
            return crud.dispatch(request);
        }
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
                () -> controller.address(namespace, name, port)));
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
        crud.shutdown();
    }

    @Override
    public void releaseResources() {
        crud.releaseResources();
    }
}
