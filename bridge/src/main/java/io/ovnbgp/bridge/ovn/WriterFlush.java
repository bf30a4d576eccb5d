package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.ovn.RoutePlanner.Plan;
import io.ovnbgp.bridge.ovn.RoutePlanner.RowKey;
import io.ovnbgp.ovsdb.client.TransactionException;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.nb.Bfd;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One transaction of the writer (on its thread): plans the dirty prefixes (at most {@link #MAX_OPS} rows changed;
 * the rest follow in the next one), commits the plan on Northbound, and books the outcome in the index, the
 * schedule, the stats and metrics, and the {@link StaticRouteReconciler.CommitListener}.
 */
final class WriterFlush {
    private static final Logger LOG = LoggerFactory.getLogger(WriterFlush.class);
    /** Rows changed by one transaction at most; the rest follow in the next one. */
    static final int MAX_OPS = 20_000;

    private static final Duration TX_TIMEOUT = Duration.ofSeconds(60);

    private final StaticRouteReconciler.Settings settings;
    private final RouteColumns columns;
    private final BridgeMetrics metrics;
    private final WriterStats stats;
    private final WriterSchedule schedule;
    private final DirtyPrefixes dirty;
    private final DesiredRoutes desired;
    private final OwnedRouteIndex index;
    private final StartupConvergence convergence;
    private final Supplier<StaticRouteReconciler.CommitListener> commitListener;
    private final Consumer<String> repaired;
    private final Runnable rowsOwnedChanged;

    WriterFlush(
            StaticRouteReconciler.Settings settings,
            RouteColumns columns,
            BridgeMetrics metrics,
            WriterStats stats,
            WriterSchedule schedule,
            DirtyPrefixes dirty,
            DesiredRoutes desired,
            OwnedRouteIndex index,
            StartupConvergence convergence,
            Supplier<StaticRouteReconciler.CommitListener> commitListener,
            Consumer<String> repaired,
            Runnable rowsOwnedChanged) {
        this.settings = settings;
        this.columns = columns;
        this.metrics = metrics;
        this.stats = stats;
        this.schedule = schedule;
        this.dirty = dirty;
        this.desired = desired;
        this.index = index;
        this.convergence = convergence;
        this.commitListener = commitListener;
        this.repaired = repaired;
        this.rowsOwnedChanged = rowsOwnedChanged;
    }

    void flush(NorthboundClient nb) {
        NbSnapshot snap = nb.snapshot();
        BiPredicate<StaticRoute, RowKey> upToDate = (row, k) -> columns.upToDate(row, k, snap);
        BiPredicate<StaticRoute, RowKey> mayDelete = (row, k) -> convergence.mayDelete(k);
        RoutePlanner.Builder b = new RoutePlanner.Builder();
        boolean unreadable = dirty.unreadable();
        if (unreadable) {
            index.unreadable().forEach((text, rows) -> b.prefix(text, List.of(), rows.values(), upToDate, mayDelete));
        }
        Map<Prefix, Long> arrivals = new LinkedHashMap<>();
        for (Map.Entry<Prefix, Long> d : dirty.entries().entrySet()) {
            Prefix p = d.getKey();
            b.prefix(p.toString(), desired.wanted(p), index.rowsOf(p), upToDate, mayDelete);
            arrivals.put(p, d.getValue());
            if (b.operations() >= MAX_OPS) {
                break;
            }
        }
        DirtyPrefixes.Batch batch = new DirtyPrefixes.Batch(arrivals, unreadable);
        Plan plan = b.build();
        List<Bfd> bfdGarbage = settings.bfd() ? RouteTransaction.bfdGarbage(columns, snap, index, plan) : List.of();
        if (plan.isEmpty() && bfdGarbage.isEmpty()) {
            done(batch, System.nanoTime());
            return;
        }
        commit(
                nb,
                RouteTransaction.build(columns, index.router(), settings.router(), snap, plan, bfdGarbage),
                plan,
                batch);
    }

    private void commit(NorthboundClient nb, RouteTransaction tx, Plan plan, DirtyPrefixes.Batch batch) {
        String comment =
                "ovn-bgp-bridge " + settings.node() + ": +" + plan.inserts().size() + " ~"
                        + plan.updates().size() + " -" + plan.deletes().size();
        long t0 = System.nanoTime();
        TxResult result;
        try {
            result = nb.transact(tx.ops(comment), TX_TIMEOUT);
        } catch (TransactionException e) {
            failed(e, System.nanoTime() - t0);
            return;
        }
        long t1 = System.nanoTime();
        metrics.nbTransaction((t1 - t0) / 1e9, true);
        stats.committed();
        schedule.committed(t1);
        index.committed(tx.written(result), plan.deletes());
        convergence.written(plan);
        for (RoutePlanner.Update u : plan.updates()) {
            repaired.accept("row " + u.row().uuid() + " of " + u.key() + " restored after an edit by another writer");
        }
        rowsOwnedChanged.run();
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "OVN writer: committed +{} ~{} -{} in {} ms",
                    plan.inserts().size(),
                    plan.updates().size(),
                    plan.deletes().size(),
                    (t1 - t0) / 1_000_000);
        }
        done(batch, t1);
        StaticRouteReconciler.CommitListener l = commitListener.get();
        if (l != null) {
            Map<String, Long> arrivals = new LinkedHashMap<>();
            batch.arrivals().forEach((p, nanos) -> arrivals.put(p.toString(), nanos));
            l.committed(arrivals, t1, index.size());
        }
    }

    private void done(DirtyPrefixes.Batch batch, long commitNanos) {
        for (long arrival : batch.arrivals().values()) {
            if (arrival != 0) {
                double lag = (commitNanos - arrival) / 1e9;
                metrics.routeSyncLag(lag);
                stats.syncLag().add(lag);
            }
        }
        dirty.done(batch);
    }

    private void failed(TransactionException e, long nanos) {
        metrics.nbTransaction(nanos / 1e9, false);
        stats.failed(e.kind() + ": " + e.getMessage());
        schedule.failed(e);
    }
}
