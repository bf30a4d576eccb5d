package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.ovsdb.lib.jsonrpc.JsonRpcEndpoint;
import org.opendaylight.ovsdb.lib.message.TransactBuilder;

/**
 * One JSON-RPC connection to an OVSDB server over unix, TCP or TLS. The channel is ours (the library's connection
 * service has global state that one close would break for the whole JVM): {@link OvsdbConnector} opens it and
 * builds its pipeline, {@link RpcCalls} bounds and tracks each call, {@link Monitors} routes monitor updates.
 * Monitors and transactions are written as OVSDB JSON by this module ({@link OvsdbJson}); nothing of the library
 * leaks out of the public API.
 *
 * <p>Every wait is bounded. An idle connection is probed with {@code echo} every {@link Options#probeInterval()};
 * when a second interval passes without a byte from the server, the connection is closed. Replies and monitor
 * updates are handled on the Netty thread; {@link MonitorSink}s run there too and must not block.
 */
public final class OvsdbSession implements AutoCloseable {
    /** How to connect: TLS material for {@code ssl:} remotes, and the inactivity probe interval (0 = none). */
    public record Options(TlsOptions tls, Duration probeInterval) {
        public Options {
            if (probeInterval == null || probeInterval.isNegative()) {
                throw new IllegalArgumentException("probe interval must be >= 0, got " + probeInterval);
            }
        }

        public static Options defaults() {
            return new Options(null, Duration.ofSeconds(5));
        }

        public Options withTls(TlsOptions t) {
            return new Options(t, probeInterval);
        }

        public Options withProbeInterval(Duration d) {
            return new Options(tls, d);
        }
    }

    /** Receives one monitor's rows, on the Netty thread, in order: the initial dump once, then every update. */
    public interface MonitorSink {
        void initial(List<RowUpdate> rows);

        void update(List<RowUpdate> rows);
    }

    private final OvsdbRemote remote;
    private final Channel channel;
    private final JsonRpcEndpoint endpoint;
    private final CloseReason closeReason;
    private final RpcCalls rpc;
    private final Monitors monitors;

    private OvsdbSession(OvsdbRemote remote, OvsdbConnector.Connected c, CloseReason closeReason) {
        this.remote = remote;
        this.channel = c.channel();
        this.endpoint = c.endpoint();
        this.closeReason = closeReason;
        this.rpc = new RpcCalls(remote, channel, c.errors(), closeReason);
        this.monitors = new Monitors(remote, this::closeAsync);
    }

    /**
     * Connects with {@link Options#defaults()}; an {@code ssl:} remote needs
     * {@link #open(OvsdbRemote, Options, Duration)}.
     */
    public static OvsdbSession open(OvsdbRemote remote, Duration timeout) throws OvsdbException {
        return open(remote, Options.defaults(), timeout);
    }

    /** Connects (and for {@code ssl:} completes the handshake), bounded by {@code timeout}; errors name the remote. */
    public static OvsdbSession open(OvsdbRemote remote, Options options, Duration timeout) throws OvsdbException {
        CloseReason reason = new CloseReason();
        OvsdbSession s = new OvsdbSession(remote, OvsdbConnector.connect(remote, options, timeout, reason), reason);
        s.endpoint.registerCallback(s.monitors);
        s.channel.closeFuture().addListener(x -> s.onClosed());
        return s;
    }

    public OvsdbRemote remote() {
        return remote;
    }

    public boolean isConnected() {
        return channel.isActive();
    }

    /** Why the connection closed (probe timeout, server closed it, our close, a protocol error), or null if open. */
    public String closeReason() {
        return closeReason.get();
    }

    /** Runs {@code action} once, on a Netty thread, when the connection closes for any reason. */
    public void whenClosed(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    /** True on this session's Netty thread, where a blocking call would wait for itself. */
    public boolean inEventLoop() {
        return channel.eventLoop().inEventLoop();
    }

    /** The databases the server holds ({@code list_dbs}). */
    public List<String> databases(Duration timeout) throws OvsdbException {
        return rpc.await(rpc.call("list_dbs", endpoint::list_dbs, timeout), "list_dbs", timeout);
    }

    /** The version string of a database's schema, e.g. "7.0.0" for OVN 23.03's Northbound. */
    public String schemaVersion(String database, Duration timeout) throws OvsdbException {
        String what = "get_schema " + database;
        JsonNode schema =
                rpc.await(rpc.call(what, () -> endpoint.get_schema(List.of(database)), timeout), what, timeout);
        JsonNode v = schema.get("version");
        if (v == null || !v.isTextual()) {
            throw new OvsdbException(remote + ": the schema of " + database + " has no version");
        }
        return v.asText();
    }

    /** Sends {@code echo} and returns the round trip. */
    public Duration echo(Duration timeout) throws OvsdbException {
        long t0 = System.nanoTime();
        rpc.await(rpc.call("echo", endpoint::echo, timeout), "echo", timeout);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Starts monitor {@code monitorId} on {@code database} for the given tables and columns. The future completes
     * once {@code sink.initial} has run with the initial dump; every later change goes to {@code sink.update}.
     * Both run on the Netty thread, in the order the server sent them.
     */
    public CompletableFuture<Void> monitor(
            String database, String monitorId, List<MonitorRequest> requests, MonitorSink sink, Duration timeout) {
        ArrayNode params = OvsdbJson.monitorParams(database, monitorId, requests);
        String what = "monitor " + database;
        CompletableFuture<Void> done = new CompletableFuture<>();
        rpc.track(done, what, timeout);
        rpc.send(done, () -> {
            Monitors.Monitor m = monitors.add(monitorId, sink);
            if (m == null) {
                done.completeExceptionally(new OvsdbException(remote + ": monitor id " + monitorId + " is in use"));
                return;
            }
            ListenableFuture<JsonNode> f = endpoint.monitor(() -> List.of(params.get(0), params.get(1), params.get(2)));
            f.addListener(
                    () -> {
                        try {
                            JsonNode r = rpc.result(f, what);
                            m.deliverInitial(OvsdbJson.tableUpdates(r));
                            done.complete(null);
                        } catch (Throwable t) {
                            monitors.remove(monitorId, m);
                            done.completeExceptionally(
                                    t instanceof OvsdbException
                                            ? t
                                            : new OvsdbException(
                                                    remote + ": " + what + " failed: " + t.getMessage(), t));
                        }
                    },
                    MoreExecutors.directExecutor());
        });
        return done;
    }

    /**
     * Commits {@code ops} as one transaction, waiting at most {@code timeout} for the answer. Fails with a
     * {@link TransactionException} (a malformed operation list throws {@link IllegalArgumentException} at once).
     */
    public TxResult transact(String database, List<Op> ops, Duration timeout) throws TransactionException {
        if (inEventLoop()) {
            throw new IllegalStateException("a blocking transact on the Netty thread would wait for itself");
        }
        CompletableFuture<TxResult> f = send(database, ops, timeout);
        try {
            // the future carries its own timer; the extra second only guards against a stuck event loop
            return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw TransactionException.local(TransactionException.Kind.TIMED_OUT, true, noAnswerWithin(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TransactionException.local(
                    TransactionException.Kind.CONNECTION_LOST,
                    true,
                    remote + ": interrupted while waiting for the transaction",
                    e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionException te) {
                throw te;
            }
            throw TransactionException.local(
                    TransactionException.Kind.SERVER_ERROR,
                    true,
                    remote + ": transact failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private String noAnswerWithin(Duration timeout) {
        return remote + ": no answer to the transaction within " + timeout + "; it may or may not have committed";
    }

    /** Sends {@code ops} as one transaction; the future gives the results or fails with a TransactionException. */
    private CompletableFuture<TxResult> send(String database, List<Op> ops, Duration timeout) {
        ArrayNode params = OvsdbJson.transactParams(database, ops);
        List<Object> wire = new ArrayList<>();
        params.forEach(wire::add);
        CompletableFuture<TxResult> out = new CompletableFuture<>();
        long t0 = System.nanoTime();
        rpc.track(
                out,
                () -> TransactionException.local(
                        TransactionException.Kind.CONNECTION_LOST,
                        true,
                        remote + ": connection lost before the transaction's answer (" + closeReason.lost()
                                + "); it may or " + "may not have committed",
                        null),
                timeout,
                () -> TransactionException.local(
                        TransactionException.Kind.TIMED_OUT, true, noAnswerWithin(timeout), null));
        rpc.send(out, () -> {
            ListenableFuture<List<JsonNode>> f = endpoint.transact(new TransactBuilder(null) {
                @Override
                public List<Object> params() {
                    return wire;
                }
            });
            f.addListener(() -> answer(f, ops, t0, out), MoreExecutors.directExecutor());
        });
        return out;
    }

    /** Completes {@code out} with the answer to a transaction sent at {@code t0}. */
    private void answer(ListenableFuture<List<JsonNode>> f, List<Op> ops, long t0, CompletableFuture<TxResult> out) {
        try {
            List<JsonNode> r;
            try {
                r = rpc.result(f, "transact");
            } catch (OvsdbException e) {
                throw TransactionException.local(TransactionException.Kind.SERVER_ERROR, false, e.getMessage(), e);
            }
            ArrayNode arr = JsonNodeFactory.instance.arrayNode();
            r.forEach(arr::add);
            out.complete(OvsdbJson.txResult(ops, arr, Duration.ofNanos(System.nanoTime() - t0)));
        } catch (TransactionException e) {
            out.completeExceptionally(e);
        } catch (RuntimeException e) {
            out.completeExceptionally(TransactionException.local(
                    TransactionException.Kind.SERVER_ERROR,
                    false,
                    remote + ": cannot read the transaction's answer: " + e.getMessage(),
                    e));
        }
    }

    private void onClosed() {
        closeReason.offer("connection closed by " + remote);
        monitors.clear();
        rpc.failAll();
    }

    /** Starts closing without waiting (safe on the Netty thread); {@code reason} becomes {@link #closeReason()}. */
    public void closeAsync(String reason) {
        closeReason.offer(reason);
        channel.close();
    }

    @Override
    public void close() {
        closeReason.offer("closed by us");
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "OvsdbSession(" + remote + (isConnected() ? "" : ", closed: " + closeReason.get()) + ")";
    }
}
