package dev.kafkapetset.testkit.kube;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The writes that the toolkit's clients (scripts, steps) send to the stand-in API server, each as
 * the verb and the object kubectl would name: {@code create persistentvolume/default-data-kafka-0},
 * {@code update statefulset.apps/kafka}, {@code update statefulset.apps/kafka/scale},
 * {@code delete service/kafka}. The toolkit's clients are known by their user agent; the stand-in's
 * own controllers and the test's client are not logged.
 */
final class WriteLog {
    /** {@code /api/v1[/namespaces/ns]/plural[/name[/subresource]]} or {@code /apis/group/version/...}. */
    private static final Pattern PATH = Pattern.compile(
            "/(?:api/v1|apis/([^/]+)/[^/]+)(?:/namespaces/[^/]+)?/([a-z]+)(?:/([^/?]+))?(?:/([a-z]+))?(?:\\?.*)?");

    private final String userAgent;
    private final List<String> writes = new ArrayList<>();

    /** Logs the writes of clients whose user agent starts with {@code userAgent}. */
    WriteLog(String userAgent) {
        this.userAgent = userAgent;
    }

    void record(RecordedRequest request) {
        HttpMethod method = request.method();
        if (method != HttpMethod.POST && method != HttpMethod.PUT && method != HttpMethod.PATCH
                && method != HttpMethod.DELETE || !String.valueOf(request.getHeader("User-Agent")).startsWith(userAgent)) {
            return;
        }
        Matcher path = PATH.matcher(request.getPath());
        if (!path.matches()) {
            return;
        }
        String plural = path.group(2);
        // As kubectl names a kind: networkpolicies -> networkpolicy, statefulsets -> statefulset.
        String singular = plural.endsWith("ies") ? plural.substring(0, plural.length() - 3) + "y"
                : plural.substring(0, plural.length() - 1);
        String kind = singular + (path.group(1) == null ? "" : "." + path.group(1));
        String name = path.group(3) != null ? path.group(3) : nameInBody(request);
        String verb = switch (method) {
            case POST -> "create";
            case PUT -> "update";
            case PATCH -> "patch";
            default -> "delete";
        };
        synchronized (writes) {
            writes.add(verb + " " + kind + "/" + name + (path.group(4) == null ? "" : "/" + path.group(4)));
        }
    }

    private static String nameInBody(RecordedRequest request) {
        // getBytes leaves the body for the dispatcher; reading it would consume it.
        JsonNode body = Caches.SERIALIZATION.unmarshal(new String(request.getBody().getBytes(), StandardCharsets.UTF_8),
                JsonNode.class);
        return body.path("metadata").path("name").asString("?").toLowerCase(Locale.ROOT);
    }

    List<String> writes() {
        synchronized (writes) {
            return List.copyOf(writes);
        }
    }

    void clear() {
        synchronized (writes) {
            writes.clear();
        }
    }
}
