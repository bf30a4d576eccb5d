package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One JSON-RPC connection to an OVSDB server over unix, TCP or TLS. The channel is ours (the library's connection
 * service has global state that one close would break for the whole JVM): {@link OvsdbConnector} opens it and
 * builds its pipeline, {@link RpcCalls} numbers, bounds and tracks each call, {@link RpcHandler} matches the
 * replies and answers the server's echo, {@link Monitors} routes monitor updates. Monitors and transactions are
 * written as OVSDB JSON by this module ({@link OvsdbJson}); nothing of the library leaks out of the public API.
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

    /**
     * Receives one monitor's rows, on the Netty thread, in order: the reply once ({@link #initial} or
     * {@link #resumed}), then every update. With {@code monitor_cond} and {@code monitor_cond_since} a modified
     * row arrives as a {@link RowUpdate.Kind#MODIFY_DIFF}.
     */
    public interface MonitorSink {
        /** A full dump: every row the monitor selects; whatever the sink held before is to be replaced. */
        void initial(List<RowUpdate> rows);

        /**
         * A {@code monitor_cond_since} reply that found the transaction id asked for: only the changes since
         * then, to apply to the rows as they were at that transaction.
         */
        default void resumed(List<RowUpdate> changes) {
            update(changes);
        }

        void update(List<RowUpdate> rows);

        /**
         * {@code monitor_cond_since} only: the id of the last transaction the rows delivered so far reflect,
         * called right after the reply's rows and after each {@code update3}'s.
         */
        default void lastTxnId(String txnId) {}
    }

    private final OvsdbRemote remote;
    private final Channel channel;
    private final ByteCounter received;
    private final CloseReason closeReason;
    private final RpcCalls rpc;
    private final Monitors monitors;

    private OvsdbSession(OvsdbRemote remote, OvsdbConnector.Connected c, CloseReason closeReason) {
        this.remote = remote;
        this.channel = c.channel();
        this.received = c.received();
        this.closeReason = closeReason;
        this.rpc = new RpcCalls(remote, channel, closeReason);
        this.monitors = new Monitors(remote, this::closeAsync);
        c.rpc().attach(rpc, monitors);
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

    /** Bytes received on this connection so far (after TLS), monitor dumps and updates included. */
    public long bytesReceived() {
        return received.bytes();
    }

    /** Requests sent and not yet answered (nor timed out nor lost): 0 when the session is idle. */
    public int pendingCalls() {
        return rpc.pendingCount();
    }

    /**
     * Stops (false) or resumes (true) reading from the server: back-pressure for an owner whose consumer fell
     * behind. While stopped, the server's updates wait in the socket buffers and then in the server.
     */
    public void setReading(boolean read) {
        channel.config().setAutoRead(read);
    }

    /** The databases the server holds ({@code list_dbs}). */
    public List<String> databases(Duration timeout) throws OvsdbException {
        JsonNode r = rpc.await(
                rpc.call("list_dbs", "list_dbs", JsonNodeFactory.instance.arrayNode(), timeout), "list_dbs", timeout);
        List<String> out = new ArrayList<>();
        r.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The version string of a database's schema, e.g. "7.0.0" for OVN 23.03's Northbound. */
    public String schemaVersion(String database, Duration timeout) throws OvsdbException {
        return schema(database, timeout).version();
    }

    /** A database's schema ({@code get_schema}): its version and the kinds of its columns. */
    public DbSchema schema(String database, Duration timeout) throws OvsdbException {
        String what = "get_schema " + database;
        JsonNode schema = rpc.await(
                rpc.call(
                        what, "get_schema", JsonNodeFactory.instance.arrayNode().add(database), timeout),
                what,
                timeout);
        JsonNode v = schema.get("version");
        if (v == null || !v.isTextual()) {
            throw new OvsdbException(remote + ": the schema of " + database + " has no version");
        }
        return SchemaJson.parse(database, v.asText(), schema.get("tables"));
    }

    /** Sends {@code echo} and returns the round trip. */
    public Duration echo(Duration timeout) throws OvsdbException {
        long t0 = System.nanoTime();
        rpc.await(rpc.call("echo", "echo", JsonNodeFactory.instance.arrayNode(), timeout), "echo", timeout);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Starts a plain (RFC 7047) monitor {@code monitorId} on {@code database} for the given tables and columns.
     * The future completes once {@code sink.initial} has run with the initial dump; every later change goes to
     * {@code sink.update}. Both run on the Netty thread, in the order the server sent them.
     */
    public CompletableFuture<Void> monitor(
            String database, String monitorId, List<MonitorRequest> requests, MonitorSink sink, Duration timeout) {
        return monitor(database, monitorId, MonitorMethod.MONITOR, requests, null, sink, timeout);
    }

    /**
     * Starts monitor {@code monitorId} with {@code method}; for {@code monitor_cond_since}, {@code sinceTxnId} is
     * the last transaction id the sink's rows reflect (null: none). The future completes once the reply went to
     * {@code sink.initial} (a full dump) or {@code sink.resumed} (the changes since {@code sinceTxnId}). A server
     * without the method fails it with an {@link OvsdbRpcException} whose {@code unknownMethod()} is true.
     */
    public CompletableFuture<Void> monitor(
            String database,
            String monitorId,
            MonitorMethod method,
            List<MonitorRequest> requests,
            String sinceTxnId,
            MonitorSink sink,
            Duration timeout) {
        ArrayNode params = OvsdbJson.monitorParams(database, monitorId, method, requests, sinceTxnId);
        String what = method.wire() + " " + database;
        Monitors.Monitor m = monitors.add(monitorId, sink);
        if (m == null) {
            return CompletableFuture.failedFuture(
                    new OvsdbException(remote + ": monitor id " + monitorId + " is in use"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        // the reply is handled on the Netty thread before any notification that follows it
        rpc.call(what, method.wire(), params, timeout).whenComplete((r, t) -> {
            try {
                if (t != null) {
                    throw rpc.named(t, what);
                }
                switch (method) {
                    case MONITOR -> m.deliverReply(TableUpdates.parse(r), false, null);
                    case MONITOR_COND -> m.deliverReply(TableUpdates.parse2(r), false, null);
                    case MONITOR_COND_SINCE -> {
                        if (!r.isArray() || r.size() != 3) {
                            throw new IllegalArgumentException("malformed monitor_cond_since reply");
                        }
                        m.deliverReply(
                                TableUpdates.parse2(r.get(2)),
                                r.get(0).asBoolean(),
                                r.get(1).asText());
                    }
                }
                done.complete(null);
            } catch (Throwable e) {
                monitors.remove(monitorId, m);
                done.completeExceptionally(
                        e instanceof OvsdbException
                                ? e
                                : new OvsdbException(remote + ": " + what + " failed: " + e.getMessage(), e));
            }
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
        long t0 = System.nanoTime();
        CompletableFuture<JsonNode> call = rpc.call(
                "transact",
                "transact",
                params,
                timeout,
                () -> TransactionException.local(
                        TransactionException.Kind.CONNECTION_LOST,
                        true,
                        remote + ": connection lost before the transaction's answer (" + closeReason.lost()
                                + "); it may or may not have committed",
                        null),
                () -> TransactionException.local(
                        TransactionException.Kind.TIMED_OUT, true, noAnswerWithin(timeout), null));
        CompletableFuture<TxResult> out = new CompletableFuture<>();
        call.whenComplete((r, t) -> answer(r, t, ops, t0, out));
        // a caller that gives up (its own wait timed out) lets go of the call too
        out.whenComplete((r, t) -> call.cancel(false));
        return out;
    }

    /** Completes {@code out} with the answer {@code r} (or failure {@code t}) to a transaction sent at {@code t0}. */
    private void answer(JsonNode r, Throwable t, List<Op> ops, long t0, CompletableFuture<TxResult> out) {
        try {
            if (t instanceof TransactionException te) {
                throw te;
            }
            if (t != null) {
                // a JSON-RPC error reply, e.g. a malformed request: the server's words, as before
                throw TransactionException.local(
                        TransactionException.Kind.SERVER_ERROR,
                        false,
                        rpc.named(t, "transact").getMessage(),
                        t);
            }
            out.complete(TxReplies.parse(ops, r, Duration.ofNanos(System.nanoTime() - t0)));
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
