package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Mutation;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Ready-made operations for the Northbound changes the bridge makes; combine them into one transaction. */
public final class NbOps {
    private NbOps() {}

    /**
     * Inserts a route and references it from {@code router}'s {@code static_routes}: two operations that belong
     * in the same transaction (the route table is not a root table).
     */
    public static List<Op> addStaticRoute(Uuid router, StaticRouteSpec route, String uuidName) {
        Op.Insert ins = insertStaticRoute(route, uuidName);
        return List.of(ins, referenceStaticRoutes(router, List.of(ins.ref())));
    }

    /**
     * Inserts a route row only; it lives if a router references it in the same transaction
     * ({@link #referenceStaticRoutes}).
     */
    public static Op.Insert insertStaticRoute(StaticRouteSpec route, String uuidName) {
        return Op.insert(StaticRoute.TABLE, route.row(), uuidName);
    }

    /**
     * Inserts a route row with a uuid of the caller's choosing, derived from what makes the row unique to its
     * writer: a second insert of the same row, e.g. the retry of a commit whose outcome was unknown, fails with
     * "duplicate uuid" instead of duplicating the route, and the server checks that by hash, not by a scan of
     * every route as a {@link #waitNoStaticRoute} guard costs.
     */
    public static Op.Insert insertStaticRoute(StaticRouteSpec route, String uuidName, Uuid uuid) {
        return new Op.Insert(StaticRoute.TABLE, route.row(), uuidName, uuid);
    }

    /**
     * Adds references to {@code router}'s {@code static_routes}: one mutation for all the routes a transaction
     * inserts, because a mutation per route would have the server copy the router's route set per route.
     */
    public static Op referenceStaticRoutes(Uuid router, Collection<?> routeRefs) {
        return Op.mutate(
                LogicalRouter.TABLE,
                List.of(Condition.uuidIs(router)),
                Mutation.insert("static_routes", routeRefs.toArray()));
    }

    /**
     * Removes routes from {@code router}: dropping the references is enough, OVSDB then deletes the unreferenced
     * rows at commit (and a route another router still references stays).
     */
    public static Op removeStaticRoutes(Uuid router, Collection<Uuid> routes) {
        return Op.mutate(
                LogicalRouter.TABLE,
                List.of(Condition.uuidIs(router)),
                Mutation.delete("static_routes", routes.toArray()));
    }

    /** Rewrites every column of an existing route to {@code route} (restoring a row someone else edited). */
    public static Op updateStaticRoute(Uuid route, StaticRouteSpec spec) {
        return Op.update(StaticRoute.TABLE, List.of(Condition.uuidIs(route)), spec.row());
    }

    /**
     * Aborts the transaction unless the router still exists with exactly these {@code static_routes}: an
     * optimistic-concurrency guard for a writer whose view might be stale. Put it <em>before</em> the operations
     * that change the router: each operation of a transaction sees the effects of the ones before it.
     */
    public static Op waitRouterRoutesUnchanged(LogicalRouter router) {
        return new Op.Wait(
                LogicalRouter.TABLE,
                List.of(Condition.uuidIs(router.uuid())),
                List.of("static_routes"),
                Op.Wait.Until.EQ,
                List.of(Map.of("static_routes", router.staticRoutes())),
                0L);
    }

    /**
     * Aborts the transaction unless the router still exists under this name: the writer diffed against this row,
     * and a router deleted and made again under the same name is another one.
     */
    public static Op waitRouterNamed(Uuid router, String name) {
        return new Op.Wait(
                LogicalRouter.TABLE,
                List.of(Condition.uuidIs(router)),
                List.of("name"),
                Op.Wait.Until.EQ,
                List.of(Map.of("name", name)),
                0L);
    }

    /**
     * Aborts the transaction if a route to {@code prefix} via {@code nexthop} with {@code external_ids:ownerKey=owner}
     * exists already: put before an insert, a writer whose view is stale fails rather than duplicates a route.
     */
    public static Op waitNoStaticRoute(String prefix, String nexthop, String ownerKey, String owner) {
        return new Op.Wait(
                StaticRoute.TABLE,
                List.of(
                        Condition.eq("ip_prefix", prefix),
                        Condition.eq("nexthop", nexthop),
                        Condition.externalId(ownerKey, owner)),
                List.of("nexthop"),
                Op.Wait.Until.EQ,
                List.of(),
                0L);
    }

    /** Inserts a BFD session row (a root table), to be referenced from routes by {@code uuidName}. */
    public static Op.Insert addBfd(
            String logicalPort,
            String dstIp,
            long minTx,
            long minRx,
            long detectMult,
            Map<String, String> externalIds,
            String uuidName) {
        return Op.insert(
                Bfd.TABLE,
                Map.of(
                        "logical_port",
                        logicalPort,
                        "dst_ip",
                        dstIp,
                        "min_tx",
                        minTx,
                        "min_rx",
                        minRx,
                        "detect_mult",
                        detectMult,
                        "external_ids",
                        externalIds),
                uuidName);
    }

    /** Deletes a BFD session row (a root table: it goes even while a route still names it, which then has none). */
    public static Op removeBfd(Uuid bfd) {
        return Op.delete(Bfd.TABLE, List.of(Condition.uuidIs(bfd)));
    }

    /** A copy of {@code ops} with a leading comment (shown in the server log with the transaction). */
    public static List<Op> withComment(String comment, List<Op> ops) {
        List<Op> out = new ArrayList<>(ops.size() + 1);
        out.add(Op.comment(comment));
        out.addAll(ops);
        return out;
    }
}
