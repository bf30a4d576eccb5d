package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What BGP wants written: each Loc-RIB prefix with its usable next hops (a link-local IPv6 one only with an
 * output port), told on to the admission under {@code ovn.maxRoutes}, the start-up convergence and the dirty set.
 * Written by the writer thread; the map is concurrent so that {@code /status} reads it from any thread.
 */
final class DesiredRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredRoutes.class);

    private final Map<Prefix, List<IpAddress>> desired = new ConcurrentHashMap<>();
    private final boolean hasOutputPort;
    private final RouteAdmission admission;
    private final StartupConvergence convergence;
    private final DirtyPrefixes dirty;

    DesiredRoutes(
            boolean hasOutputPort, RouteAdmission admission, StartupConvergence convergence, DirtyPrefixes dirty) {
        this.hasOutputPort = hasOutputPort;
        this.admission = admission;
        this.convergence = convergence;
        this.dirty = dirty;
    }

    /** The Loc-RIB's next hops for {@code p} now (none: withdrawn), from UPDATEs that arrived first at the time. */
    void set(Prefix p, List<IpAddress> nextHops, long arrivalNanos) {
        List<IpAddress> usable = nextHops.stream()
                .filter(a -> RoutePlanner.usable(a, hasOutputPort))
                .toList();
        List<IpAddress> old = usable.isEmpty() ? desired.remove(p) : desired.put(p, usable);
        if (usable.size() != nextHops.size()) {
            LOG.debug("{}: link-local next hops skipped: no ovn.outputPort", p);
        }
        convergence.wanted(p, usable);
        admission.rowsChanged(usable.size() - (old == null ? 0 : old.size()));
        dirty.mark(p, arrivalNanos);
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

    /** Draws the {@code ovn.maxRoutes} line again if needed; prefixes that crossed it are diffed next. */
    void admit() {
        admission.recompute(desired).forEach(p -> dirty.mark(p, 0));
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

    Set<Prefix> prefixes() {
        return desired.keySet();
    }

    int size() {
        return desired.size();
    }
}
