package io.ovnbgp.chaos;

import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.ovsdb.client.MonitorRequest;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.RowUpdate;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every change Northbound commits to the static routes and routers, seen through a monitor of our own: not a
 * sample every so often but each transaction's result, so that a duplicate row of ours or a wanted row removed
 * and put back between two polls cannot escape. Counts
 *
 * <ul>
 *   <li>duplicates: a second row of ours (the owner key) for the same prefix and next hop, at any moment;
 *   <li>wanted rows removed: a row of ours deleted while its key is in {@link #want} (a route BGP still wanted);
 *   <li>foreign rows touched: a row without our owner key modified or deleted, or dropped from its router.
 * </ul>
 *
 * Thread-safe (the monitor's updates arrive on the session's thread).
 */
final class NbWatch implements OvsdbSession.MonitorSink, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> ROUTE_COLUMNS =
            List.of("ip_prefix", "nexthop", "output_port", "policy", "route_table", "bfd", "options", "external_ids");

    private final String node;
    private final OvsdbSession session;
    private final Map<Uuid, Row> routes = new HashMap<>();
    private final Map<Uuid, Set<Uuid>> routerRefs = new HashMap<>();
    /** Our rows' keys ("prefix nexthop"), by row, and how many rows each key has. */
    private final Map<Uuid, String> ourKeys = new HashMap<>();

    private final Map<String, Integer> keyRows = new HashMap<>();
    /** Foreign rows as first seen, and the router that held each then. */
    private final Map<Uuid, Row> foreign = new HashMap<>();

    private final List<String> events = new ArrayList<>();
    private Set<String> want = Set.of();
    private long duplicates;
    private long wantedRemoved;
    private long foreignTouched;
    private long transactions;

    private NbWatch(String node, OvsdbSession session) {
        this.node = node;
        this.session = session;
    }

    /** Watches {@code remote} from now on; the rows without our owner key present now are the foreign ones. */
    static NbWatch start(String remote, String node) throws OvsdbException {
        // no inactivity probe: on a loaded machine the server, busy with a 10,000-row commit, may answer a probe
        // late, and a watch that closes its connection misses transactions (a full run lost one verdict so)
        OvsdbSession s = OvsdbSession.open(
                OvsdbRemote.parse(remote), OvsdbSession.Options.defaults().withProbeInterval(Duration.ZERO), TIMEOUT);
        NbWatch w = new NbWatch(node, s);
        try {
            s.monitor(
                            NorthboundClient.DATABASE,
                            "chaos-watch",
                            List.of(
                                    new MonitorRequest(StaticRoute.TABLE, ROUTE_COLUMNS),
                                    new MonitorRequest(LogicalRouter.TABLE, List.of("name", "static_routes"))),
                            w,
                            TIMEOUT)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            s.close();
            throw new OvsdbException("NB watch: monitor failed: " + e, e);
        }
        return w;
    }

    /** The keys ("prefix nexthop") BGP wants now: deleting one of these rows counts as a wanted route removed. */
    synchronized void want(Set<String> keys) {
        this.want = Set.copyOf(keys);
    }

    @Override
    public synchronized void initial(List<RowUpdate> rows) {
        routes.clear();
        routerRefs.clear();
        ourKeys.clear();
        keyRows.clear();
        apply(rows);
        for (Map.Entry<Uuid, Row> e : routes.entrySet()) {
            if (!ours(e.getValue())) {
                foreign.put(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public synchronized void update(List<RowUpdate> rows) {
        transactions++;
        apply(rows);
        for (Uuid f : foreign.keySet()) {
            if (!referenced(f)) {
                touched("foreign row " + f + " no longer on any router");
            }
        }
    }

    private void apply(List<RowUpdate> rows) {
        for (RowUpdate u : rows) {
            if (u.table().equals(LogicalRouter.TABLE)) {
                if (u.kind() == RowUpdate.Kind.DELETE) {
                    routerRefs.remove(u.uuid());
                } else {
                    routerRefs.put(u.uuid(), u.row().uuidSet("static_routes"));
                }
            } else if (u.table().equals(StaticRoute.TABLE)) {
                route(u);
            }
        }
    }

    private void route(RowUpdate u) {
        Row before = routes.get(u.uuid());
        if (foreign.containsKey(u.uuid())) {
            touched("foreign row " + u.uuid() + " " + u.kind() + ": " + foreign.get(u.uuid()) + " -> " + u.row());
        }
        String oldKey = ourKeys.remove(u.uuid());
        if (oldKey != null) {
            keyRows.merge(oldKey, -1, Integer::sum);
        }
        if (u.kind() == RowUpdate.Kind.DELETE) {
            routes.remove(u.uuid());
            if (oldKey != null && want.contains(oldKey)) {
                wantedRemoved++;
                note("wanted row removed: " + oldKey);
            }
            return;
        }
        Row row = before == null ? u.row() : before.overlay(u.row());
        routes.put(u.uuid(), row);
        if (ours(row)) {
            String key = row.string("ip_prefix") + " " + row.string("nexthop");
            ourKeys.put(u.uuid(), key);
            if (keyRows.merge(key, 1, Integer::sum) > 1) {
                duplicates++;
                note("duplicate row of ours: " + key);
            }
        }
    }

    private boolean ours(Row row) {
        return node.equals(row.stringMap("external_ids").get(StaticRouteReconciler.OWNER_KEY));
    }

    private boolean referenced(Uuid route) {
        for (Set<Uuid> refs : routerRefs.values()) {
            if (refs.contains(route)) {
                return true;
            }
        }
        return false;
    }

    private void touched(String what) {
        foreignTouched++;
        note(what);
    }

    private void note(String what) {
        if (events.size() < 20) {
            events.add(what);
            System.err.println("NB watch: " + what);
        }
    }

    /** Our rows' keys now (one entry per row: a duplicate shows twice). */
    synchronized List<String> ourKeys() {
        return new ArrayList<>(ourKeys.values());
    }

    /** Whether our rows are exactly {@code keys}, one row each. */
    synchronized boolean oursEqual(Set<String> keys) {
        return ourKeys.size() == keys.size() && new HashSet<>(ourKeys.values()).equals(keys);
    }

    synchronized Set<Uuid> foreignRows() {
        return Set.copyOf(foreign.keySet());
    }

    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long wantedRemoved() {
        return wantedRemoved;
    }

    synchronized long foreignTouched() {
        return foreignTouched;
    }

    /** Monitor updates seen: one per committed transaction that changed a watched row. */
    synchronized long transactions() {
        return transactions;
    }

    synchronized List<String> events() {
        return List.copyOf(events);
    }

    boolean connected() {
        return session.isConnected();
    }

    @Override
    public void close() {
        session.close();
    }
}
