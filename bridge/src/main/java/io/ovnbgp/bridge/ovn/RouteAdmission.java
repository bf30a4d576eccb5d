package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.NavigableMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ovn.maxRoutes}: while the rows BGP wants exceed the cap, the prefixes admitted by
 * {@link RoutePlanner#admitted}'s rule; every other wanted prefix is held back. It keeps the admitted side, not the
 * held-back one: that side is bounded by the cap, the other by what the peers send (a full table with {@code
 * maxPrefixes.action: warn} is a million prefixes, and a set of them redrawn on every pass did not fit the
 * DaemonSet's memory). Recomputed only while the cap is exceeded or was. Written by the writer thread; {@link
 * #isHeldBack} and {@link #heldBackCount} from any thread.
 */
final class RouteAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(RouteAdmission.class);

    private final int maxRoutes;
    private final BridgeMetrics metrics;
    private long desiredRows;
    private boolean stale;
    /** Null while every wanted row fits; else what is admitted (at most {@code maxRoutes} rows). */
    private volatile Set<Prefix> admitted;

    private volatile int heldBack;

    RouteAdmission(int maxRoutes, BridgeMetrics metrics) {
        this.maxRoutes = maxRoutes;
        this.metrics = metrics;
    }

    /** A prefix's wanted rows changed by {@code delta} (possibly 0). */
    void rowsChanged(int delta) {
        desiredRows += delta;
        if (desiredRows > maxRoutes || admitted != null) {
            stale = true;
        }
    }

    /**
     * When a change may have moved the line, draws it again; returns the prefixes that crossed it, to be diffed
     * next: those admitted now that were held back, and those with rows of ours ({@code owned}) held back now. A
     * prefix held back that has no row needs no diff, so the cost follows the cap and our rows, never the table.
     */
    Set<Prefix> recompute(NavigableMap<Prefix, ? extends Collection<?>> desired, Set<Prefix> owned) {
        if (!stale) {
            return Set.of();
        }
        stale = false;
        Set<Prefix> before = admitted;
        Set<Prefix> next = desiredRows <= maxRoutes ? null : RoutePlanner.admitted(desired, maxRoutes);
        Set<Prefix> crossed = new LinkedHashSet<>();
        if (before != null) {
            for (Prefix p : next == null ? desired.keySet() : next) {
                if (!before.contains(p)) {
                    crossed.add(p);
                }
            }
        }
        if (next != null) {
            for (Prefix p : owned) {
                if (!next.contains(p)) {
                    crossed.add(p);
                }
            }
        }
        int held = next == null ? 0 : Math.max(0, desired.size() - next.size());
        if (next != null && before == null) {
            LOG.warn(
                    "ovn.maxRoutes {} reached: {} prefixes held back (admitted: IPv4 first, shortest, lowest)",
                    maxRoutes,
                    held);
        }
        admitted = next;
        if (held != heldBack) {
            heldBack = held;
            metrics.routesHeldBack(held);
        }
        return crossed;
    }

    boolean isHeldBack(Prefix p) {
        Set<Prefix> a = admitted;
        return a != null && !a.contains(p);
    }

    int heldBackCount() {
        return heldBack;
    }
}
