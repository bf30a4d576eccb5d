package io.ovnbgp.bench;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.nb.MonitorMode;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundOptions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Everything measured at one router size, on a fresh NB (unix socket) with one router: the bridge preloaded through
 * BGP with {@code routes} routes; its sync lag for single changes; another client's round trip while it is attached;
 * then, the bridge closed (its rows stay), the floor: the same raw transactions with no other client; and last
 * ovn-northd started on that NB for its cost of one change.
 */
final class SizeRun {
    record Result(
            int routes, double preloadSeconds, long[] lag, long[] others, long[] floor, NorthdCost.Result northd) {}

    private SizeRun() {}

    static Result measure(Daemons daemons, int routes, int changes, int northdChanges, MonitorMode mode)
            throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        try {
            ovn.nbctl("lr-add", SyncBridge.ROUTER);
            RawRouteOps ops;
            double preload;
            long[] lag;
            long[] others;
            try (SyncBridge bridge =
                    SyncBridge.start(NorthboundOptions.parse(ovn.nbRemote()).withMonitorMode(mode))) {
                preload = bridge.preload(routes);
                log("%,d routes: preloaded in %.2f s", routes, preload);
                lag = SingleChanges.measure(bridge, changes);
                log("%,d routes: sync lag p99 %.2f ms", routes, Samples.pct(lag, 0.99));
                ops = new RawRouteOps(bridge.router(), SyncBridge.ROUTER);
                others = RawRoundTrips.measure(ovn.nbRemote(), ops, changes, 172, 32);
                log("%,d routes: other client with the bridge p99 %.2f ms", routes, Samples.pct(others, 0.99));
            }
            int left = routesOnRouter(ovn.nbRemote());
            if (left < routes) {
                throw new IllegalStateException("the router has " + left + " routes for the floor, not " + routes);
            }
            long[] floor = RawRoundTrips.measure(ovn.nbRemote(), ops, changes, 172, 48);
            log("%,d routes: floor p99 %.2f ms", routes, Samples.pct(floor, 0.99));
            NorthdCost.Result northd = northdChanges > 0 ? NorthdCost.measure(ovn, ops, northdChanges) : null;
            return new Result(routes, preload, lag, others, floor, northd);
        } finally {
            ovn.close();
        }
    }

    /** The router's static routes now, read on a connection of its own (the bridge's rows stay when it closes). */
    private static int routesOnRouter(String remote) throws Exception {
        Duration wait = Duration.ofSeconds(30);
        try (OvsdbSession s = OvsdbSession.open(OvsdbRemote.parse(remote), wait)) {
            List<Op> read = List.of(
                    Op.select("Logical_Router", List.of(Condition.eq("name", SyncBridge.ROUTER)), "static_routes"));
            return s.transact(NorthboundClient.DATABASE, read, wait)
                    .get(0)
                    .rows()
                    .get(0)
                    .uuidSet("static_routes")
                    .size();
        }
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
