package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What BGP wants written: each Loc-RIB prefix with its usable next hops (a link-local IPv6 one only with an
 * output port), told on to the admission under {@code ovn.maxRoutes}, the start-up convergence and the dirty set.
 * Written by the writer thread; the map is concurrent so that {@code /status} reads it from any thread.
 *
 * <p>It holds the whole Loc-RIB (a full table with {@code maxPrefixes.action: warn}), so it is kept lean: sorted in
 * {@link RoutePlanner#ADMISSION_ORDER}, so that the admission walks it from the front instead of sorting a copy,
 * and with the next-hop lists shared between the prefixes that have the same (a handful of lists, not one per
 * prefix).
 */
final class DesiredRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredRoutes.class);

    /** Above this many distinct next-hop lists the pool starts again (lists already stored stay valid). */
    private static final int NEXT_HOP_POOL_MAX = 4096;

    private final ConcurrentSkipListMap<Prefix, List<IpAddress>> desired =
            new ConcurrentSkipListMap<>(RoutePlanner.ADMISSION_ORDER);
    private final Map<List<IpAddress>, List<IpAddress>> nextHopPool = new HashMap<>();
    private final boolean hasOutputPort;
    private final RouteAdmission admission;
    private final StartupConvergence convergence;
    private final DirtyPrefixes dirty;
    private final Predicate<Prefix> owned;

    DesiredRoutes(
            boolean hasOutputPort,
            RouteAdmission admission,
            StartupConvergence convergence,
            DirtyPrefixes dirty,
            Predicate<Prefix> owned) {
        this.hasOutputPort = hasOutputPort;
        this.admission = admission;
        this.convergence = convergence;
        this.dirty = dirty;
        this.owned = owned;
    }

    /** The Loc-RIB's next hops for {@code p} now (none: withdrawn), from UPDATEs that arrived first at the time. */
    void set(Prefix p, List<IpAddress> nextHops, long arrivalNanos) {
        List<IpAddress> usable = pooled(nextHops);
        List<IpAddress> old = usable.isEmpty() ? desired.remove(p) : desired.put(p, usable);
        if (usable.size() != nextHops.size()) {
            LOG.debug("{}: link-local next hops skipped: no ovn.outputPort", p);
        }
        convergence.wanted(p, usable);
        admission.rowsChanged(usable.size() - (old == null ? 0 : old.size()));
        // A prefix held back without a row of ours needs no diff; should the line move to admit it, the admission
        // names it then. Under a capped full table this keeps the dirty set to what can be written.
        if (!admission.isHeldBack(p) || owned.test(p)) {
            dirty.mark(p, arrivalNanos);
        }
    }

    private List<IpAddress> pooled(List<IpAddress> nextHops) {
        List<IpAddress> usable = nextHops;
        if (!hasOutputPort && nextHops.stream().anyMatch(a -> !RoutePlanner.usable(a, false))) {
            usable =
                    nextHops.stream().filter(a -> RoutePlanner.usable(a, false)).toList();
        }
        if (usable.isEmpty()) {
            return List.of();
        }
        List<IpAddress> shared = nextHopPool.get(usable);
        if (shared == null) {
            if (nextHopPool.size() >= NEXT_HOP_POOL_MAX) {
                nextHopPool.clear();
            }
            shared = List.copyOf(usable);
            nextHopPool.put(shared, shared);
        }
        return shared;
    }

    /** The whole Loc-RIB again: what it no longer has is withdrawn. */
    void replaceAll(Map<Prefix, List<IpAddress>> locRib) {
        for (Prefix p : List.copyOf(desired.keySet())) {
            if (!locRib.containsKey(p)) {
                set(p, List.of(), 0);
            }
        }
        locRib.forEach((p, nhs) -> set(p, nhs, 0));
    }

    /** Every prefix that may need a diff (all but those held back) is diffed next. */
    void markAllDirty() {
        for (Prefix p : desired.keySet()) {
            if (!admission.isHeldBack(p)) {
                dirty.mark(p, 0);
            }
        }
    }

    /** Draws the {@code ovn.maxRoutes} line again if needed; prefixes that crossed it are diffed next. */
    void admit(Set<Prefix> owned) {
        admission.recompute(desired, owned).forEach(p -> dirty.mark(p, 0));
    }

    /** The next hops that should have a row for {@code p} (canonical text): none while it is held back. */
    List<String> wanted(Prefix p) {
        List<IpAddress> nhs = desired.get(p);
        if (nhs == null || admission.isHeldBack(p)) {
            return List.of();
        }
        return nhs.stream().map(IpAddress::toString).toList();
    }

    List<IpAddress> nextHops(Prefix p) {
        return desired.getOrDefault(p, List.of());
    }

    int size() {
        return desired.size();
    }
}
