package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.StaticRoute;
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

    /** Whether a row carries this node's owner key. */
    public boolean owns(StaticRoute row) {
        return settings.node().equals(row.externalIds().get(StaticRouteReconciler.OWNER_KEY));
    }
}
