package io.ovnbgp.bridge.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The HTTP face of the daemon: {@code /metrics} for Prometheus, {@code /healthz} (the process serves),
 * {@code /readyz} (OVN Northbound is synced) for the kubelet, {@code /status} (JSON) for people; the status
 * function gets the raw query string (e.g. {@code prefix=10.0.0.0/8}) or null.
 */
public final class StatusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final HttpServer server;
    private final ExecutorService executor;

    public StatusServer(
            String address, int port, BridgeMetrics metrics, BooleanSupplier ready, Function<String, Object> status)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(address, port), 16);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "status-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> {
            ByteArrayOutputStream buf = new ByteArrayOutputStream(16 * 1024);
            metrics.write(buf);
            respond(ex, 200, metrics.contentType(), buf.toByteArray());
        });
        server.createContext("/healthz", ex -> respond(ex, 200, "text/plain; charset=utf-8", bytes("ok\n")));
        server.createContext("/readyz", ex -> {
            boolean r = ready.getAsBoolean();
            respond(ex, r ? 200 : 503, "text/plain; charset=utf-8", bytes(r ? "ready\n" : "not ready\n"));
        });
        json("/status", status);
        server.createContext(
                "/",
                ex -> respond(
                        ex,
                        404,
                        "text/plain; charset=utf-8",
                        bytes("not found; try /status, /routes, /metrics, /healthz, /readyz\n")));
        server.start();
    }

    /**
     * Serves {@code view} (given the raw query string or null) as JSON at {@code path}, e.g. {@code /routes}.
     * A view that throws answers 500 with the reason, rather than dropping the connection.
     */
    public void json(String path, Function<String, Object> view) {
        server.createContext(path, ex -> {
            byte[] body;
            try {
                body = JSON.writeValueAsBytes(view.apply(ex.getRequestURI().getRawQuery()));
            } catch (RuntimeException | IOException e) {
                respond(ex, 500, "text/plain; charset=utf-8", bytes("cannot render " + path + ": " + e + "\n"));
                return;
            }
            respond(ex, 200, "application/json", body);
        });
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", type);
            boolean head = "HEAD".equals(ex.getRequestMethod());
            ex.sendResponseHeaders(code, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
