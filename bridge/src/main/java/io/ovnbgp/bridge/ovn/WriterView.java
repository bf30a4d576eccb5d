package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.ovsdb.client.TransactionException;
import io.ovnbgp.ovsdb.nb.LiveRead;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What {@code /status} and {@code /routes} may read of the OVN writer, from any thread; the views themselves are
 * built in the status package.
 */
public final class WriterView {
    private final StaticRouteReconciler.Settings settings;
    private final WriterStats stats;
    private final DesiredRoutes desired;
    private final RouteAdmission admission;
    private final StartupConvergence convergence;
    /** Prefixes per view at most for which other writers' rows are read live. */
    public static final int LIVE_READ_MAX = 256;

    private static final Duration LIVE_READ_TIMEOUT = Duration.ofSeconds(2);

    private final Supplier<NorthboundClient> northbound;

    WriterView(
            StaticRouteReconciler.Settings settings,
            WriterStats stats,
            DesiredRoutes desired,
            RouteAdmission admission,
            StartupConvergence convergence,
            Supplier<NorthboundClient> northbound) {
        this.settings = settings;
        this.stats = stats;
        this.desired = desired;
        this.admission = admission;
        this.convergence = convergence;
        this.northbound = northbound;
    }

    public StaticRouteReconciler.Settings settings() {
        return settings;
    }

    public WriterStats stats() {
        return stats;
    }

    /** How many prefixes BGP wants rows for (held back ones included). */
    public int prefixesWanted() {
        return desired.size();
    }

    /** The usable next hops BGP wants for {@code p}, none when it wants none. */
    public List<IpAddress> nextHops(Prefix p) {
        return desired.nextHops(p);
    }

    public boolean isHeldBack(Prefix p) {
        return admission.isHeldBack(p);
    }

    public int heldBackCount() {
        return admission.heldBackCount();
    }

    /** Whether the start-up convergence is over (adopted rows BGP does not want may go). */
    public boolean converged() {
        return convergence.converged();
    }

    /** What the start-up convergence still awaits ("start" before its first check), null once converged. */
    public String waitingFor() {
        return convergence.waitingFor();
    }

    /** The Northbound as the client sees it now; empty before the writer started. */
    public Optional<NbSnapshot> northbound() {
        NorthboundClient c = northbound.get();
        return c == null ? Optional.empty() : Optional.of(c.snapshot());
    }

    /**
     * The rows other writers have on our router for these prefixes (canonical text), read live: the node's cache
     * holds only its own rows. Empty when NB is not reachable now, or for more than {@link #LIVE_READ_MAX} prefixes
     * (a whole-table view shows ours only).
     */
    public List<StaticRoute> otherWritersRows(Collection<String> prefixes) {
        NorthboundClient c = northbound.get();
        if (c == null || !c.isReady() || prefixes.isEmpty() || prefixes.size() > LIVE_READ_MAX) {
            return List.of();
        }
        Optional<LogicalRouter> router = c.snapshot().router(settings.router());
        if (router.isEmpty()) {
            return List.of();
        }
        try {
            return LiveRead.staticRoutes(c, prefixes, LIVE_READ_TIMEOUT).stream()
                    .filter(r -> router.get().staticRoutes().contains(r.uuid()) && !owns(r))
                    .toList();
        } catch (TransactionException e) {
            return List.of();
        }
    }

    /** Whether a row carries this node's owner key. */
    public boolean owns(StaticRoute row) {
        return settings.node().equals(row.externalIds().get(StaticRouteReconciler.OWNER_KEY));
    }
}
