package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The RPC plumbing of one session. The library's endpoint numbers the requests and matches the replies; here
 * every call is sent from the Netty thread, tracked until it is answered, and failed when its timeout is due
 * or the connection is lost, whichever comes first.
 */
final class RpcCalls {
    private final OvsdbRemote remote;
    private final Channel channel;
    private final ErrorPeek errors;
    private final CloseReason closeReason;
    private final Map<CompletableFuture<?>, Supplier<Throwable>> pending = new ConcurrentHashMap<>();

    RpcCalls(OvsdbRemote remote, Channel channel, ErrorPeek errors, CloseReason closeReason) {
        this.remote = remote;
        this.channel = channel;
        this.errors = errors;
        this.closeReason = closeReason;
    }

    /** Tracks {@code f}: failed with {@code onLost} if the connection closes, with {@code onTimeout} when due. */
    void track(CompletableFuture<?> f, Supplier<Throwable> onLost, Duration timeout, Supplier<Throwable> onTimeout) {
        pending.put(f, onLost);
        var timer = channel.eventLoop()
                .schedule(() -> f.completeExceptionally(onTimeout.get()), timeout.toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((v, t) -> {
            pending.remove(f);
            timer.cancel(false);
        });
        if (!channel.isActive()) {
            f.completeExceptionally(onLost.get());
        }
    }

    /** Tracks {@code f} with failures that name the remote and {@code what}. */
    void track(CompletableFuture<?> f, String what, Duration timeout) {
        track(
                f,
                () -> new OvsdbException(remote + ": " + what + ": " + closeReason.lost()),
                timeout,
                () -> new OvsdbException(remote + ": " + what + " timed out after " + timeout));
    }

    /** Runs {@code send} on the Netty thread, so that a reply can only be handled after its listener is set. */
    void send(CompletableFuture<?> f, Runnable send) {
        channel.eventLoop().execute(() -> {
            if (f.isDone()) {
                return;
            }
            try {
                send.run();
            } catch (RuntimeException e) {
                f.completeExceptionally(new OvsdbException(remote + ": cannot send: " + e.getMessage(), e));
            }
        });
    }

    /** A JSON-RPC call with a bounded wait; the failure is an {@link OvsdbException} naming remote and call. */
    <T> CompletableFuture<T> call(String what, Supplier<ListenableFuture<T>> request, Duration timeout) {
        CompletableFuture<T> out = new CompletableFuture<>();
        track(out, what, timeout);
        send(out, () -> {
            ListenableFuture<T> f = request.get();
            f.addListener(
                    () -> {
                        try {
                            out.complete(result(f, what));
                        } catch (OvsdbException e) {
                            out.completeExceptionally(e);
                        }
                    },
                    MoreExecutors.directExecutor());
        });
        return out;
    }

    /**
     * The value of a completed library future. The library turns a JSON-RPC error reply into a null result and
     * keeps the error to its log; {@link ErrorPeek} saw that reply just before, on this same thread.
     */
    <T> T result(ListenableFuture<T> f, String what) throws OvsdbException {
        T v;
        try {
            v = f.get();
        } catch (CancellationException e) {
            throw new OvsdbException(remote + ": " + what + " was cancelled by the library's request reaper");
        } catch (ExecutionException e) {
            throw new OvsdbException(
                    remote + ": " + what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException(remote + ": interrupted", e);
        }
        if (v == null || (v instanceof JsonNode n && n.isNull())) {
            JsonNode err = errors.current();
            throw new OvsdbException(remote + ": " + what + " failed: "
                    + (err != null ? describeError(err.get("error")) : "the server answered with no result"));
        }
        return v;
    }

    private static String describeError(JsonNode e) {
        if (e.isObject() && e.has("error")) {
            return e.get("error").asText()
                    + (e.hasNonNull("details") ? ": " + e.get("details").asText() : "");
        }
        return e.isTextual() ? e.asText() : e.toString();
    }

    /** Waits for a tracked call from a thread other than the Netty thread. */
    <T> T await(CompletableFuture<T> f, String what, Duration timeout) throws OvsdbException {
        requireNotInEventLoop(what);
        try {
            // the future carries its own timer; the extra second only guards against a stuck event loop
            return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException(remote + ": interrupted during " + what, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OvsdbException oe) {
                throw oe;
            }
            throw new OvsdbException(
                    remote + ": " + what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new OvsdbException(remote + ": " + what + " timed out after " + timeout, e);
        }
    }

    private void requireNotInEventLoop(String what) {
        if (channel.eventLoop().inEventLoop()) {
            throw new IllegalStateException("a blocking " + what + " on the Netty thread would wait for itself");
        }
    }

    /** The connection closed: every call still waiting fails as lost. */
    void failAll() {
        for (Map.Entry<CompletableFuture<?>, Supplier<Throwable>> e : pending.entrySet()) {
            e.getKey().completeExceptionally(e.getValue().get());
        }
    }
}
