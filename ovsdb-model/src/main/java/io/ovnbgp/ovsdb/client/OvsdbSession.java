package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.opendaylight.ovsdb.lib.jsonrpc.JsonRpcDecoder;
import org.opendaylight.ovsdb.lib.jsonrpc.JsonRpcEndpoint;
import org.opendaylight.ovsdb.lib.message.OvsdbRPC;
import org.opendaylight.ovsdb.lib.message.TransactBuilder;
import org.opendaylight.ovsdb.lib.message.UpdateNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON-RPC connection to an OVSDB server over unix, TCP or TLS. The channel is ours (the library's connection
 * service has global state that one close would break for the whole JVM); the library's {@code JsonRpcDecoder}
 * frames the stream and its {@code JsonRpcEndpoint} matches requests to replies. Monitors and transactions are
 * written as OVSDB JSON by this module ({@link OvsdbJson}); nothing of the library leaks out of the public API.
 *
 * <p>Every wait is bounded. An idle connection is probed with {@code echo} every {@link Options#probeInterval()};
 * when a second interval passes without a byte from the server, the connection is closed. Replies and monitor
 * updates are handled on the Netty thread; {@link MonitorSink}s run there too and must not block.
 */
public final class OvsdbSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbSession.class);
    private static final int MAX_FRAME = 64 * 1024 * 1024;
    private static final EventLoopGroup LOOP = newLoop();

    static {
        // The library cancels every RPC after a static, JVM-wide interval (1 s by default): far too short for a
        // large transaction or initial monitor dump on a loaded NB. Our own calls carry their own timeouts.
        JsonRpcEndpoint.setReaperInterval(300_000);
    }

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
    private final ErrorPeek errorPeek;
    private final Map<String, MonitorState> monitors = new ConcurrentHashMap<>();
    private final Map<CompletableFuture<?>, Supplier<Throwable>> pending = new ConcurrentHashMap<>();
    private volatile String closeReason;

    private OvsdbSession(OvsdbRemote remote, Channel channel, JsonRpcEndpoint endpoint, ErrorPeek errorPeek) {
        this.remote = remote;
        this.channel = channel;
        this.endpoint = endpoint;
        this.errorPeek = errorPeek;
    }

    private static EventLoopGroup newLoop() {
        return Epoll.isAvailable()
                ? new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    /** Connects with {@link Options#defaults()}; an {@code ssl:} remote needs {@link #open(OvsdbRemote, Options, Duration)}. */
    public static OvsdbSession open(OvsdbRemote remote, Duration timeout) throws OvsdbException {
        return open(remote, Options.defaults(), timeout);
    }

    /** Connects (and for {@code ssl:} completes the handshake), bounded by {@code timeout}; errors name the remote. */
    public static OvsdbSession open(OvsdbRemote remote, Options options, Duration timeout) throws OvsdbException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SslContext ssl = null;
        if (remote.kind() == OvsdbRemote.Kind.SSL) {
            if (options.tls() == null) {
                throw new OvsdbException(remote + ": an ssl remote needs a private key, certificate and CA certificate");
            }
            ssl = options.tls().load();
        }
        final SslContext sslContext = ssl;
        ErrorPeek peek = new ErrorPeek();
        TailHandler tail = new TailHandler(remote);
        ProbeHandler probe = options.probeInterval().isZero() ? null : new ProbeHandler(remote, options.probeInterval());
        Bootstrap b = new Bootstrap().group(LOOP)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (sslContext != null) {
                            ch.pipeline().addLast("ssl", sslContext.newHandler(ch.alloc(), remote.host(), remote.port()));
                        }
                        if (probe != null) {
                            long ms = options.probeInterval().toMillis();
                            ch.pipeline().addLast("idle", new IdleStateHandler(ms, 0, 0, TimeUnit.MILLISECONDS));
                            ch.pipeline().addLast("probe", probe);
                        }
                        ch.pipeline().addLast("decoder", new JsonRpcDecoder(MAX_FRAME));
                        ch.pipeline().addLast("encoder", new StringEncoder(StandardCharsets.UTF_8));
                        ch.pipeline().addLast("errors", peek);
                        ch.pipeline().addLast("tail", tail);
                    }
                });
        ChannelFuture f;
        switch (remote.kind()) {
            case UNIX -> {
                if (!Epoll.isAvailable()) {
                    throw new OvsdbException(remote + ": unix sockets need the epoll transport, which is unavailable: "
                            + Epoll.unavailabilityCause());
                }
                f = b.channel(EpollDomainSocketChannel.class).connect(new DomainSocketAddress(remote.path().toFile()));
            }
            case TCP, SSL -> f = b.channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                    .connect(new InetSocketAddress(remote.host(), remote.port()));
            default -> throw new IllegalStateException(remote.kind().toString());
        }
        awaitOrFail(f, remote, "connect", deadline);
        Channel ch = f.channel();
        if (sslContext != null) {
            SslHandler sh = ch.pipeline().get(SslHandler.class);
            try {
                awaitOrFail(sh.handshakeFuture(), remote, "TLS handshake", deadline);
            } catch (OvsdbException e) {
                ch.close();
                throw e;
            }
        }
        // The endpoint reads nothing of the channel at construction, but is added only once connected, as
        // OvsdbClientImpl would be; nothing arrives unasked before our first request.
        JsonRpcEndpoint endpoint = new JsonRpcEndpoint(ch);
        OvsdbSession s = new OvsdbSession(remote, ch, endpoint, peek);
        ch.pipeline().addBefore("tail", "endpoint", endpoint);
        tail.session = s;
        endpoint.registerCallback(s.new Updates());
        if (probe != null) {
            probe.endpoint = endpoint;
            probe.session = s;
        }
        ch.closeFuture().addListener(x -> s.onClosed());
        return s;
    }

    private static void awaitOrFail(io.netty.util.concurrent.Future<?> f, OvsdbRemote remote, String what, long deadline)
            throws OvsdbException {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!f.await(left, TimeUnit.NANOSECONDS)) {
                f.cancel(true);
                if (f instanceof ChannelFuture cf) {
                    cf.channel().close();
                }
                throw new OvsdbException(remote + ": " + what + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException(remote + ": interrupted during " + what, e);
        }
        if (!f.isSuccess()) {
            Throwable c = f.cause();
            throw new OvsdbException(remote + ": " + what + " failed: " + rootMessage(c), c);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + r.getMessage() + ")";
        return m;
    }

    public OvsdbRemote remote() {
        return remote;
    }

    public boolean isConnected() {
        return channel.isActive();
    }

    /** Why the connection closed (probe timeout, server closed it, our close, a protocol error), or null if open. */
    public String closeReason() {
        return closeReason;
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
        return await(call("list_dbs", endpoint::list_dbs, timeout), "list_dbs", timeout);
    }

    /** The version string of a database's schema, e.g. "7.0.0" for OVN 23.03's Northbound. */
    public String schemaVersion(String database, Duration timeout) throws OvsdbException {
        JsonNode schema = await(call("get_schema " + database, () -> endpoint.get_schema(List.of(database)), timeout),
                "get_schema " + database, timeout);
        JsonNode v = schema.get("version");
        if (v == null || !v.isTextual()) {
            throw new OvsdbException(remote + ": the schema of " + database + " has no version");
        }
        return v.asText();
    }

    /** Sends {@code echo} and returns the round trip. */
    public Duration echo(Duration timeout) throws OvsdbException {
        long t0 = System.nanoTime();
        await(call("echo", endpoint::echo, timeout), "echo", timeout);
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * Starts monitor {@code monitorId} on {@code database} for the given tables and columns. The future completes
     * once {@code sink.initial} has run with the initial dump; every later change goes to {@code sink.update}.
     * Both run on the Netty thread, in the order the server sent them.
     */
    public CompletableFuture<Void> monitor(String database, String monitorId, List<MonitorRequest> requests,
            MonitorSink sink, Duration timeout) {
        ArrayNode params = OvsdbJson.monitorParams(database, monitorId, requests);
        String what = "monitor " + database;
        CompletableFuture<Void> done = new CompletableFuture<>();
        register(done, () -> new OvsdbException(remote + ": " + what + ": " + lostReason()), timeout,
                () -> new OvsdbException(remote + ": " + what + " timed out after " + timeout));
        onLoop(done, () -> {
            MonitorState st = new MonitorState(sink);
            if (monitors.putIfAbsent(monitorId, st) != null) {
                done.completeExceptionally(new OvsdbException(remote + ": monitor id " + monitorId + " is in use"));
                return;
            }
            ListenableFuture<JsonNode> f = endpoint.monitor(() -> List.of(params.get(0), params.get(1), params.get(2)));
            f.addListener(() -> {
                try {
                    JsonNode r = result(f, what);
                    st.deliverInitial(OvsdbJson.tableUpdates(r));
                    done.complete(null);
                } catch (Throwable t) {
                    monitors.remove(monitorId, st);
                    done.completeExceptionally(t instanceof OvsdbException ? t
                            : new OvsdbException(remote + ": " + what + " failed: " + t.getMessage(), t));
                }
            }, MoreExecutors.directExecutor());
        });
        return done;
    }

    /**
     * Watches {@code _Server.Database} for {@code database}: the future gives its status now; {@code onChange}
     * gets every later status on the Netty thread. A server without {@code _Server} counts as standalone.
     */
    public CompletableFuture<ServerStatus> watchServer(String database, Consumer<ServerStatus> onChange,
            Duration timeout) {
        Map<Uuid, Row> rows = new HashMap<>();
        CompletableFuture<ServerStatus> out = new CompletableFuture<>();
        Function<Void, ServerStatus> current = v -> {
            for (Row r : rows.values()) {
                if (database.equals(r.string("name"))) {
                    return new ServerStatus(database, r.string("model"), r.bool("connected"), r.bool("leader"),
                            r.optionalLong("index").orElse(0));
                }
            }
            return null;
        };
        MonitorSink sink = new MonitorSink() {
            @Override
            public void initial(List<RowUpdate> updates) {
                apply(updates);
            }

            @Override
            public void update(List<RowUpdate> updates) {
                apply(updates);
                ServerStatus s = current.apply(null);
                onChange.accept(s != null ? s : new ServerStatus(database, "absent", false, false, 0));
            }

            private void apply(List<RowUpdate> updates) {
                for (RowUpdate u : updates) {
                    if (u.after() == null) {
                        rows.remove(u.uuid());
                    } else {
                        rows.merge(u.uuid(), u.after(), Row::overlay);
                    }
                }
            }
        };
        monitor("_Server", "_Server", List.of(new MonitorRequest("Database",
                List.of("name", "model", "connected", "leader", "index"))), sink, timeout)
                .whenComplete((v, t) -> {
                    if (t == null) {
                        ServerStatus s = current.apply(null);
                        if (s == null) {
                            out.completeExceptionally(new OvsdbException(remote + ": the server has no database "
                                    + database));
                        } else {
                            out.complete(s);
                        }
                    } else if (String.valueOf(t.getMessage()).contains("unknown database")) {
                        out.complete(ServerStatus.standalone(database));
                    } else {
                        out.completeExceptionally(t);
                    }
                });
        return out;
    }

    /** Commits {@code ops} as one transaction, waiting at most {@code timeout} for the answer. */
    public TxResult transact(String database, List<Op> ops, Duration timeout) throws TransactionException {
        if (inEventLoop()) {
            throw new IllegalStateException("a blocking transact on the Netty thread would wait for itself");
        }
        CompletableFuture<TxResult> f = transactAsync(database, ops, timeout);
        try {
            // the future carries its own timer; the extra second only guards against a stuck event loop
            return f.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw TransactionException.local(TransactionException.Kind.TIMED_OUT, true,
                    remote + ": no answer to the transaction within " + timeout + "; it may or may not have "
                            + "committed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw TransactionException.local(TransactionException.Kind.CONNECTION_LOST, true,
                    remote + ": interrupted while waiting for the transaction", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionException te) {
                throw te;
            }
            throw TransactionException.local(TransactionException.Kind.SERVER_ERROR, true,
                    remote + ": transact failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Sends {@code ops} as one transaction. The future completes with the per-operation results or fails with a
     * {@link TransactionException} (a malformed operation list throws {@link IllegalArgumentException} at once).
     */
    public CompletableFuture<TxResult> transactAsync(String database, List<Op> ops, Duration timeout) {
        ArrayNode params = OvsdbJson.transactParams(database, ops);
        List<Object> wire = new ArrayList<>();
        params.forEach(wire::add);
        CompletableFuture<TxResult> out = new CompletableFuture<>();
        long t0 = System.nanoTime();
        register(out, () -> TransactionException.local(TransactionException.Kind.CONNECTION_LOST, true,
                remote + ": connection lost before the transaction's answer (" + lostReason() + "); it may or may "
                        + "not have committed", null),
                timeout, () -> TransactionException.local(TransactionException.Kind.TIMED_OUT, true,
                        remote + ": no answer to the transaction within " + timeout + "; it may or may not have "
                                + "committed", null));
        onLoop(out, () -> {
            ListenableFuture<List<JsonNode>> f = endpoint.transact(new TransactBuilder(null) {
                @Override
                public List<Object> params() {
                    return wire;
                }
            });
            f.addListener(() -> {
                try {
                    List<JsonNode> r;
                    try {
                        r = result(f, "transact");
                    } catch (OvsdbException e) {
                        throw TransactionException.local(TransactionException.Kind.SERVER_ERROR, false,
                                e.getMessage(), e);
                    }
                    ArrayNode arr = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
                    r.forEach(arr::add);
                    out.complete(OvsdbJson.txResult(ops, arr, Duration.ofNanos(System.nanoTime() - t0)));
                } catch (TransactionException e) {
                    out.completeExceptionally(e);
                } catch (RuntimeException e) {
                    out.completeExceptionally(TransactionException.local(TransactionException.Kind.SERVER_ERROR,
                            false, remote + ": cannot read the transaction's answer: " + e.getMessage(), e));
                }
            }, MoreExecutors.directExecutor());
        });
        return out;
    }

    // ---- plumbing -----------------------------------------------------------------------------------------

    private String lostReason() {
        String r = closeReason;
        return r != null ? r : "connection closed";
    }

    /** Tracks {@code f}: failed with {@code onLost} if the connection closes, with {@code onTimeout} when due. */
    private void register(CompletableFuture<?> f, Supplier<Throwable> onLost, Duration timeout,
            Supplier<Throwable> onTimeout) {
        pending.put(f, onLost);
        var timer = channel.eventLoop().schedule(() -> f.completeExceptionally(onTimeout.get()),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        f.whenComplete((v, t) -> {
            pending.remove(f);
            timer.cancel(false);
        });
        if (!channel.isActive()) {
            f.completeExceptionally(onLost.get());
        }
    }

    /** Runs {@code send} on the Netty thread, so that a reply can only be handled after its listener is set. */
    private void onLoop(CompletableFuture<?> f, Runnable send) {
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
    private <T> CompletableFuture<T> call(String what, Supplier<ListenableFuture<T>> send, Duration timeout) {
        CompletableFuture<T> out = new CompletableFuture<>();
        register(out, () -> new OvsdbException(remote + ": " + what + ": " + lostReason()), timeout,
                () -> new OvsdbException(remote + ": " + what + " timed out after " + timeout));
        onLoop(out, () -> {
            ListenableFuture<T> f = send.get();
            f.addListener(() -> {
                try {
                    out.complete(result(f, what));
                } catch (OvsdbException e) {
                    out.completeExceptionally(e);
                }
            }, MoreExecutors.directExecutor());
        });
        return out;
    }

    /**
     * The value of a completed library future. The library turns a JSON-RPC error reply into a null result and
     * keeps the error to its log; {@link ErrorPeek} saw that reply just before, on this same thread.
     */
    private <T> T result(ListenableFuture<T> f, String what) throws OvsdbException {
        T v;
        try {
            v = f.get();
        } catch (CancellationException e) {
            throw new OvsdbException(remote + ": " + what + " was cancelled by the library's request reaper");
        } catch (ExecutionException e) {
            throw new OvsdbException(remote + ": " + what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException(remote + ": interrupted", e);
        }
        if (v == null || (v instanceof JsonNode n && n.isNull())) {
            JsonNode err = errorPeek.current;
            throw new OvsdbException(remote + ": " + what + " failed: "
                    + (err != null ? describeError(err.get("error")) : "the server answered with no result"));
        }
        return v;
    }

    private static String describeError(JsonNode e) {
        if (e.isObject() && e.has("error")) {
            return e.get("error").asText() + (e.hasNonNull("details") ? ": " + e.get("details").asText() : "");
        }
        return e.isTextual() ? e.asText() : e.toString();
    }

    private <T> T await(CompletableFuture<T> f, String what, Duration timeout) throws OvsdbException {
        if (inEventLoop()) {
            throw new IllegalStateException("a blocking " + what + " on the Netty thread would wait for itself");
        }
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
            throw new OvsdbException(remote + ": " + what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new OvsdbException(remote + ": " + what + " timed out after " + timeout, e);
        }
    }

    private void closeWith(String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        channel.close();
    }

    private void onClosed() {
        if (closeReason == null) {
            closeReason = "connection closed by " + remote;
        }
        monitors.clear();
        for (Map.Entry<CompletableFuture<?>, Supplier<Throwable>> e : pending.entrySet()) {
            e.getKey().completeExceptionally(e.getValue().get());
        }
    }

    /** Starts closing without waiting (safe on the Netty thread); {@code reason} becomes {@link #closeReason()}. */
    public void closeAsync(String reason) {
        closeWith(reason);
    }

    @Override
    public void close() {
        if (closeReason == null) {
            closeReason = "closed by us";
        }
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "OvsdbSession(" + remote + (isConnected() ? "" : ", closed: " + closeReason) + ")";
    }

    // ---- handlers -----------------------------------------------------------------------------------------

    /** One monitor's sink, with the updates that would arrive before its initial dump held back until then. */
    private static final class MonitorState {
        private final MonitorSink sink;
        private List<List<RowUpdate>> early = new ArrayList<>();

        MonitorState(MonitorSink sink) {
            this.sink = sink;
        }

        void deliverInitial(List<RowUpdate> rows) {
            sink.initial(rows);
            List<List<RowUpdate>> held = early;
            early = null;
            held.forEach(sink::update);
        }

        void update(List<RowUpdate> rows) {
            if (early != null) {
                early.add(rows);
            } else {
                sink.update(rows);
            }
        }
    }

    /** The library hands {@code update} notifications here, on the Netty thread. */
    private final class Updates implements OvsdbRPC.Callback {
        @Override
        public void update(Object context, UpdateNotification n) {
            MonitorState st = monitors.get(n.getContext());
            if (st == null) {
                LOG.debug("{}: update for unknown monitor {}", remote, n.getContext());
                return;
            }
            try {
                st.update(OvsdbJson.tableUpdates(n.getUpdates()));
            } catch (RuntimeException e) {
                // a cache that missed an update is wrong from then on: drop the connection, the owner resyncs
                LOG.warn("{}: cannot apply an update of monitor {}: {}", remote, n.getContext(), e.toString(), e);
                closeWith("cannot apply an update of monitor " + n.getContext() + ": " + e.getMessage());
            }
        }

        @Override
        public void locked(Object context, List<String> ids) {
        }

        @Override
        public void stolen(Object context, List<String> ids) {
        }
    }

    /**
     * Makes JSON-RPC error replies reach the caller. ovsdb-server writes them without a {@code "result"} member,
     * and the library's endpoint takes only messages with one for replies: it would drop the error and leave the
     * call waiting for the reaper. So the reply gets {@code "result": null} (the library then completes the call
     * with a null result), and the reply is remembered while the library handles it, for {@link #result}.
     */
    private static final class ErrorPeek extends ChannelInboundHandlerAdapter {
        volatile JsonNode current;

        @Override
        public boolean isSharable() {
            return false;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof com.fasterxml.jackson.databind.node.ObjectNode n && n.hasNonNull("error")
                    && n.has("id") && !n.get("id").isNull() && !n.has("method")) {
                if (!n.has("result")) {
                    n.putNull("result");
                }
                current = n;
                try {
                    ctx.fireChannelRead(msg);
                } finally {
                    current = null;
                }
            } else {
                ctx.fireChannelRead(msg);
            }
        }
    }

    /** Sends {@code echo} when the server has been silent for one interval; closes after a second. */
    private static final class ProbeHandler extends ChannelDuplexHandler {
        private final OvsdbRemote remote;
        private final Duration interval;
        volatile JsonRpcEndpoint endpoint;
        volatile OvsdbSession session;
        private boolean outstanding;

        ProbeHandler(OvsdbRemote remote, Duration interval) {
            this.remote = remote;
            this.interval = interval;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            outstanding = false;
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent e && e.state() == IdleState.READER_IDLE) {
                if (outstanding) {
                    String reason = "inactivity probe: no answer from " + remote + " within "
                            + interval.multipliedBy(2).toMillis() + " ms";
                    LOG.warn("{}; closing the connection", reason);
                    if (session != null) {
                        session.closeWith(reason);
                    } else {
                        ctx.close();
                    }
                    return;
                }
                JsonRpcEndpoint ep = endpoint;
                if (ep != null) {
                    outstanding = true;
                    ep.echo();
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    /**
     * Last in the pipeline: a protocol error closes the connection, saying why. Before the session exists (a
     * failed TLS handshake), the error is the handshake future's, which {@link #open} reports.
     */
    private static final class TailHandler extends ChannelInboundHandlerAdapter {
        private final OvsdbRemote remote;
        volatile OvsdbSession session;

        TailHandler(OvsdbRemote remote) {
            this.remote = remote;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            OvsdbSession s = session;
            if (s == null) {
                LOG.debug("{}: error while connecting: {}", remote, cause.toString());
                ctx.close();
                return;
            }
            LOG.warn("{}: closing after an error: {}", remote, rootMessage(cause));
            s.closeWith("error: " + rootMessage(cause));
        }
    }
}
