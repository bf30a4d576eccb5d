package io.ovnbgp.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/** Reads the daemon's JSON pages ({@code /status}, {@code /routes}) with bounded waits. */
public final class DaemonClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient http;

    public DaemonClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    public URI base() {
        return base;
    }

    /** GET {@code pathAndQuery} (e.g. {@code /status?prefix=10.0.0.0%2F8}) as JSON. */
    public JsonNode get(String pathAndQuery) throws DaemonUnreachable {
        HttpResponse<String> r;
        try {
            r = http.send(
                    HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                            .timeout(REQUEST_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DaemonUnreachable(unreachable("interrupted"));
        } catch (IOException e) {
            throw new DaemonUnreachable(unreachable(reason(e)));
        }
        if (r.statusCode() != 200) {
            throw new DaemonUnreachable("ovn-bgp-bridge at " + base + " answered HTTP " + r.statusCode() + " for "
                    + pathAndQuery + ": " + r.body().strip());
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new DaemonUnreachable("ovn-bgp-bridge at " + base + " sent something that is not JSON for "
                    + pathAndQuery + " (is this the bridge's metrics port?)");
        }
    }

    /** Whether anything answers {@code /healthz} at the base URL. */
    public boolean answers() {
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/healthz"))
                            .timeout(CONNECT_TIMEOUT)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String unreachable(String why) {
        return "cannot reach ovn-bgp-bridge at " + base + ": " + why;
    }

    private static String reason(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused (is the daemon running, and is this its metrics address?)";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
