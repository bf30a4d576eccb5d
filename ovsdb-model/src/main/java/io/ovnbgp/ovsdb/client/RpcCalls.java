package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The JSON-RPC requests of one session: numbered here, sent from the Netty thread, and kept in {@link #pending}
 * by id only until they are answered, time out, or the connection is lost, whichever comes first. Nothing of a
 * finished call (its parameters least of all) stays reachable from here.
 */
final class RpcCalls {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A sent request: the future its reply completes, and what to fail it with if the connection is lost. */
    private record Call(CompletableFuture<JsonNode> future, Supplier<Throwable> onLost) {}

    private final OvsdbRemote remote;
    private final Channel channel;
    private final CloseReason closeReason;
    private final Map<Long, Call> pending = new ConcurrentHashMap<>();
    private long nextId; // Netty thread only

    RpcCalls(OvsdbRemote remote, Channel channel, CloseReason closeReason) {
        this.remote = remote;
        this.channel = channel;
        this.closeReason = closeReason;
    }

    /** Requests sent and not yet answered, timed out or lost. */
    int pendingCount() {
        return pending.size();
    }

    /**
     * Sends {@code method(params)}; the future gives the reply's {@code result}, or fails with {@code onLost} if the
     * connection closes first, with {@code onTimeout} when {@code timeout} passes, and with an
     * {@link OvsdbRpcException} naming {@code what} if the server answers with an error.
     */
    CompletableFuture<JsonNode> call(
            String what,
            String method,
            ArrayNode params,
            Duration timeout,
            Supplier<Throwable> onLost,
            Supplier<Throwable> onTimeout) {
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        var timer = channel.eventLoop()
                .schedule(() -> f.completeExceptionally(onTimeout.get()), timeout.toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((v, t) -> timer.cancel(false));
        channel.eventLoop().execute(() -> {
            if (f.isDone()) {
                return;
            }
            if (!channel.isActive()) {
                f.completeExceptionally(onLost.get());
                return;
            }
            long id = nextId++;
            pending.put(id, new Call(f, onLost));
            // whoever completes the call (reply, timer, loss, a caller's cancel) lets go of it at once
            f.whenComplete((v, t) -> pending.remove(id));
            ObjectNode req = F.objectNode().put("id", id).put("method", method);
            req.set("params", params);
            channel.writeAndFlush(req.toString()).addListener(w -> {
                if (!w.isSuccess()) {
                    f.completeExceptionally(new OvsdbException(
                            remote + ": cannot send " + what + ": " + OvsdbConnector.rootMessage(w.cause()),
                            w.cause()));
                }
            });
        });
        return f;
    }

    /** {@link #call} with failures that name the remote and {@code what}. */
    CompletableFuture<JsonNode> call(String what, String method, ArrayNode params, Duration timeout) {
        return call(
                what,
                method,
                params,
                timeout,
                () -> new OvsdbException(remote + ": " + what + ": " + closeReason.lost()),
                () -> new OvsdbException(remote + ": " + what + " timed out after " + timeout));
    }

    /** On the Netty thread: a reply ({@code id} set, no {@code method}) completes its call, if still pending. */
    void reply(JsonNode msg) {
        JsonNode idNode = msg.get("id");
        if (idNode == null || !idNode.canConvertToLong()) {
            return; // e.g. the answer to our inactivity probe, which is not tracked
        }
        Call c = pending.remove(idNode.asLong());
        if (c == null) {
            return; // timed out already
        }
        JsonNode err = msg.get("error");
        if (err != null && !err.isNull()) {
            c.future.completeExceptionally(error(err));
        } else {
            JsonNode result = msg.get("result");
            c.future.complete(result == null ? F.nullNode() : result);
        }
    }

    private OvsdbRpcException error(JsonNode e) {
        String error;
        String details = null;
        if (e.isObject() && e.has("error")) {
            error = e.get("error").asText();
            details = e.hasNonNull("details") ? e.get("details").asText() : null;
        } else {
            error = e.isTextual() ? e.asText() : e.toString();
        }
        // "what" is added by the caller's future chain; the server's words are kept as they are
        return new OvsdbRpcException(
                remote + ": the server answered: " + error + (details == null ? "" : ": " + details), error, details);
    }

    /** Waits for a call from a thread other than the Netty thread; errors name the remote and {@code what}. */
    <T> T await(CompletableFuture<T> f, String what, Duration timeout) throws OvsdbException {
        if (channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("a blocking " + what + " on the Netty thread would wait for itself");
        }
        try {
            // the future carries its own timer; the extra second only guards against a stuck event loop
            return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException(remote + ": interrupted during " + what, e);
        } catch (ExecutionException e) {
            throw named(e.getCause(), what);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new OvsdbException(remote + ": " + what + " timed out after " + timeout, e);
        }
    }

    /** {@code t} as an OvsdbException that says which call failed. */
    OvsdbException named(Throwable t, String what) {
        if (t instanceof OvsdbRpcException re) {
            return new OvsdbRpcException(
                    remote + ": " + what + " failed: " + re.error() + (re.details() == null ? "" : ": " + re.details()),
                    re.error(),
                    re.details());
        }
        if (t instanceof OvsdbException oe) {
            return oe;
        }
        return new OvsdbException(remote + ": " + what + " failed: " + t.getMessage(), t);
    }

    /** The connection closed: every call still waiting fails as lost. */
    void failAll() {
        for (Long id : pending.keySet()) {
            Call c = pending.remove(id);
            if (c != null) {
                c.future.completeExceptionally(c.onLost.get());
            }
        }
    }
}
