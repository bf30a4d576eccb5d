package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RouteChange;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.BoundedWait;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.ovsdb.nb.NbScope;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundListener;
import io.ovnbgp.ovsdb.nb.RowChange;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single OVN writer: makes the rows we own on the target router equal the Loc-RIB's ECMP sets.
 *
 * <p>One thread ("ovn-writer") owns all of its state. It takes Loc-RIB changes from the RIB's change stream and
 * Northbound events from the client's event thread (through an inbox), and turns whatever accumulated since its
 * last transaction into the next one: there is no fixed debounce; what arrives while a transaction is in flight
 * is coalesced (per prefix, by the change stream and by {@link DirtyPrefixes}) into the next transaction.
 *
 * <p>State: {@code desired} (prefix to usable next hops, from the RIB), the {@link OwnedRouteIndex} (the rows with
 * our owner key on the router, as we believe them), the {@link DirtyPrefixes} to diff next, the
 * {@link RouteAdmission} under {@code ovn.maxRoutes} and the {@link StartupConvergence} that keeps adopted rows
 * until the peers have converged. Each transaction ({@link WriterFlush}) is a {@link RouteTransaction} of a
 * {@link RoutePlanner} plan; the {@link WriterSchedule} says when, after a failed one, the next may go, and when
 * the view is audited.
 */
public final class StaticRouteReconciler implements NorthboundListener, AutoCloseable {
    public static final String OWNER_KEY = "ovn-bgp-bridge/owner";
    private static final Logger LOG = LoggerFactory.getLogger(StaticRouteReconciler.class);
    /**
     * Changes taken from the RIB per round: they wait compactly in its queue, and each round's diff follows at
     * once, so a full table arriving costs the writer one round's worth of change objects and dirty prefixes.
     */
    private static final int MAX_BATCH = 8192;

    /** The longest the writer sleeps with nothing to do: its timers (retry, audit, convergence) are checked so. */
    private static final Duration TICK = Duration.ofMillis(20);

    private static final Duration RIB_WAIT = Duration.ofSeconds(30);

    /** Whether every configured peer has converged; null when so, else what is still awaited. */
    public interface Convergence {
        String waitingFor();
    }

    /** Told of each committed transaction, on the writer thread (for benchmarks; keep it quick). */
    public interface CommitListener {
        /**
         * @param arrivalNanos the prefixes the transaction carried, each with the {@link System#nanoTime} arrival
         *     of the earliest UPDATE behind it (0 when none, e.g. a resync)
         * @param commitNanos when the commit was acknowledged
         * @param rowsOwned the rows of ours on the router after it
         */
        void committed(Map<String, Long> arrivalNanos, long commitNanos, int rowsOwned);
    }

    /** What the rows look like, from {@code ovn.*}. */
    public record Settings(
            String node,
            String router,
            String outputPort,
            String routeTable,
            String policy,
            int maxRoutes,
            boolean bfd,
            long bfdMinTx,
            long bfdMinRx,
            long bfdDetectMult,
            Duration staleTimeout) {
        public static Settings from(BridgeConfig c) {
            BridgeConfig.Ovn o = c.ovn();
            return new Settings(
                    c.nodeName(),
                    o.routerFor(c.nodeName()),
                    o.outputPortFor(c.nodeName()),
                    o.routeTable(),
                    o.policy(),
                    o.maxRoutes(),
                    o.bfd().enabled(),
                    o.bfd().minTx(),
                    o.bfd().minRx(),
                    o.bfd().detectMult(),
                    o.staleRouteTimeout());
        }

        boolean hasOutputPort() {
            return !outputPort.isEmpty();
        }

        /**
         * What of Northbound this node needs, as monitor conditions: its router, the rows it owns, the BFD rows on
         * its output port, and its node switch (ovn-kubernetes names it after the node) for the Pod subnets.
         */
        public NbScope scope() {
            return new NbScope(router, node, outputPort, OWNER_KEY, node);
        }
    }

    private final Settings settings;
    private final Rib rib;
    private final BridgeMetrics metrics;
    private final RouteColumns columns;
    private final WriterWakeup wakeup = new WriterWakeup();
    private final NorthboundInbox inbox = new NorthboundInbox(wakeup::signal);
    private final Thread thread;
    private volatile NorthboundClient nb;
    private volatile boolean closed;
    private volatile CommitListener commitListener;
    private final WriterStats stats = new WriterStats();

    private final WriterView view;

    // ---- owned by the writer thread (desired, admission and convergence also read through the view) ----
    private final DirtyPrefixes dirty = new DirtyPrefixes();
    private final StartupConvergence convergence;
    private final DesiredRoutes desired;
    private final OwnedRouteIndex index;
    private final WriterSchedule schedule = new WriterSchedule();
    private final WriterFlush flush;

    private boolean synced;
    private boolean routerMissingLogged;

    public StaticRouteReconciler(Settings settings, Rib rib, Convergence convergence, BridgeMetrics metrics) {
        this.settings = settings;
        this.rib = rib;
        this.metrics = metrics;
        this.columns = new RouteColumns(settings);
        RouteAdmission admission = new RouteAdmission(settings.maxRoutes(), metrics);
        this.convergence = new StartupConvergence(convergence, settings.staleTimeout());
        this.index = new OwnedRouteIndex(settings.node(), settings.router());
        this.desired = new DesiredRoutes(
                settings.hasOutputPort(),
                admission,
                this.convergence,
                dirty,
                p -> index.prefixes().contains(p));
        this.flush = new WriterFlush(
                settings,
                columns,
                metrics,
                stats,
                schedule,
                dirty,
                desired,
                index,
                this.convergence,
                () -> commitListener,
                this::countRepair,
                this::publishRowsOwned);
        this.view = new WriterView(settings, stats, desired, admission, this.convergence, () -> nb);
        this.thread = new Thread(this::run, "ovn-writer");
        this.thread.setDaemon(true);
    }

    /** Sets the listener told of each committed transaction (null for none). */
    public void commitListener(CommitListener listener) {
        this.commitListener = listener;
    }

    /** Starts the writer thread on this client (whose listener this reconciler must be). */
    public void start(NorthboundClient client) {
        this.nb = client;
        rib.changes().onPublish(wakeup::signal);
        thread.start();
    }

    // ---- NorthboundListener (nb-events thread): hand over to the writer ----

    @Override
    public void resynced(NbSnapshot snapshot) {
        metrics.nbConnected(true);
        inbox.resynced(snapshot);
    }

    @Override
    public void changed(List<RowChange> changes, NbSnapshot after) {
        inbox.changed(changes, after);
    }

    @Override
    public void disconnected(String reason) {
        metrics.nbConnected(false);
        inbox.disconnected(reason);
    }

    // ---- the writer ----

    private void run() {
        try {
            reloadRib();
            while (!closed) {
                try {
                    step();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // a bug of ours must not stop the writer: start over from the NB and RIB state
                    LOG.error("OVN writer: unexpected failure; resynchronizing", e);
                    stats.error(e.toString());
                    schedule.unexpectedFailure();
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    /**
     * One round: whatever the RIB and NB brought, then a transaction if one is due. It sleeps only when the round
     * found nothing to do, and then until either source signals (or its timers are due): a change never waits for
     * a poll timeout.
     */
    private void step() throws InterruptedException {
        List<RouteChange> batch = rib.changes().drainNow(MAX_BATCH);
        applyChanges(batch);
        boolean busy = handleInbox() || !batch.isEmpty();
        checkConvergence();
        long now = System.nanoTime();
        if (synced && schedule.takeRebuild(now)) {
            rebuild(nb.snapshot(), "after a failed transaction");
        }
        desired.admit(index.prefixes());
        audit(now);
        if (synced && index.router() != null && !dirty.isEmpty() && schedule.mayTransact(now)) {
            flush.flush(nb);
            busy = true;
        }
        if (!busy) {
            wakeup.await(TICK);
        }
    }

    /** Takes the whole Loc-RIB once, at start: what the RIB held before the writer followed its changes. */
    private void reloadRib() {
        Map<Prefix, List<IpAddress>> snap = BoundedWait.get(rib.snapshot(), RIB_WAIT, e -> {
            if (!(e instanceof InterruptedException)) {
                LOG.warn("OVN writer: no Loc-RIB snapshot ({}); following the change stream only", e.toString());
            }
            return null;
        });
        if (snap != null) {
            desired.replaceAll(snap);
        }
    }

    private void applyChanges(List<RouteChange> batch) {
        for (RouteChange c : batch) {
            desired.set(c.prefix(), c.nextHops(), c.firstArrivalNanos());
        }
        // the line under ovn.maxRoutes after each batch, so that what it holds back is never marked dirty
        desired.admit(index.prefixes());
    }

    private void markAllDirty() {
        desired.markAllDirty();
        dirty.markAll(index.prefixes());
        if (!index.unreadable().isEmpty()) {
            dirty.markUnreadable();
        }
    }

    /** Whether there was any. */
    private boolean handleInbox() {
        List<NorthboundInbox.Event> events = inbox.drain();
        for (NorthboundInbox.Event e : events) {
            if (e instanceof NorthboundInbox.Resynced r) {
                synced = true;
                stats.resynced();
                metrics.nbResync();
                schedule.resynced();
                // Only the NB side is diffed again: the change stream from the RIB loses nothing (it coalesces per
                // prefix and is drained whether NB is there or not), and a second copy of the Loc-RIB, a full
                // table's worth, would not fit beside the first.
                rebuild(r.snapshot(), "resync");
            } else if (e instanceof NorthboundInbox.Changed c) {
                if (synced) {
                    onChanged(c.changes(), c.after());
                }
            } else if (e instanceof NorthboundInbox.Disconnected d) {
                synced = false;
                stats.error("Northbound: " + d.reason());
            }
        }
        return !events.isEmpty();
    }

    /** Adopts the owned rows of the router in {@code s} as they are; every prefix is diffed next. */
    private void rebuild(NbSnapshot s, String why) {
        if (index.adopt(s)) {
            routerMissingLogged = false;
        } else if (!routerMissingLogged) {
            routerMissingLogged = true;
            LOG.warn("OVN Northbound has no logical router {}: routes wait until it exists", settings.router());
        }
        convergence.adopted(adoptedPrefixTexts());
        publishRowsOwned();
        markAllDirty();
        LOG.info(
                "OVN writer: {}: {} owned rows on {} adopted, {} prefixes wanted",
                why,
                index.size(),
                settings.router(),
                desired.size());
    }

    private List<String> adoptedPrefixTexts() {
        List<String> texts = new ArrayList<>(index.unreadable().keySet());
        index.prefixes().forEach(p -> texts.add(p.toString()));
        return texts;
    }

    /** Another writer's changes (and the echo of ours, which match the index and are ignored). */
    private void onChanged(List<RowChange> changes, NbSnapshot after) {
        if (index.routerChanged(changes, after)) {
            rebuild(after, index.router() == null ? "router " + settings.router() + " appeared" : "router replaced");
            return;
        }
        List<StaticRoute> deleted = new ArrayList<>();
        index.follow(changes, after, dirty::mark, deleted::add);
        if (!deleted.isEmpty()) {
            reportDeletedByOthers(deleted);
        }
        publishRowsOwned();
    }

    private void publishRowsOwned() {
        stats.rowsOwned(index.size());
        metrics.rowsOwned(index.size());
    }

    /**
     * Rows of ours someone else deleted: a repair (counted, and logged once per report) only for those BGP still
     * wants; the others were going anyway. A late commit of one of our own transactions whose answer was lost is
     * such a someone else: it may delete, after a resync, rows that only the old table had.
     */
    private void reportDeletedByOthers(List<StaticRoute> deleted) {
        List<StaticRoute> wanted = new ArrayList<>();
        for (StaticRoute r : deleted) {
            Optional<Prefix> p = OwnedRouteIndex.prefixOf(r);
            if (p.isPresent() && desired.wanted(p.get()).contains(RoutePlanner.canonicalNextHop(r.nexthop()))) {
                wanted.add(r);
                stats.repaired();
                metrics.repair();
            }
        }
        if (!wanted.isEmpty()) {
            StaticRoute first = wanted.get(0);
            LOG.warn(
                    "OVN writer: repair: {} rows BGP wants deleted by another writer (e.g. row {}, {} via {});"
                            + " writing them again",
                    wanted.size(),
                    first.uuid(),
                    first.ipPrefix(),
                    first.nexthop());
        }
        if (deleted.size() > wanted.size()) {
            LOG.info(
                    "OVN writer: {} rows of ours that BGP no longer wants were deleted by another writer (or by a late"
                            + " commit of our own)",
                    deleted.size() - wanted.size());
        }
    }

    private void countRepair(String what) {
        stats.repaired();
        metrics.repair();
        LOG.warn("OVN writer: repair: {}", what);
    }

    private void checkConvergence() {
        String why = convergence.due(System.nanoTime());
        if (why == null) {
            return;
        }
        // everything the RIB published before the peers' End-of-RIB is in the stream: take all of it first
        List<RouteChange> rest;
        while (!(rest = rib.changes().drainNow(MAX_BATCH)).isEmpty()) {
            applyChanges(rest);
        }
        convergence.reach();
        markAllDirty();
        LOG.info("OVN writer: converged ({}): owned rows BGP no longer wants may go now", why);
    }

    /** Every 30 s when quiet: our model against the NB cache, in case some report was missed. */
    private void audit(long now) {
        if (!synced || !dirty.isEmpty() || !schedule.takeAudit(now)) {
            return;
        }
        NbSnapshot s = nb.snapshot();
        int actual = index.differsFrom(s);
        if (actual < 0) {
            index.forgetEchoes();
        } else {
            LOG.warn(
                    "OVN writer: audit found {} owned rows where {} were expected; resynchronizing",
                    actual,
                    index.size());
            rebuild(s, "audit");
        }
    }

    /** What {@code /status} and {@code /routes} read (any thread). */
    public WriterView view() {
        return view;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            // within the daemon's bounded stop: the writer ends at its next check; a transaction in flight is
            // the server's to finish
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
