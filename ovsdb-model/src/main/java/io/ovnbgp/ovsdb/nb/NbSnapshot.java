package io.ovnbgp.ovsdb.nb;

import com.google.common.base.Suppliers;
import io.ovnbgp.ovsdb.client.PersistentMap;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A consistent, immutable view of the monitored Northbound rows as of one point in the monitor stream. A new
 * snapshot is made per update, sharing all but the changed rows' paths with the last (its tables are
 * {@link PersistentMap}s; see {@link NbCache}); the route-to-router index is kept by the cache the same way, and
 * lookups by name are indexed on first use (routers, switches and ports are few; the routes are not indexed by
 * name).
 * {@link #generation()} counts full resyncs: a writer can tell a snapshot taken before a reconnect.
 */
public final class NbSnapshot {
    static final NbSnapshot EMPTY = new NbSnapshot(0, emptyTables(), PersistentMap.empty());

    private final long generation;
    private final Map<NbTable, Map<Uuid, NbRow>> tables;
    private final Supplier<Map<String, List<LogicalRouter>>> routersByName;
    private final PersistentMap<Uuid, Uuid> routeOwners;
    private final Supplier<Map<String, LogicalRouterPort>> portsByName;
    private final Supplier<Map<String, List<LogicalSwitch>>> switchesByName;
    private final Supplier<Map<String, List<LoadBalancer>>> lbsByName;

    NbSnapshot(long generation, Map<NbTable, Map<Uuid, NbRow>> tables, PersistentMap<Uuid, Uuid> routeOwners) {
        this.generation = generation;
        this.tables = tables;
        this.routeOwners = routeOwners;
        this.routersByName = Suppliers.memoize(() -> byName(routers().values(), LogicalRouter::name));
        this.portsByName = Suppliers.memoize(() -> {
            Map<String, LogicalRouterPort> m = new HashMap<>();
            routerPorts().values().forEach(p -> m.put(p.name(), p));
            return Collections.unmodifiableMap(m);
        });
        this.switchesByName = Suppliers.memoize(() -> byName(switches().values(), LogicalSwitch::name));
        this.lbsByName = Suppliers.memoize(() -> byName(loadBalancers().values(), LoadBalancer::name));
    }

    /** A snapshot holding just these rows (generation 1): for tests of code that reads snapshots. */
    public static NbSnapshot of(NbRow... rows) {
        Map<NbTable, PersistentMap<Uuid, NbRow>> m = new EnumMap<>(NbTable.class);
        for (NbTable t : NbTable.values()) {
            m.put(t, PersistentMap.empty());
        }
        PersistentMap<Uuid, Uuid> owners = PersistentMap.empty();
        for (NbRow r : rows) {
            m.put(r.table(), m.get(r.table()).plus(r.uuid(), r));
            if (r instanceof LogicalRouter lr) {
                for (Uuid u : lr.staticRoutes()) {
                    owners = owners.plus(u, lr.uuid());
                }
            }
        }
        return new NbSnapshot(1, Collections.unmodifiableMap(m), owners);
    }

    static Map<NbTable, Map<Uuid, NbRow>> emptyTables() {
        Map<NbTable, Map<Uuid, NbRow>> m = new EnumMap<>(NbTable.class);
        for (NbTable t : NbTable.values()) {
            m.put(t, PersistentMap.empty());
        }
        return Collections.unmodifiableMap(m);
    }

    private static <T extends NbRow> Map<String, List<T>> byName(Iterable<T> rows, Function<T, String> name) {
        Map<String, List<T>> m = new HashMap<>();
        for (T r : rows) {
            m.computeIfAbsent(name.apply(r), k -> new ArrayList<>()).add(r);
        }
        m.replaceAll((k, v) -> {
            v.sort(Comparator.comparing(NbRow::uuid));
            return List.copyOf(v);
        });
        return Collections.unmodifiableMap(m);
    }

    /** Route to the router whose {@code static_routes} holds it, for {@link NbCache}'s next snapshot. */
    PersistentMap<Uuid, Uuid> routeOwners() {
        return routeOwners;
    }

    /** How many full resyncs (initial dumps) preceded this snapshot; 0 before the first. */
    public long generation() {
        return generation;
    }

    /** Every row of one table, by uuid. */
    public Map<Uuid, NbRow> rows(NbTable table) {
        return tables.get(table);
    }

    /** The row with this uuid in this table, if present. */
    public Optional<NbRow> row(NbTable table, Uuid uuid) {
        return Optional.ofNullable(tables.get(table).get(uuid));
    }

    @SuppressWarnings("unchecked")
    private <T extends NbRow> Map<Uuid, T> typed(NbTable t) {
        return (Map<Uuid, T>) (Map<Uuid, ?>) tables.get(t);
    }

    public Map<Uuid, LogicalRouter> routers() {
        return typed(NbTable.LOGICAL_ROUTER);
    }

    public Map<Uuid, StaticRoute> staticRoutes() {
        return typed(NbTable.STATIC_ROUTE);
    }

    public Map<Uuid, LogicalRouterPort> routerPorts() {
        return typed(NbTable.LOGICAL_ROUTER_PORT);
    }

    public Map<Uuid, LogicalSwitch> switches() {
        return typed(NbTable.LOGICAL_SWITCH);
    }

    public Map<Uuid, LoadBalancer> loadBalancers() {
        return typed(NbTable.LOAD_BALANCER);
    }

    public Map<Uuid, Bfd> bfds() {
        return typed(NbTable.BFD);
    }

    /** The {@code NB_Global} row (there is at most one). */
    public Optional<NbGlobal> nbGlobal() {
        Map<Uuid, NbGlobal> m = typed(NbTable.NB_GLOBAL);
        return m.values().stream().findFirst();
    }

    /**
     * The router with this name. Names are not unique in OVSDB; when several routers share one, the one with
     * the lowest uuid is returned (see {@link #routersNamed}).
     */
    public Optional<LogicalRouter> router(String name) {
        List<LogicalRouter> l = routersByName.get().get(name);
        return l == null ? Optional.empty() : Optional.of(l.get(0));
    }

    public List<LogicalRouter> routersNamed(String name) {
        return routersByName.get().getOrDefault(name, List.of());
    }

    /** The routes {@code router} references, in no particular order (a reference not yet seen is skipped). */
    public List<StaticRoute> staticRoutesOf(LogicalRouter router) {
        Map<Uuid, StaticRoute> all = staticRoutes();
        List<StaticRoute> out = new ArrayList<>(router.staticRoutes().size());
        for (Uuid u : router.staticRoutes()) {
            StaticRoute r = all.get(u);
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    /** The routes of the router with this name; empty if there is no such router. */
    public List<StaticRoute> staticRoutesOf(String routerName) {
        return router(routerName).map(this::staticRoutesOf).orElse(List.of());
    }

    public Optional<StaticRoute> staticRoute(Uuid uuid) {
        return Optional.ofNullable(staticRoutes().get(uuid));
    }

    /** The router whose {@code static_routes} holds this route. */
    public Optional<LogicalRouter> routerOf(Uuid staticRoute) {
        Uuid r = routeOwners.get(staticRoute);
        return r == null ? Optional.empty() : Optional.ofNullable(routers().get(r));
    }

    /** The router port with this name ({@code name} is indexed, so unique). */
    public Optional<LogicalRouterPort> routerPort(String name) {
        return Optional.ofNullable(portsByName.get().get(name));
    }

    public Optional<LogicalSwitch> logicalSwitch(String name) {
        List<LogicalSwitch> l = switchesByName.get().get(name);
        return l == null ? Optional.empty() : Optional.of(l.get(0));
    }

    public List<LoadBalancer> loadBalancersNamed(String name) {
        return lbsByName.get().getOrDefault(name, List.of());
    }

    public Optional<Bfd> bfd(Uuid uuid) {
        return Optional.ofNullable(bfds().get(uuid));
    }

    /** The BFD session for this port and destination ({@code logical_port}, {@code dst_ip} are indexed). */
    public Optional<Bfd> bfd(String logicalPort, String dstIp) {
        return bfds().values().stream()
                .filter(b -> b.logicalPort().equals(logicalPort) && b.dstIp().equals(dstIp))
                .findFirst();
    }

    /** Rows in all tables. */
    public int size() {
        return tables.values().stream().mapToInt(Map::size).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("NbSnapshot(generation ").append(generation);
        tables.forEach(
                (t, m) -> sb.append(", ").append(t.tableName()).append('=').append(m.size()));
        return sb.append(')').toString();
    }
}
