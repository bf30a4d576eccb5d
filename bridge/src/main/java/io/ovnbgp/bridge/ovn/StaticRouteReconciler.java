package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RouteChange;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.ovn.RoutePlanner.Plan;
import io.ovnbgp.bridge.ovn.RoutePlanner.RowKey;
import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Mutation;
import io.ovnbgp.ovsdb.client.NamedUuid;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.TransactionException;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.Bfd;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NbTable;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundListener;
import io.ovnbgp.ovsdb.nb.RowChange;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import io.ovnbgp.ovsdb.nb.StaticRouteSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single OVN writer: makes the rows we own on the target router equal the Loc-RIB's ECMP sets.
 *
 * <p>One thread ("ovn-writer") owns all of its state. It takes Loc-RIB changes from the RIB's change stream and
 * Northbound events from the client's event thread (through an inbox), and turns whatever accumulated since its
 * last transaction into the next one: there is no fixed debounce; what arrives while a transaction is in flight
 * is coalesced (per prefix, by the change stream and by the dirty set here) into the next transaction.
 *
 * <p>State: {@code desired} (prefix to usable next hops, from the RIB), {@code ours} (the rows with our owner key
 * on the router, as we believe them: from the NB snapshot at each resync, then our own committed effects and the
 * monitor's reports of other writers' changes), and {@code dirty} (prefixes to diff next, with the earliest arrival
 * time of the UPDATEs behind them, for the sync-lag histogram).
 */
public final class StaticRouteReconciler implements NorthboundListener, AutoCloseable {
    public static final String OWNER_KEY = "ovn-bgp-bridge/owner";
    private static final Logger LOG = LoggerFactory.getLogger(StaticRouteReconciler.class);
    private static final int MAX_BATCH = 1_000_000;
    /** Rows changed by one transaction at most; the rest follow in the next one. */
    static final int MAX_OPS = 20_000;
    /** Up to this many inserts, each is guarded by a {@code wait} that no row of ours for the key exists yet. */
    static final int DUPLICATE_GUARD_MAX = 64;
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration TX_TIMEOUT = Duration.ofSeconds(60);
    private static final long AUDIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

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
    public record Settings(String node, String router, String outputPort, String routeTable, String policy,
            int maxRoutes, boolean bfd, long bfdMinTx, long bfdMinRx, long bfdDetectMult, Duration staleTimeout) {
        public static Settings from(BridgeConfig c) {
            BridgeConfig.Ovn o = c.ovn();
            return new Settings(c.nodeName(), o.routerFor(c.nodeName()), o.outputPortFor(c.nodeName()),
                    o.routeTable(), o.policy(), o.maxRoutes(), o.bfd().enabled(), o.bfd().minTx(), o.bfd().minRx(),
                    o.bfd().detectMult(), o.staleRouteTimeout());
        }

        boolean hasOutputPort() {
            return !outputPort.isEmpty();
        }
    }

    private sealed interface Event permits Resynced, Changed, Disconnected {
    }

    private record Resynced(NbSnapshot snapshot) implements Event {
    }

    private record Changed(List<RowChange> changes, NbSnapshot after) implements Event {
    }

    private record Disconnected(String reason) implements Event {
    }

    private final Settings settings;
    private final Rib rib;
    private final Convergence convergence;
    private final BridgeMetrics metrics;
    private final Map<String, String> ownerIds;
    private final ConcurrentLinkedQueue<Event> inbox = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile NorthboundClient nb;
    private volatile boolean closed;

    // ---- owned by the writer thread; the maps read by /status are concurrent ----
    private final Map<Prefix, List<IpAddress>> desired = new ConcurrentHashMap<>();
    private long desiredRows;
    private boolean admissionStale;
    private final Map<Uuid, StaticRoute> ours = new HashMap<>();
    private final Map<String, Map<Uuid, StaticRoute>> oursByPrefix = new HashMap<>();
    private final LinkedHashMap<String, Long> dirty = new LinkedHashMap<>();
    private Uuid router;
    private boolean synced;
    private boolean converged;
    private final long startNanos = System.nanoTime();
    private long nextConvergenceCheck;
    /** Before convergence: every row key BGP wanted since start; such a row may go as soon as it is unwanted. */
    private Set<RowKey> confirmed = new HashSet<>();
    private long lastTxnNanos;
    private long nextAudit = System.nanoTime() + AUDIT_NANOS;
    private long retryAt;
    private long rebuildAt;
    private long backoffMillis = 100;
    private String routerMissingLogged;

    // ---- published for /status ----
    private volatile Set<Prefix> heldBack = Set.of();
    private volatile int rowsOwned;
    private volatile long repairs;
    private volatile long resyncs;
    private volatile long transactions;
    private volatile long failedTransactions;
    private volatile String lastError;
    private volatile Instant lastCommit;
    private volatile String waitingFor = "start";
    private volatile boolean publishedConverged;
    private volatile CommitListener commitListener;
    private final SyncLagWindow syncLag = new SyncLagWindow();

    public StaticRouteReconciler(Settings settings, Rib rib, Convergence convergence, BridgeMetrics metrics) {
        this.settings = settings;
        this.rib = rib;
        this.convergence = convergence;
        this.metrics = metrics;
        this.ownerIds = Map.of(OWNER_KEY, settings.node());
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
        thread.start();
    }

    // ---- NorthboundListener (nb-events thread): hand over to the writer ----

    @Override
    public void resynced(NbSnapshot snapshot) {
        metrics.nbConnected(true);
        inbox.add(new Resynced(snapshot));
    }

    @Override
    public void changed(List<RowChange> changes, NbSnapshot after) {
        inbox.add(new Changed(changes, after));
    }

    @Override
    public void disconnected(String reason) {
        metrics.nbConnected(false);
        inbox.add(new Disconnected(reason));
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
                    lastError = e.toString();
                    retryAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    rebuildAt = retryAt;
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            // closing
        }
    }

    private void step() throws InterruptedException {
        List<RouteChange> batch = rib.changes().poll(MAX_BATCH, POLL);
        applyChanges(batch);
        handleInbox();
        checkConvergence();
        long now = System.nanoTime();
        if (rebuildAt != 0 && now - rebuildAt >= 0 && synced) {
            rebuildAt = 0;
            rebuild(nb.snapshot(), "after a failed transaction");
        }
        if (admissionStale) {
            recomputeAdmission();
        }
        audit(now);
        if (synced && router != null && !dirty.isEmpty() && now - retryAt >= 0) {
            flush();
        }
    }

    private void reloadRib() throws InterruptedException {
        Map<Prefix, List<IpAddress>> snap;
        try {
            snap = rib.snapshot().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("OVN writer: no Loc-RIB snapshot ({}); following the change stream only", e.toString());
            return;
        }
        for (Prefix p : List.copyOf(desired.keySet())) {
            if (!snap.containsKey(p)) {
                setDesired(p, List.of(), 0);
            }
        }
        snap.forEach((p, nhs) -> setDesired(p, nhs, 0));
    }

    private void applyChanges(List<RouteChange> batch) {
        for (RouteChange c : batch) {
            setDesired(c.prefix(), c.nextHops(), c.firstArrivalNanos());
        }
    }

    private void setDesired(Prefix p, List<IpAddress> nextHops, long arrivalNanos) {
        List<IpAddress> usable = new ArrayList<>(nextHops.size());
        for (IpAddress a : nextHops) {
            if (RoutePlanner.usable(a, settings.hasOutputPort())) {
                usable.add(a);
            }
        }
        List<IpAddress> old = usable.isEmpty() ? desired.remove(p) : desired.put(p, List.copyOf(usable));
        desiredRows += usable.size() - (old == null ? 0 : old.size());
        if (usable.size() != nextHops.size()) {
            LOG.debug("{}: link-local next hops skipped: no ovn.outputPort", p);
        }
        if (!converged) {
            for (IpAddress a : usable) {
                confirmed.add(new RowKey(p.toString(), a.toString()));
            }
        }
        if (desiredRows > settings.maxRoutes() || !heldBack.isEmpty()) {
            admissionStale = true;
        }
        markDirty(p.toString(), arrivalNanos);
    }

    private void markDirty(String prefixKey, long arrivalNanos) {
        Long old = dirty.get(prefixKey);
        if (old == null || old == 0 || (arrivalNanos != 0 && arrivalNanos - old < 0)) {
            dirty.put(prefixKey, arrivalNanos);
        }
    }

    private void markAllDirty() {
        desired.keySet().forEach(p -> markDirty(p.toString(), 0));
        oursByPrefix.keySet().forEach(k -> markDirty(k, 0));
    }

    private void recomputeAdmission() {
        admissionStale = false;
        Map<Prefix, Integer> rows = new HashMap<>();
        desired.forEach((p, nhs) -> rows.put(p, nhs.size()));
        Set<Prefix> next = RoutePlanner.heldBack(rows, settings.maxRoutes());
        Set<Prefix> before = heldBack;
        if (next.equals(before)) {
            return;
        }
        for (Prefix p : before) {
            if (!next.contains(p)) {
                markDirty(p.toString(), 0);
            }
        }
        for (Prefix p : next) {
            if (!before.contains(p)) {
                markDirty(p.toString(), 0);
            }
        }
        if (next.size() > 0 && before.isEmpty()) {
            LOG.warn("ovn.maxRoutes {} reached: {} prefixes held back (admitted: IPv4 first, shortest, lowest)",
                    settings.maxRoutes(), next.size());
        }
        heldBack = Set.copyOf(next);
        metrics.routesHeldBack(next.size());
    }

    private void handleInbox() {
        Event e;
        while ((e = inbox.poll()) != null) {
            if (e instanceof Resynced r) {
                synced = true;
                resyncs++;
                metrics.nbResync();
                retryAt = 0;
                rebuildAt = 0;
                rebuild(r.snapshot(), "resync");
                try {
                    reloadRib();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } else if (e instanceof Changed c) {
                if (synced) {
                    onChanged(c.changes(), c.after());
                }
            } else if (e instanceof Disconnected d) {
                synced = false;
                lastError = "Northbound: " + d.reason();
            }
        }
    }

    /** Replaces {@code ours} with the owned rows of the router in {@code s}; every prefix is diffed next. */
    private void rebuild(NbSnapshot s, String why) {
        Optional<LogicalRouter> r = s.router(settings.router());
        router = r.map(LogicalRouter::uuid).orElse(null);
        ours.clear();
        oursByPrefix.clear();
        if (r.isPresent()) {
            routerMissingLogged = null;
            for (StaticRoute row : s.staticRoutesOf(r.get())) {
                if (owned(row)) {
                    putOurs(row);
                }
            }
        } else if (!settings.router().equals(routerMissingLogged)) {
            routerMissingLogged = settings.router();
            LOG.warn("OVN Northbound has no logical router {}: routes wait until it exists", settings.router());
        }
        rowsOwned = ours.size();
        metrics.rowsOwned(ours.size());
        markAllDirty();
        LOG.info("OVN writer: {}: {} owned rows on {} adopted, {} prefixes wanted", why, ours.size(),
                settings.router(), desired.size());
    }

    private boolean owned(StaticRoute row) {
        return settings.node().equals(row.externalIds().get(OWNER_KEY));
    }

    private void putOurs(StaticRoute row) {
        StaticRoute old = ours.put(row.uuid(), row);
        if (old != null) {
            removeIndex(old);
        }
        oursByPrefix.computeIfAbsent(RoutePlanner.canonicalPrefix(row.ipPrefix()), k -> new HashMap<>())
                .put(row.uuid(), row);
    }

    private StaticRoute removeOurs(Uuid uuid) {
        StaticRoute old = ours.remove(uuid);
        if (old != null) {
            removeIndex(old);
        }
        return old;
    }

    private void removeIndex(StaticRoute row) {
        String k = RoutePlanner.canonicalPrefix(row.ipPrefix());
        Map<Uuid, StaticRoute> m = oursByPrefix.get(k);
        if (m != null) {
            m.remove(row.uuid());
            if (m.isEmpty()) {
                oursByPrefix.remove(k);
            }
        }
    }

    /** Another writer's changes (and the echo of ours, which match {@code ours} and are ignored). */
    private void onChanged(List<RowChange> changes, NbSnapshot after) {
        Uuid r = after.router(settings.router()).map(LogicalRouter::uuid).orElse(null);
        if (!Objects.equals(r, router)) {
            rebuild(after, router == null ? "router " + settings.router() + " appeared" : "router replaced");
            return;
        }
        for (RowChange ch : changes) {
            if (ch.table() != NbTable.STATIC_ROUTE) {
                continue;
            }
            Uuid u = ch.uuid();
            if (ch.kind() == RowChange.Kind.DELETED) {
                StaticRoute gone = removeOurs(u);
                if (gone != null) {
                    countRepair("row " + u + " (" + gone.ipPrefix() + " via " + gone.nexthop() + ") deleted by "
                            + "another writer");
                    markDirty(RoutePlanner.canonicalPrefix(gone.ipPrefix()), 0);
                }
                continue;
            }
            StaticRoute now = (StaticRoute) ch.after();
            StaticRoute mine = ours.get(u);
            if (mine != null) {
                if (!mine.equals(now)) {
                    putOurs(now);
                    markDirty(RoutePlanner.canonicalPrefix(mine.ipPrefix()), 0);
                    markDirty(RoutePlanner.canonicalPrefix(now.ipPrefix()), 0);
                }
            } else if (owned(now) && router != null && after.routerOf(u).map(LogicalRouter::uuid)
                    .filter(router::equals).isPresent()) {
                // a row with our key we did not write in this life (a late commit, another instance): diff it
                putOurs(now);
                markDirty(RoutePlanner.canonicalPrefix(now.ipPrefix()), 0);
            }
        }
        rowsOwned = ours.size();
        metrics.rowsOwned(ours.size());
    }

    private void countRepair(String what) {
        repairs++;
        metrics.repair();
        LOG.warn("OVN writer: repair: {}", what);
    }

    private void checkConvergence() {
        if (converged) {
            return;
        }
        long now = System.nanoTime();
        if (now - nextConvergenceCheck < 0) {
            return;
        }
        nextConvergenceCheck = now + TimeUnit.MILLISECONDS.toNanos(250);
        String why;
        if (now - startNanos >= settings.staleTimeout().toNanos()) {
            why = "staleRouteTimeout " + settings.staleTimeout() + " passed";
        } else {
            String w = convergence.waitingFor();
            if (w != null) {
                waitingFor = w;
                return;
            }
            why = "every peer sent End-of-RIB";
        }
        // everything the RIB published before the peers' End-of-RIB is in the stream: take all of it first
        List<RouteChange> rest;
        while (!(rest = rib.changes().drainNow(MAX_BATCH)).isEmpty()) {
            applyChanges(rest);
        }
        converged = true;
        publishedConverged = true;
        waitingFor = null;
        confirmed = Set.of();
        markAllDirty();
        LOG.info("OVN writer: converged ({}): owned rows BGP no longer wants may go now", why);
    }

    /** Every 30 s when quiet: our model against the NB cache, in case some report was missed. */
    private void audit(long now) {
        if (now - nextAudit < 0 || !synced || !dirty.isEmpty() || now - lastTxnNanos < QUIET_NANOS) {
            return;
        }
        nextAudit = now + AUDIT_NANOS;
        NbSnapshot s = nb.snapshot();
        Map<Uuid, StaticRoute> actual = new HashMap<>();
        s.router(settings.router()).ifPresent(r -> s.staticRoutesOf(r).stream().filter(this::owned)
                .forEach(row -> actual.put(row.uuid(), row)));
        if (!actual.equals(ours)) {
            LOG.warn("OVN writer: audit found {} owned rows where {} were expected; resynchronizing", actual.size(),
                    ours.size());
            rebuild(s, "audit");
        }
    }

    // ---- one transaction ----

    private void flush() {
        NbSnapshot snap = nb.snapshot();
        RoutePlanner.Builder b = new RoutePlanner.Builder();
        Map<String, Long> processed = new LinkedHashMap<>();
        for (Map.Entry<String, Long> d : dirty.entrySet()) {
            String key = d.getKey();
            List<String> wanted = wanted(key);
            Map<Uuid, StaticRoute> owned = oursByPrefix.getOrDefault(key, Map.of());
            b.prefix(key, wanted, owned.values(), (row, k) -> upToDate(row, k, snap), this::mayDelete);
            processed.put(key, d.getValue());
            if (b.operations() >= MAX_OPS) {
                break;
            }
        }
        Plan plan = b.build();
        List<Bfd> bfdGarbage = settings.bfd() ? bfdGarbage(snap, plan) : List.of();
        if (plan.isEmpty() && bfdGarbage.isEmpty()) {
            done(processed, System.nanoTime());
            return;
        }
        List<Op> ops = new ArrayList<>();
        ops.add(Op.comment("ovn-bgp-bridge " + settings.node() + ": +" + plan.inserts().size() + " ~"
                + plan.updates().size() + " -" + plan.deletes().size()));
        // the router must still be the one we diffed against
        ops.add(new Op.Wait(LogicalRouter.TABLE, List.of(Condition.uuidIs(router)), List.of("name"), Op.Wait.Until.EQ,
                List.of(Map.of("name", settings.router())), 0L));
        if (plan.inserts().size() <= DUPLICATE_GUARD_MAX) {
            // no row of ours for the key may exist already: a stale view must fail, not duplicate a route
            for (RowKey k : plan.inserts()) {
                ops.add(new Op.Wait(StaticRoute.TABLE, List.of(Condition.eq("ip_prefix", k.prefix()),
                        Condition.eq("nexthop", k.nexthop()), Condition.externalId(OWNER_KEY, settings.node())),
                        List.of("nexthop"), Op.Wait.Until.EQ, List.of(), 0L));
            }
        }
        Map<String, Object> bfdRefs = new HashMap<>();
        List<NamedUuid> inserted = new ArrayList<>();
        List<StaticRouteSpec> insertedSpecs = new ArrayList<>();
        for (RowKey k : plan.inserts()) {
            StaticRouteSpec spec = spec(k, bfdRef(k.nexthop(), snap, bfdRefs, ops));
            Op.Insert ins = Op.insert(StaticRoute.TABLE, spec.row(), "r" + inserted.size());
            ops.add(ins);
            inserted.add(ins.ref());
            insertedSpecs.add(spec);
        }
        if (!inserted.isEmpty()) {
            ops.add(Op.mutate(LogicalRouter.TABLE, List.of(Condition.uuidIs(router)),
                    Mutation.insert("static_routes", inserted.toArray())));
        }
        List<StaticRouteSpec> updatedSpecs = new ArrayList<>();
        for (RoutePlanner.Update u : plan.updates()) {
            StaticRouteSpec spec = spec(u.key(), bfdRef(u.key().nexthop(), snap, bfdRefs, ops));
            ops.add(Op.update(StaticRoute.TABLE, List.of(Condition.uuidIs(u.row().uuid())), spec.row()));
            updatedSpecs.add(spec);
        }
        if (!plan.deletes().isEmpty()) {
            ops.add(Op.mutate(LogicalRouter.TABLE, List.of(Condition.uuidIs(router)),
                    Mutation.delete("static_routes", RoutePlanner.uuids(plan.deletes()).toArray())));
        }
        for (Bfd g : bfdGarbage) {
            ops.add(Op.delete(Bfd.TABLE, List.of(Condition.uuidIs(g.uuid()))));
        }
        long t0 = System.nanoTime();
        TxResult result;
        try {
            result = nb.transact(ops, TX_TIMEOUT);
        } catch (TransactionException e) {
            failed(e, System.nanoTime() - t0);
            return;
        }
        long t1 = System.nanoTime();
        metrics.nbTransaction((t1 - t0) / 1e9, true);
        transactions++;
        lastTxnNanos = t1;
        lastCommit = Instant.now();
        backoffMillis = 100;
        for (int i = 0; i < inserted.size(); i++) {
            putOurs(row(result.uuidOf(inserted.get(i).name()), insertedSpecs.get(i), result));
        }
        for (int i = 0; i < plan.updates().size(); i++) {
            putOurs(row(plan.updates().get(i).row().uuid(), updatedSpecs.get(i), result));
            countRepair("row " + plan.updates().get(i).row().uuid() + " of " + plan.updates().get(i).key()
                    + " restored after an edit by another writer");
        }
        for (StaticRoute d : plan.deletes()) {
            removeOurs(d.uuid());
        }
        rowsOwned = ours.size();
        metrics.rowsOwned(ours.size());
        if (LOG.isDebugEnabled()) {
            LOG.debug("OVN writer: committed +{} ~{} -{} in {} ms", plan.inserts().size(), plan.updates().size(),
                    plan.deletes().size(), (t1 - t0) / 1_000_000);
        }
        done(processed, t1);
        CommitListener l = commitListener;
        if (l != null) {
            l.committed(processed, t1, ours.size());
        }
    }

    private void done(Map<String, Long> processed, long commitNanos) {
        for (Map.Entry<String, Long> e : processed.entrySet()) {
            Long now = dirty.get(e.getKey());
            // a newer change for the key may have come in meanwhile (it cannot here: one thread); remove it
            if (Objects.equals(now, e.getValue())) {
                dirty.remove(e.getKey());
            }
            if (e.getValue() != 0) {
                double lag = (commitNanos - e.getValue()) / 1e9;
                metrics.routeSyncLag(lag);
                syncLag.add(lag);
            }
        }
    }

    private void failed(TransactionException e, long nanos) {
        metrics.nbTransaction(nanos / 1e9, false);
        failedTransactions++;
        lastError = e.kind() + ": " + e.getMessage();
        long now = System.nanoTime();
        switch (e.kind()) {
            case NOT_CONNECTED, NOT_LEADER, CONNECTION_LOST -> {
                // the client reconnects and resyncs; our view is rebuilt then
                LOG.info("OVN writer: transaction not committed ({}); waiting for the Northbound resync",
                        e.getMessage());
                retryAt = now + TimeUnit.MILLISECONDS.toNanos(500);
            }
            default -> {
                // a guard failed (our view was stale), the server refused, or the outcome is unknown: start over
                // from the NB cache once it has had time to show what did commit
                LOG.warn("OVN writer: transaction failed ({}: {}); resynchronizing from the Northbound cache in "
                        + "{} ms", e.kind(), e.getMessage(), backoffMillis);
                retryAt = now + TimeUnit.MILLISECONDS.toNanos(backoffMillis);
                rebuildAt = retryAt;
                backoffMillis = Math.min(backoffMillis * 2, 5_000);
            }
        }
    }

    private List<String> wanted(String prefixKey) {
        Prefix p;
        try {
            p = Prefix.parse(prefixKey);
        } catch (RuntimeException e) {
            return List.of();
        }
        List<IpAddress> nhs = desired.get(p);
        if (nhs == null || heldBack.contains(p)) {
            return List.of();
        }
        return nhs.stream().map(IpAddress::toString).toList();
    }

    private boolean mayDelete(StaticRoute row, RowKey key) {
        return converged || confirmed.contains(key);
    }

    private StaticRouteSpec spec(RowKey k, Object bfd) {
        return new StaticRouteSpec(k.prefix(), k.nexthop(),
                settings.hasOutputPort() ? Optional.of(settings.outputPort()) : Optional.empty(),
                Optional.of(settings.policy()), settings.routeTable(), Optional.ofNullable(bfd), Map.of(), ownerIds);
    }

    private boolean upToDate(StaticRoute row, RowKey k, NbSnapshot snap) {
        boolean bfdOk;
        if (settings.bfd()) {
            Optional<Bfd> b = snap.bfd(settings.outputPort(), k.nexthop());
            bfdOk = b.isPresent() && row.bfd().equals(Optional.of(b.get().uuid()));
        } else {
            bfdOk = row.bfd().isEmpty();
        }
        return bfdOk && row.ipPrefix().equals(k.prefix()) && row.nexthop().equals(k.nexthop())
                && row.outputPort().equals(settings.hasOutputPort() ? Optional.of(settings.outputPort())
                        : Optional.empty())
                && row.effectivePolicy().equals(settings.policy()) && row.routeTable().equals(settings.routeTable())
                && row.options().isEmpty() && row.externalIds().equals(ownerIds);
    }

    /** The BFD row for a next hop: an existing one (ours or not: the table is indexed on port and address) or one
     * inserted in this transaction. */
    private Object bfdRef(String nexthop, NbSnapshot snap, Map<String, Object> refs, List<Op> ops) {
        if (!settings.bfd()) {
            return null;
        }
        Object ref = refs.get(nexthop);
        if (ref != null) {
            return ref;
        }
        Optional<Bfd> existing = snap.bfd(settings.outputPort(), nexthop);
        if (existing.isPresent()) {
            ref = existing.get().uuid();
        } else {
            Op.Insert ins = Op.insert(Bfd.TABLE, Map.of("logical_port", settings.outputPort(), "dst_ip", nexthop,
                    "min_tx", settings.bfdMinTx(), "min_rx", settings.bfdMinRx(), "detect_mult",
                    settings.bfdDetectMult(), "external_ids", ownerIds), "bfd" + refs.size());
            ops.add(ins);
            ref = ins.ref();
        }
        refs.put(nexthop, ref);
        return ref;
    }

    /** BFD rows we created whose next hop no row of ours uses any more (after this plan). */
    private List<Bfd> bfdGarbage(NbSnapshot snap, Plan plan) {
        Set<Uuid> deleted = new HashSet<>(RoutePlanner.uuids(plan.deletes()));
        Set<String> used = new HashSet<>();
        for (StaticRoute r : ours.values()) {
            if (!deleted.contains(r.uuid())) {
                used.add(RoutePlanner.canonicalNextHop(r.nexthop()));
            }
        }
        plan.inserts().forEach(k -> used.add(k.nexthop()));
        List<Bfd> out = new ArrayList<>();
        for (Bfd b : snap.bfds().values()) {
            if (settings.node().equals(b.externalIds().get(OWNER_KEY))
                    && !used.contains(RoutePlanner.canonicalNextHop(b.dstIp()))) {
                out.add(b);
            }
        }
        return out;
    }

    private StaticRoute row(Uuid uuid, StaticRouteSpec spec, TxResult result) {
        Optional<Uuid> bfd = spec.bfd().map(b -> b instanceof NamedUuid n ? result.uuidOf(n.name()) : (Uuid) b);
        return new StaticRoute(uuid, spec.ipPrefix(), spec.nexthop(), spec.outputPort(), spec.policy(),
                spec.routeTable(), bfd, spec.options(), spec.externalIds());
    }

    // ---- what /status shows (any thread) ----

    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("router", settings.router());
        m.put("rowsOwned", rowsOwned);
        m.put("prefixesWanted", desired.size());
        m.put("maxRoutes", settings.maxRoutes());
        m.put("heldBack", heldBack.size());
        m.put("heldBackRule", "IPv4 before IPv6, shortest prefix first, then lowest address; whole ECMP sets only");
        m.put("converged", publishedConverged);
        m.put("waitingFor", waitingFor);
        m.put("repairs", repairs);
        m.put("resyncs", resyncs);
        m.put("transactions", transactions);
        m.put("failedTransactions", failedTransactions);
        m.put("lastCommit", lastCommit == null ? null : lastCommit.toString());
        m.put("lastError", lastError);
        m.put("syncLag", syncLag.view());
        return m;
    }

    /** One prefix: the next hops BGP wants, whether it is held back, and the NB rows on the router for it. */
    public Map<String, Object> route(Prefix p) {
        return routes(List.of(p)).get(p);
    }

    /**
     * {@link #route} for many prefixes, reading the router's rows once (a whole-table view must not scan the
     * router once per prefix).
     */
    public Map<Prefix, Map<String, Object>> routes(Collection<Prefix> prefixes) {
        Map<String, List<Map<String, Object>>> rowsByPrefix = new HashMap<>();
        for (Prefix p : prefixes) {
            rowsByPrefix.put(p.toString(), new ArrayList<>());
        }
        NorthboundClient c = nb;
        if (c != null) {
            NbSnapshot s = c.snapshot();
            for (StaticRoute r : s.staticRoutesOf(settings.router())) {
                List<Map<String, Object>> rowsOfPrefix = rowsByPrefix.get(RoutePlanner.canonicalPrefix(r.ipPrefix()));
                if (rowsOfPrefix == null) {
                    continue; // a prefix not asked for: no view built for it
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("uuid", r.uuid().toString());
                row.put("nexthop", r.nexthop());
                row.put("ours", owned(r));
                r.outputPort().ifPresent(o -> row.put("outputPort", o));
                r.bfd().flatMap(s::bfd).ifPresent(b -> row.put("bfd", b.status().orElse("")));
                rowsOfPrefix.add(row);
            }
        }
        Map<Prefix, Map<String, Object>> out = new LinkedHashMap<>();
        for (Prefix p : prefixes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prefix", p.toString());
            m.put("router", settings.router());
            List<IpAddress> nhs = desired.get(p);
            m.put("nextHops", nhs == null ? List.of() : nhs.stream().map(IpAddress::toString).toList());
            m.put("heldBack", heldBack.contains(p));
            List<Map<String, Object>> rows = rowsByPrefix.get(p.toString());
            rows.sort((a, b) -> ((String) a.get("nexthop")).compareTo((String) b.get("nexthop")));
            m.put("rows", rows);
            out.put(p, m);
        }
        return out;
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
