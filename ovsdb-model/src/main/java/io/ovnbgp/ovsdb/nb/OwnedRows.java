package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Mutation;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The static routes and BFD rows that carry one owner's mark ({@code external_ids key=value}), and the single
 * transaction that removes them: each route is dropped from every router that references it (the route table is
 * not a root table, so the row goes with its last reference), each BFD row is deleted. Nothing else is touched: a
 * row without the mark, or with another value, stays; an owned BFD row that a route staying behind still uses is
 * kept (deleting it would clear that route's {@code bfd} column) and listed in {@link #bfdsKept}.
 */
public record OwnedRows(String key, String value, List<Route> routes, List<BfdRow> bfds, List<BfdRow> bfdsKept) {
    public OwnedRows {
        routes = List.copyOf(routes);
        bfds = List.copyOf(bfds);
        bfdsKept = List.copyOf(bfdsKept);
    }

    /** One owned route, the routers (by name) that reference it, and the BFD row it uses. */
    public record Route(
            Uuid uuid, List<String> routers, Set<Uuid> routerUuids, String prefix, String nexthop, Optional<Uuid> bfd) {
        public Route {
            routers = List.copyOf(new TreeSet<>(routers));
            routerUuids = Set.copyOf(routerUuids);
        }
    }

    /** One owned BFD row; {@code usedBy} lists the routes that stay and reference it (empty for a deleted row). */
    public record BfdRow(Uuid uuid, String logicalPort, String dstIp, List<Uuid> usedBy) {
        public BfdRow {
            usedBy = List.copyOf(usedBy);
        }
    }

    /** What carries {@code key=value} in {@code snapshot}, routes sorted by router, prefix and next hop. */
    public static OwnedRows find(NbSnapshot snapshot, String key, String value) {
        Map<Uuid, Set<String>> routerNames = new LinkedHashMap<>();
        Map<Uuid, Set<Uuid>> routerIds = new LinkedHashMap<>();
        for (LogicalRouter r : snapshot.routers().values()) {
            for (Uuid u : r.staticRoutes()) {
                routerNames.computeIfAbsent(u, k -> new TreeSet<>()).add(r.name());
                routerIds.computeIfAbsent(u, k -> new HashSet<>()).add(r.uuid());
            }
        }
        List<Route> routes = new ArrayList<>();
        Set<Uuid> removed = new HashSet<>();
        for (StaticRoute s : snapshot.staticRoutes().values()) {
            if (value.equals(s.externalIds().get(key)) && routerIds.containsKey(s.uuid())) {
                routes.add(new Route(
                        s.uuid(),
                        List.copyOf(routerNames.get(s.uuid())),
                        routerIds.get(s.uuid()),
                        s.ipPrefix(),
                        s.nexthop(),
                        s.bfd()));
                removed.add(s.uuid());
            }
        }
        routes.sort(Comparator.comparing((Route r) -> String.join(",", r.routers()))
                .thenComparing(Route::prefix)
                .thenComparing(Route::nexthop)
                .thenComparing(Route::uuid));
        List<BfdRow> bfds = new ArrayList<>();
        List<BfdRow> kept = new ArrayList<>();
        for (Bfd b : snapshot.bfds().values()) {
            if (!value.equals(b.externalIds().get(key))) {
                continue;
            }
            List<Uuid> usedBy = snapshot.staticRoutes().values().stream()
                    .filter(s -> s.bfd().equals(Optional.of(b.uuid())) && !removed.contains(s.uuid()))
                    .map(StaticRoute::uuid)
                    .sorted()
                    .toList();
            (usedBy.isEmpty() ? bfds : kept).add(new BfdRow(b.uuid(), b.logicalPort(), b.dstIp(), usedBy));
        }
        Comparator<BfdRow> byPlace = Comparator.comparing(BfdRow::logicalPort).thenComparing(BfdRow::dstIp);
        bfds.sort(byPlace);
        kept.sort(byPlace);
        return new OwnedRows(key, value, routes, bfds, kept);
    }

    public boolean isEmpty() {
        return routes.isEmpty() && bfds.isEmpty();
    }

    /**
     * One transaction removing {@link #routes} and {@link #bfds}. It aborts, rather than change another owner's
     * route, should a route without the mark have started using one of these BFD rows since the snapshot.
     */
    public List<Op> removal() {
        List<Op> ops = new ArrayList<>();
        ops.add(Op.comment("ovn-bgp-bridge uninstall: remove " + routes.size() + " route(s) and " + bfds.size()
                + " BFD row(s) with " + key + "=" + value));
        Map<Uuid, List<Uuid>> byRouter = new LinkedHashMap<>();
        for (Route r : routes) {
            r.routerUuids()
                    .forEach(router -> byRouter.computeIfAbsent(router, k -> new ArrayList<>())
                            .add(r.uuid()));
        }
        for (BfdRow b : bfds) {
            List<Condition> where = new ArrayList<>();
            where.add(Condition.eq("bfd", b.uuid()));
            for (Route r : routes) {
                if (r.bfd().equals(Optional.of(b.uuid()))) {
                    where.add(Condition.uuidIsNot(r.uuid()));
                }
            }
            ops.add(new Op.Wait(StaticRoute.TABLE, where, List.of("_uuid"), Op.Wait.Until.EQ, List.of(), 0L));
        }
        byRouter.forEach((router, uuids) -> ops.add(Op.mutate(
                LogicalRouter.TABLE,
                List.of(Condition.uuidIs(router)),
                Mutation.delete("static_routes", uuids.toArray()))));
        for (BfdRow b : bfds) {
            ops.add(Op.delete(Bfd.TABLE, List.of(Condition.uuidIs(b.uuid()))));
        }
        return ops;
    }
}
