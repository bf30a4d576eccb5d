package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ovn.maxRoutes}: the prefixes held back so that the rows BGP wants stay under the cap, by
 * {@link RoutePlanner#heldBack}'s rule. Recomputed only while the cap is exceeded or something is held back.
 * Written by the writer thread; {@link #isHeldBack} and {@link #heldBackCount} from any thread.
 */
final class RouteAdmission {
    private static final Logger LOG = LoggerFactory.getLogger(RouteAdmission.class);

    private final int maxRoutes;
    private final BridgeMetrics metrics;
    private long desiredRows;
    private boolean stale;
    private volatile Set<Prefix> heldBack = Set.of();

    RouteAdmission(int maxRoutes, BridgeMetrics metrics) {
        this.maxRoutes = maxRoutes;
        this.metrics = metrics;
    }

    /** A prefix's wanted rows changed by {@code delta} (possibly 0). */
    void rowsChanged(int delta) {
        desiredRows += delta;
        if (desiredRows > maxRoutes || !heldBack.isEmpty()) {
            stale = true;
        }
    }

    /** When a change may have moved the line, draws it again; returns the prefixes that crossed it either way. */
    Set<Prefix> recompute(Map<Prefix, List<IpAddress>> desired) {
        if (!stale) {
            return Set.of();
        }
        stale = false;
        Map<Prefix, Integer> rows = new HashMap<>();
        desired.forEach((p, nhs) -> rows.put(p, nhs.size()));
        Set<Prefix> next = RoutePlanner.heldBack(rows, maxRoutes);
        Set<Prefix> before = heldBack;
        if (next.equals(before)) {
            return Set.of();
        }
        Set<Prefix> crossed = new LinkedHashSet<>();
        before.stream().filter(p -> !next.contains(p)).forEach(crossed::add);
        next.stream().filter(p -> !before.contains(p)).forEach(crossed::add);
        if (!next.isEmpty() && before.isEmpty()) {
            LOG.warn(
                    "ovn.maxRoutes {} reached: {} prefixes held back (admitted: IPv4 first, shortest, lowest)",
                    maxRoutes,
                    next.size());
        }
        heldBack = Set.copyOf(next);
        metrics.routesHeldBack(next.size());
        return crossed;
    }

    boolean isHeldBack(Prefix p) {
        return heldBack.contains(p);
    }

    int heldBackCount() {
        return heldBack.size();
    }
}
