package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Backoff;
import io.ovnbgp.ovsdb.client.DbSchema;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.TransactionException;
import io.ovnbgp.ovsdb.client.TxResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 *       client's own event thread, in order. When the listener falls {@value ListenerQueue#PAUSE_AT} calls behind,
 *       the connection stops reading until it is down to {@value ListenerQueue#RESUME_AT}: the server holds the
 *       updates back (ovsdb-server merges a slow client's pending changes), instead of this queue growing without
 *       bound ({@link ListenerQueue}).</li>
 *   <li>{@link #transact} commits caller-built operations on the current (leader) connection, bounded.</li>
 * </ul>
 */
public final class NorthboundClient implements AutoCloseable {
    public static final String DATABASE = "OVN_Northbound";
    private static final Logger LOG = LoggerFactory.getLogger(NorthboundClient.class);

    /** The link as /status shows it. {@code server} is null while disconnected. */
    public record State(
            boolean connected, String remote, ServerStatus server, long resyncs, String lastError, Instant since) {}

    /**
     * How the monitor fares, for /status and benchmarks: the method in use (null before the first monitor),
     * full dumps and resumed monitors so far, the last transaction id seen ({@code monitor_cond_since} only, else
     * null), and the bytes received on the current (or last) connection.
     */
    public record MonitorStats(MonitorMode inUse, long fullDumps, long resumes, String lastTxnId, long bytesReceived) {}

    private final NorthboundOptions options;
    private final NorthboundListener listener;
    private final OvsdbSession.Options sessionOptions;
    private final NbCache cache = new NbCache();
    private final Backoff backoff;
    private final ScheduledExecutorService control;
    private final ListenerQueue queue = new ListenerQueue();
    private final NbMonitor monitor;
    private final StaleMemberGuard guard;
    private final AtomicLong sessions = new AtomicLong();
    private final Object readyLock = new Object();
    private volatile ActiveSession active;
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
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nb-connect");
            t.setDaemon(true);
            return t;
        });
        this.monitor = new NbMonitor(options, cache, listener, queue);
        this.guard = new StaleMemberGuard(options.remotes().size());
        this.state = new State(false, options.remotes().get(0).toString(), null, 0, null, Instant.now());
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
        return monitor.stats();
    }

    /** Listener calls queued or running; see {@link ListenerQueue#backlog()}. */
    int listenerBacklog() {
        return queue.backlog();
    }

    /** How many times the connection stopped reading because the listener fell behind. */
    long readPauses() {
        return queue.pauses();
    }

    /** Calls sent on the current connection and not yet answered (0 when idle: nothing of a finished call kept). */
    int pendingCalls() {
        ActiveSession a = active;
        return a == null ? 0 : a.session.pendingCalls();
    }

    /** Tests: drops the current connection as a network failure would; the client reconnects. */
    void dropConnection(String why) {
        ActiveSession a = active;
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
        ActiveSession a = requireActive();
        if (a.session.inEventLoop()) {
            throw new IllegalStateException("transact on a Netty thread would wait for itself");
        }
        // a listener that writes while it is behind would wait for a reply that the paused connection never
        // reads: reading goes on for as long as the listener's own transaction is in flight
        boolean fromListener = queue.onEventThread();
        if (fromListener) {
            queue.transactStarted();
        }
        try {
            return a.session.transact(DATABASE, ops, timeout);
        } catch (TransactionException e) {
            onTransactionFailure(a, e);
            throw e;
        } finally {
            if (fromListener) {
                queue.transactDone();
            }
        }
    }

    private ActiveSession requireActive() throws TransactionException {
        ActiveSession a = active;
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

    private void onTransactionFailure(ActiveSession a, TransactionException e) {
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
            monitor.opened(s);
            ActiveSession a = new ActiveSession(s, sessions.incrementAndGet());
            ServerStatus st = connect(remote, a);
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
                    monitor.inUse().wire() + (a.resumed ? " resumed" : " full dump"),
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
     * Watches {@code _Server}, reads the schema, refuses a stale member (and, with leaderOnly, a follower), then
     * starts the NB monitor. Returns the server's status as first read.
     */
    private ServerStatus connect(OvsdbRemote remote, ActiveSession a) throws OvsdbException, InterruptedException {
        OvsdbSession s = a.session;
        ServerStatus st = RpcWait.get(
                ServerWatch.watch(s, DATABASE, status -> onServerStatus(a, status), options.rpcTimeout()),
                remote + ": _Server",
                options.rpcTimeout());
        DbSchema schema = s.schema(DATABASE, options.rpcTimeout());
        schemaVersion = schema.version();
        if (a.status == null) {
            a.status = st; // unless an update already told us something newer
        }
        if (guard.check(remote, a.status)) {
            monitor.forgetResumePoint();
        }
        if (options.leaderOnly() && !st.acceptsLeaderOnlyWrites()) {
            throw new OvsdbException(
                    remote + ": " + (st.connected() ? "not the cluster leader" : "not connected to its cluster")
                            + "; trying another member");
        }
        monitor.start(a);
        backoff.reset();
        return st;
    }

    private void retryAfterFailure(OvsdbRemote remote, String error) {
        Duration d = backoff.next();
        LOG.warn("OVN Northbound: {}; next attempt in {} ms", error, d.toMillis());
        state = new State(false, remote.toString(), null, cache.current().generation(), error, Instant.now());
        schedule(d);
    }

    private void onClosed(ActiveSession a) {
        if (active != a) {
            return;
        }
        active = null;
        String reason = a.session.closeReason();
        LOG.warn("OVN Northbound: lost {} ({}); reconnecting", a.session.remote(), reason);
        state = new State(
                false, a.session.remote().toString(), null, cache.current().generation(), reason, Instant.now());
        queue.post(() -> listener.disconnected(reason));
        schedule(backoff.next());
    }

    /** On the Netty thread: leadership or cluster connectivity changed. */
    private void onServerStatus(ActiveSession a, ServerStatus status) {
        a.status = status;
        if (active == a) {
            guard.seen(status.index());
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
        ActiveSession a = active;
        active = null;
        if (a != null) {
            a.session.close();
        }
        queue.close();
    }
}
