package io.ovnbgp.e2e.harness;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fabric8's CRUD dispatcher with a watch history that can be compacted, as kube-apiserver's is: a watch from a
 * resourceVersion older than the last {@link #compact()} is answered {@code 410 Gone} ("too old resource version", in an ERROR event),
 * so that the client lists again. Without it the mock server cannot tell a client that comes back after a while
 * what was deleted meanwhile: it answers any watch with the objects that exist now and nothing else, where a real
 * API server replays the events since that version from its watch cache or, when they are older than the cache
 * reaches (always after a restart of the API server), answers 410.
 */
final class CompactingCrudDispatcher extends KubernetesCrudDispatcher {
    private static final Pattern RESOURCE_VERSION = Pattern.compile("[?&]resourceVersion=(\\d+)");
    /** A list's own resourceVersion, as the mock writes it (the composer's format). */
    private static final Pattern LIST_VERSION =
            Pattern.compile("\"kind\":\"List\".*\"metadata\": \\{\"resourceVersion\": \"(\\d+)\"", Pattern.DOTALL);

    /** Watches from a resourceVersion below this are refused; 0: none. */
    private volatile long horizon;
    /**
     * "path@resourceVersion" of the lists answered since the compaction: the mock gives a list the version of its
     * newest item, which may be older than the horizon, where a real server gives the current one; a watch from a
     * list made after the compaction is not refused, or the client would list for ever.
     */
    private final Set<String> listedSince = ConcurrentHashMap.newKeySet();

    /** Forgets the history up to now: every watch from an older resourceVersion will be answered 410. */
    void compact() {
        listedSince.clear();
        horizon = requestResourceVersion();
    }

    @Override
    public MockResponse handleGet(String path) {
        MockResponse r = super.handleGet(path);
        if (horizon > 0 && r.getBody() != null && r.getWebSocketListener() == null) {
            Matcher m = LIST_VERSION.matcher(new String(r.getBody().getBytes(), StandardCharsets.UTF_8));
            if (m.find()) {
                listedSince.add(base(path) + "@" + m.group(1));
            }
        }
        return r;
    }

    private static String base(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    @Override
    public MockResponse handleWatch(String path) {
        Matcher m = RESOURCE_VERSION.matcher(path);
        if (m.find() && Long.parseLong(m.group(1)) < horizon && !listedSince.contains(base(path) + "@" + m.group(1))) {
            // as kube-apiserver does it: the watch is accepted, then ends with one ERROR event carrying the Status
            String status = "{\"type\":\"ERROR\",\"object\":{\"apiVersion\":\"v1\",\"kind\":\"Status\","
                    + "\"status\":\"Failure\",\"message\":\"too old resource version: " + m.group(1) + " ("
                    + horizon + ")\",\"reason\":\"Expired\",\"code\":410}}";
            return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                @Override
                public void onOpen(WebSocket ws, Response response) {
                    ws.send(status);
                    ws.close(1000, "too old resource version");
                }
            });
        }
        return super.handleWatch(path);
    }
}
