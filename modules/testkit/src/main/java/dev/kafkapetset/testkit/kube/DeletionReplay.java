package dev.kafkapetset.testkit.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Watches that hear of deletions they started too late to see. The mock server starts a watch by
 * sending what exists, whatever resourceVersion the client asks to watch from, so an informer that
 * listed an object deleted before its watch opened would keep it forever (a wait for a pod to go
 * would never end). The API server replays every event after that version; here each deletion is
 * remembered with a resourceVersion of its own and replayed to watches from an older one.
 */
final class DeletionReplay {
    private static final int REMEMBERED = 10_000;

    private final KubernetesCrudDispatcher crud;
    private final KubernetesAttributesExtractor attributes = new KubernetesAttributesExtractor();
    private final Deque<Tombstone> tombstones = new ConcurrentLinkedDeque<>();

    private record Tombstone(AttributeSet key, GenericKubernetesResource object, long resourceVersion) {}

    DeletionReplay(KubernetesCrudDispatcher crud) {
        this.crud = crud;
    }

    /** Deletes through the CRUD dispatcher, remembering what went. */
    MockResponse delete(RecordedRequest request) {
        List<GenericKubernetesResource> before = objectsAt(request.getPath());
        MockResponse response = crud.dispatch(request);
        Set<String> remaining = objectsAt(request.getPath()).stream().map(DeletionReplay::uid).collect(Collectors.toSet());
        long resourceVersion = crud.requestResourceVersion();
        String path = URI.create(request.getPath()).getPath();
        for (GenericKubernetesResource object : before) {
            if (!remaining.contains(uid(object))) {
                AttributeSet key = attributes.fromResource(Caches.SERIALIZATION.asJson(object));
                if (!key.containsKey(KubernetesAttributesExtractor.PLURAL)) {
                    key = AttributeSet.merge(attributes.fromPath(path), key);
                }
                tombstones.add(new Tombstone(key, object, resourceVersion));
            }
        }
        while (tombstones.size() > REMEMBERED) {
            tombstones.removeFirst();
        }
        return response;
    }

    /** The CRUD dispatcher's watch, told first of the deletions since the resourceVersion it starts from. */
    MockResponse watch(RecordedRequest request) {
        MockResponse watch = crud.dispatch(request);
        long from = resourceVersion(request.getPath());
        if (from <= 0 || watch.getWebSocketListener() == null) {
            return watch;
        }
        AttributeSet query = attributes.fromPath(request.getPath());
        String name = queryParameter(request.getPath(), "fieldSelector");
        if (name != null && name.startsWith("metadata.name=")) {
            query = query.add(new Attribute(KubernetesAttributesExtractor.NAME, name.substring("metadata.name=".length())));
        }
        AttributeSet watched = query;
        List<Tombstone> missed = tombstones.stream()
                .filter(tombstone -> tombstone.resourceVersion() > from && tombstone.key().matches(watched))
                .toList();
        return missed.isEmpty() ? watch : new MockResponse().withWebSocketUpgrade(new Replaying(watch.getWebSocketListener(), missed));
    }

    private List<GenericKubernetesResource> objectsAt(String path) {
        MockResponse response = crud.dispatch(new RecordedRequest("HTTP/1.1", HttpMethod.GET, path, Headers.builder().build(), new Buffer()));
        if (response.code() != HttpURLConnection.HTTP_OK || response.getBody() == null) {
            return List.of();
        }
        String json = response.getBody().readUtf8();
        GenericKubernetesResource object = Caches.SERIALIZATION.unmarshal(json, GenericKubernetesResource.class);
        return object.getKind() != null && object.getKind().endsWith("List")
                ? Caches.SERIALIZATION.unmarshal(json, GenericKubernetesResourceList.class).getItems()
                : List.of(object);
    }

    /** Whether an object of that kind, namespace and name exists now (then the watch's own replay tells of it). */
    private boolean existsAgain(AttributeSet key) {
        List<Attribute> identity = Stream.of(KubernetesAttributesExtractor.PLURAL, KubernetesAttributesExtractor.NAMESPACE,
                        KubernetesAttributesExtractor.NAME)
                .map(key::getAttribute)
                .filter(Objects::nonNull)
                .toList();
        return crud.findResource(new AttributeSet(identity)) != null;
    }

    private static long resourceVersion(String path) {
        String version = queryParameter(path, "resourceVersion");
        try {
            return version == null ? 0 : Long.parseLong(version);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String queryParameter(String path, String name) {
        String query = URI.create(path).getRawQuery();
        if (query == null) {
            return null;
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith(name + "=")) {
                return URLDecoder.decode(parameter.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String uid(GenericKubernetesResource object) {
        return object.getMetadata().getUid();
    }

    /** The mock's watch, with the missed deletions sent after it opens. */
    private final class Replaying extends ForwardingWebSocketListener {
        private final List<Tombstone> missed;

        Replaying(WebSocketListener watch, List<Tombstone> missed) {
            super(watch);
            this.missed = new ArrayList<>(missed);
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            super.onOpen(webSocket, response);
            for (Tombstone tombstone : missed) {
                if (!existsAgain(tombstone.key())) {
                    webSocket.send(Caches.SERIALIZATION.asJson(new WatchEvent(tombstone.object(), "DELETED")));
                }
            }
        }
    }
}
