package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Backoff;
import io.ovnbgp.ovsdb.client.DbSchema;
import io.ovnbgp.ovsdb.client.MonitorMethod;
import io.ovnbgp.ovsdb.client.MonitorRequest;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbRpcException;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.RowUpdate;
import io.ovnbgp.ovsdb.client.TransactionException;
import io.ovnbgp.ovsdb.client.TxResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection to OVN Northbound and a monitored cache of the tables the bridge uses.
 *
 * <ul>
 *   <li>Connects to the remote, or to the members of a RAFT cluster in turn; with {@code leaderOnly} it stays
 *       only on the member whose {@code _Server.Database} row says leader and connected, and leaves as soon as
 *       that stops being true.</li>
 *   <li>When the connection drops or leadership moves: reconnects after a back-off (0.5 s doubling to 30 s by
 *       default, cycling the members; the delay doubles once per round through them), then monitors again and
 *       tells the listener {@link NorthboundListener#resynced} with the fresh full state. With
 *       {@code monitor_cond_since} (a clustered server keeps recent transactions in memory) the monitor resumes
 *       from the last transaction id seen: only the changes since then are sent, no full dump.</li>
 *   <li>Never moves back in time: a RAFT member whose {@code _Server.Database} index is below the highest seen
 *       (a member that has not caught up) is refused and the next one tried.</li>
 *   <li>Monitors with {@link NorthboundOptions#monitorMode()} (the newest method the server offers, by default)
 *       and only the rows {@link NorthboundOptions#scope()} names.</li>
 *   <li>Updates are applied to the cache on the Netty thread as they arrive; the listener hears of them on this
 *       client's own event thread, in order. When the listener falls {@value #PAUSE_AT} calls behind, the
 *       connection stops reading until it is down to {@value #RESUME_AT}: the server holds the updates back
 *       (ovsdb-server merges a slow client's pending changes), instead of this queue growing without bound.</li>
 *   <li>{@link #transact} commits caller-built operations on the current (leader) connection, bounded.</li>
 * </ul>
 */
public final class NorthboundClient implements AutoCloseable {
    public static final String DATABASE = "OVN_Northbound";
    private static final Logger LOG = LoggerFactory.getLogger(NorthboundClient.class);
    private static final String MONITOR_ID = "ovn-bgp-bridge-nb";
    static final int PAUSE_AT = 64;
    static final int RESUME_AT = 16;

    /** The link as /status shows it. {@code server} is null while disconnected. */
    public record State(
            boolean connected, String remote, ServerStatus server, long resyncs, String lastError, Instant since) {}

    /**
     * How the monitor fares, for /status and benchmarks: the method in use (null before the first monitor),
     * full dumps and resumed monitors so far, the last transaction id seen ({@code monitor_cond_since} only, else
     * null), and the bytes received on the current (or last) connection.
     */
    public record MonitorStats(MonitorMode inUse, long fullDumps, long resumes, String lastTxnId, long bytesReceived) {}

    private static final class Active {
        final OvsdbSession session;
        final long id;
        volatile ServerStatus status;
        volatile boolean resumed;

        Active(OvsdbSession session, long id) {
            this.session = session;
            this.id = id;
        }
    }

    private final NorthboundOptions options;
    private final NorthboundListener listener;
    private final OvsdbSession.Options sessionOptions;
    private final NbCache cache = new NbCache();
    private final Backoff backoff;
    private final ScheduledExecutorService control;
    private final ThreadPoolExecutor events;
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicLong pauses = new AtomicLong();
    private volatile OvsdbSession paused;
    private volatile boolean listenerInTransact;
    private volatile Thread eventThread;
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicLong fullDumps = new AtomicLong();
    private final AtomicLong resumes = new AtomicLong();
    private volatile MonitorMethod inUse;
    private volatile String lastTxnId;
    private volatile OvsdbSession lastSession;
    private volatile long highestIndex;
    private int staleRefusals;
    private final Object readyLock = new Object();
    private volatile Active active;
    private volatile State state;
    private volatile String schemaVersion;
    private volatile boolean closed;
    private int nextRemote;

    private NorthboundClient(NorthboundOptions options, NorthboundListener listener) {
        this.options = options;
        this.listener = listener;
        this.sessionOptions = new OvsdbSession.Options(options.tls(), options.probeInterval());
        this.backoff = new Backoff(
                options.minBackoff(), options.maxBackoff(), options.remotes().size());
        this.control = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "nb-connect"));
        this.events = new ThreadPoolExecutor(
                1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> daemon(r, "nb-events"));
        this.state = new State(false, options.remotes().get(0).toString(), null, 0, null, Instant.now());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts connecting in the background; use {@link #awaitSynced} to wait for the first full state. */
    public static NorthboundClient start(NorthboundOptions options, NorthboundListener listener) {
        NorthboundClient c = new NorthboundClient(options, listener == null ? new NorthboundListener() {} : listener);
        c.control.execute(c::attempt);
        return c;
    }

    /**
     * The cache as of the last update applied: empty with generation 0 before the first sync, and the last known
     * state (stale) while disconnected; see {@link #isReady()}.
     */
    public NbSnapshot snapshot() {
        return cache.current();
    }

    public State state() {
        return state;
    }

    /** The version of the Northbound schema of the last server connected to (e.g. "7.0.0"), or null before. */
    public String schemaVersion() {
        return schemaVersion;
    }

    public MonitorStats monitorStats() {
        MonitorMethod m = inUse;
        OvsdbSession last = lastSession;
        return new MonitorStats(
                m == null ? null : MonitorMode.parse(m.wire()),
                fullDumps.get(),
                resumes.get(),
                lastTxnId,
                last == null ? 0 : last.bytesReceived());
    }

    /** Listener calls queued or running; at most about {@link #PAUSE_AT} plus what one read already decoded. */
    int listenerBacklog() {
        return backlog.get();
    }

    /** How many times the connection stopped reading because the listener fell behind. */
    long readPauses() {
        return pauses.get();
    }

    /** Calls sent on the current connection and not yet answered (0 when idle: nothing of a finished call kept). */
    int pendingCalls() {
        Active a = active;
        return a == null ? 0 : a.session.pendingCalls();
    }

    /** Tests: drops the current connection as a network failure would; the client reconnects. */
    void dropConnection(String why) {
        Active a = active;
        if (a != null) {
            a.session.closeAsync(why);
        }
    }

    /** Connected, synced, and (with leaderOnly) on the leader. */
    public boolean isReady() {
        return active != null;
    }

    /** Waits, at most {@code timeout}, until {@link #isReady()}; returns whether it is. */
    public boolean awaitSynced(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (readyLock) {
            while (active == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(readyLock, left);
            }
            return active != null;
        }
    }

    /**
     * Commits {@code ops} as one transaction on the current connection, waiting at most {@code timeout}. Fails at
     * once with {@link TransactionException.Kind#NOT_CONNECTED} or {@code NOT_LEADER} rather than waiting for a
     * reconnect: after a reconnect the caller's view is superseded by {@link NorthboundListener#resynced}.
     */
    public TxResult transact(List<Op> ops, Duration timeout) throws TransactionException {
        Active a = requireActive();
        if (a.session.inEventLoop()) {
            throw new IllegalStateException("transact on a Netty thread would wait for itself");
        }
        // a listener that writes while it is behind would wait for a reply that the paused connection never
        // reads: reading goes on for as long as the listener's own transaction is in flight
        boolean fromListener = Thread.currentThread() == eventThread;
        if (fromListener) {
            listenerInTransact = true;
            resumeReading();
        }
        try {
            return a.session.transact(DATABASE, ops, timeout);
        } catch (TransactionException e) {
            onTransactionFailure(a, e);
            throw e;
        } finally {
            if (fromListener) {
                listenerInTransact = false;
            }
        }
    }

    private Active requireActive() throws TransactionException {
        Active a = active;
        if (a == null) {
            State s = state;
            throw new TransactionException(
                    TransactionException.Kind.NOT_CONNECTED,
                    -1,
                    null,
                    null,
                    null,
                    false,
                    "not connected to OVN Northbound" + (s.lastError() == null ? "" : ": " + s.lastError()),
                    null);
        }
        ServerStatus st = a.status;
        if (options.leaderOnly() && st != null && !st.acceptsLeaderOnlyWrites()) {
            throw new TransactionException(
                    TransactionException.Kind.NOT_LEADER,
                    -1,
                    null,
                    null,
                    null,
                    false,
                    a.session.remote() + " is not the leader of the " + DATABASE + " cluster",
                    null);
        }
        return a;
    }

    private void onTransactionFailure(Active a, TransactionException e) {
        if (e.kind() == TransactionException.Kind.NOT_LEADER) {
            a.session.closeAsync("the server answered 'not leader'");
        }
    }

    // ---- connection management (control thread) ----------------------------------------------------------

    private void attempt() {
        if (closed) {
            return;
        }
        List<OvsdbRemote> remotes = options.remotes();
        OvsdbRemote remote = remotes.get(nextRemote);
        nextRemote = (nextRemote + 1) % remotes.size();
        OvsdbSession s = null;
        long t0 = System.nanoTime();
        try {
            s = OvsdbSession.open(remote, sessionOptions, options.connectTimeout());
            lastSession = s;
            Active a = new Active(s, sessions.incrementAndGet());
            ServerStatus st = get(
                    ServerWatch.watch(s, DATABASE, status -> onServerStatus(a, status), options.rpcTimeout()),
                    remote + ": _Server");
            DbSchema schema = s.schema(DATABASE, options.rpcTimeout());
            schemaVersion = schema.version();
            if (a.status == null) {
                a.status = st; // unless an update already told us something newer
            }
            refuseIfStale(remote, a.status);
            if (options.leaderOnly() && !st.acceptsLeaderOnlyWrites()) {
                throw new OvsdbException(
                        remote + ": " + (st.connected() ? "not the cluster leader" : "not connected to its cluster")
                                + "; trying another member");
            }
            monitor(s, a, schema);
            backoff.reset();
            // state first: whoever sees isReady() must see the state that goes with it
            state = new State(true, remote.toString(), st, cache.current().generation(), null, Instant.now());
            synchronized (readyLock) {
                active = a;
                readyLock.notifyAll();
            }
            LOG.info(
                    "OVN Northbound: synced from {} ({}{}, {} rows, {}) in {} ms",
                    remote,
                    st.model(),
                    st.clustered() ? (st.leader() ? " leader" : " follower") : "",
                    cache.current().size(),
                    inUse.wire() + (a.resumed ? " resumed" : " full dump"),
                    (System.nanoTime() - t0) / 1_000_000);
            s.whenClosed(() -> submit(() -> onClosed(a)));
        } catch (OvsdbException | RuntimeException e) {
            if (s != null) {
                s.close();
            }
            retryAfterFailure(remote, e.getMessage());
        } catch (InterruptedException e) {
            if (s != null) {
                s.close();
            }
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Starts the NB monitor with the configured method; {@code AUTO} steps down to an older method while the
     * server answers "unknown method". {@code monitor_cond_since} resumes from the last transaction id seen.
     */
    private void monitor(OvsdbSession s, Active a, DbSchema schema) throws OvsdbException, InterruptedException {
        List<MonitorRequest> requests = NbTable.monitorRequests(options.scope());
        List<MonitorMethod> methods = switch (options.monitorMode()) {
            case AUTO -> List.of(MonitorMethod.values());
            case MONITOR_COND_SINCE -> List.of(MonitorMethod.MONITOR_COND_SINCE);
            case MONITOR_COND -> List.of(MonitorMethod.MONITOR_COND);
            case MONITOR -> List.of(MonitorMethod.MONITOR);
        };
        for (int i = 0; ; i++) {
            MonitorMethod m = methods.get(i);
            try {
                Sink sink = new Sink(a, m);
                String since = m == MonitorMethod.MONITOR_COND_SINCE ? lastTxnId : null;
                get(
                        s.monitor(DATABASE, MONITOR_ID, m, requests, since, sink, options.rpcTimeout()),
                        s.remote() + ": " + m.wire() + " " + DATABASE);
                inUse = m;
                return;
            } catch (OvsdbRpcException e) {
                if (!e.unknownMethod() || i == methods.size() - 1) {
                    throw e;
                }
                LOG.info(
                        "OVN Northbound: {} does not offer {}; trying {}",
                        s.remote(),
                        m.wire(),
                        methods.get(i + 1).wire());
            }
        }
    }

    /**
     * Refuses a RAFT member that is behind what we have seen (its index lower than the highest seen): its rows
     * would take us back in time. A whole round of refusals means the cluster itself was rebuilt: start over.
     */
    private void refuseIfStale(OvsdbRemote remote, ServerStatus st) throws OvsdbException {
        if (!st.clustered() || st.index() <= 0) {
            return;
        }
        long seen = highestIndex;
        if (st.index() < seen) {
            if (++staleRefusals >= options.remotes().size()) {
                LOG.warn("OVN Northbound: every member is behind index {}; the cluster was rebuilt?", seen);
                staleRefusals = 0;
                highestIndex = st.index();
                lastTxnId = null;
                return;
            }
            throw new OvsdbException(remote + ": its database is at index " + st.index() + ", behind index " + seen
                    + " already seen; trying another member");
        }
        staleRefusals = 0;
        highestIndex = st.index();
    }

    private <T> T get(CompletableFuture<T> f, String what) throws OvsdbException, InterruptedException {
        try {
            return f.get(options.rpcTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OvsdbException oe) {
                throw oe;
            }
            throw new OvsdbException(what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new OvsdbException(what + ": no answer within " + options.rpcTimeout(), e);
        }
    }

    private void retryAfterFailure(OvsdbRemote remote, String error) {
        Duration d = backoff.next();
        LOG.warn("OVN Northbound: {}; next attempt in {} ms", error, d.toMillis());
        state = new State(false, remote.toString(), null, cache.current().generation(), error, Instant.now());
        schedule(d);
    }

    private void onClosed(Active a) {
        if (active != a) {
            return;
        }
        active = null;
        String reason = a.session.closeReason();
        LOG.warn("OVN Northbound: lost {} ({}); reconnecting", a.session.remote(), reason);
        state = new State(
                false, a.session.remote().toString(), null, cache.current().generation(), reason, Instant.now());
        post(() -> listener.disconnected(reason));
        schedule(backoff.next());
    }

    /** On the Netty thread: leadership or cluster connectivity changed. */
    private void onServerStatus(Active a, ServerStatus status) {
        a.status = status;
        if (active == a && status.index() > highestIndex) {
            highestIndex = status.index();
        }
        if (active == a) {
            State s = state;
            state = new State(s.connected(), s.remote(), status, s.resyncs(), s.lastError(), s.since());
        }
        if (options.leaderOnly() && !status.acceptsLeaderOnlyWrites()) {
            String why = status.connected() ? "no longer the cluster leader" : "lost contact with its cluster";
            LOG.info("OVN Northbound: {} is {}; moving to another member", a.session.remote(), why);
            a.session.closeAsync(a.session.remote() + " is " + why);
        }
    }

    private void schedule(Duration d) {
        if (closed) {
            return;
        }
        try {
            control.schedule(this::attempt, d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void submit(Runnable r) {
        try {
            control.execute(r);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /**
     * Queues a listener call. Called on the Netty thread for monitor updates: when the listener is
     * {@link #PAUSE_AT} calls behind, the connection stops reading (the server keeps the updates) until it is
     * down to {@link #RESUME_AT}. The queue itself stays unbounded in type so that no update is ever dropped; what
     * can arrive after the pause is what one read had already decoded.
     */
    private void post(Runnable r, OvsdbSession from) {
        int n = backlog.incrementAndGet();
        if (from != null && n >= PAUSE_AT && paused == null && !listenerInTransact) {
            paused = from;
            pauses.incrementAndGet();
            from.setReading(false);
        }
        try {
            events.execute(() -> {
                eventThread = Thread.currentThread();
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.error("OVN Northbound listener failed", e);
                } finally {
                    if (backlog.decrementAndGet() <= RESUME_AT) {
                        resumeReading();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            backlog.decrementAndGet(); // closing
        }
    }

    private void post(Runnable r) {
        post(r, null);
    }

    private void resumeReading() {
        OvsdbSession p = paused;
        if (p != null) {
            paused = null;
            p.setReading(true);
        }
    }

    /** The NB monitor of one session; runs on the Netty thread. */
    private final class Sink implements OvsdbSession.MonitorSink {
        private final Active owner;
        private final MonitorMethod method;

        Sink(Active owner, MonitorMethod method) {
            this.owner = owner;
            this.method = method;
        }

        @Override
        public void initial(List<RowUpdate> rows) {
            fullDumps.incrementAndGet();
            if (method != MonitorMethod.MONITOR_COND_SINCE) {
                lastTxnId = null; // nothing to resume from after this session
            }
            NbSnapshot s = cache.replace(rows);
            post(() -> listener.resynced(s), owner.session);
        }

        @Override
        public void resumed(List<RowUpdate> changes) {
            resumes.incrementAndGet();
            owner.resumed = true;
            cache.apply(changes);
            NbSnapshot s = cache.current();
            post(() -> listener.resynced(s), owner.session);
        }

        @Override
        public void update(List<RowUpdate> rows) {
            if (owner.session.closeReason() != null) {
                return;
            }
            NbCache.Applied applied = cache.apply(rows);
            if (!applied.changes().isEmpty()) {
                post(() -> listener.changed(applied.changes(), applied.after()), owner.session);
            }
        }

        @Override
        public void lastTxnId(String txnId) {
            if (owner.session.closeReason() == null) {
                lastTxnId = txnId;
            }
        }
    }

    /** Stops reconnecting, closes the connection, and lets queued listener calls finish (bounded). */
    @Override
    public void close() {
        closed = true;
        synchronized (readyLock) {
            readyLock.notifyAll();
        }
        control.shutdownNow();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Active a = active;
        active = null;
        if (a != null) {
            a.session.close();
        }
        events.shutdown();
        try {
            if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
                events.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
