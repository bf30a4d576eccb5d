package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bridge.ovn.RoutePlanner.Plan;
import io.ovnbgp.bridge.ovn.RoutePlanner.RowKey;
import io.ovnbgp.ovsdb.client.NamedUuid;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.Bfd;
import io.ovnbgp.ovsdb.nb.NbOps;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import io.ovnbgp.ovsdb.nb.StaticRouteSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Northbound transaction for a {@link Plan}: a guard first (the router is still the one diffed against), then
 * the BFD rows the routes need, the inserts (each with its key's own uuid, so that the server refuses a duplicate;
 * referenced from the router by one mutation), the rewrites, the deletes, and the BFD rows no route of ours uses
 * any more. Once committed, {@link #written} gives the rows as they now are.
 */
final class RouteTransaction {
    private final RouteColumns columns;
    private final NbSnapshot snap;
    private final Plan plan;
    private final List<Op> ops = new ArrayList<>();
    private final Map<String, Object> bfdRefs = new HashMap<>();
    private final List<NamedUuid> inserted = new ArrayList<>();
    private final List<StaticRouteSpec> insertedSpecs = new ArrayList<>();
    private final List<StaticRouteSpec> updatedSpecs = new ArrayList<>();

    private RouteTransaction(RouteColumns columns, NbSnapshot snap, Plan plan) {
        this.columns = columns;
        this.snap = snap;
        this.plan = plan;
    }

    /** The operations for {@code plan} on {@code router} (named {@code routerName}), as diffed in {@code snap}. */
    static RouteTransaction build(
            RouteColumns columns, Uuid router, String routerName, NbSnapshot snap, Plan plan, List<Bfd> bfdGarbage) {
        RouteTransaction t = new RouteTransaction(columns, snap, plan);
        t.guards(router, routerName);
        for (RowKey k : plan.inserts()) {
            StaticRouteSpec spec = columns.spec(k, t.bfdRef(k.nexthop()));
            Op.Insert ins = NbOps.insertStaticRoute(spec, "r" + t.inserted.size(), columns.rowUuid(k));
            t.ops.add(ins);
            t.inserted.add(ins.ref());
            t.insertedSpecs.add(spec);
        }
        if (!t.inserted.isEmpty()) {
            t.ops.add(NbOps.referenceStaticRoutes(router, t.inserted));
        }
        for (RoutePlanner.Update u : plan.updates()) {
            StaticRouteSpec spec = columns.spec(u.key(), t.bfdRef(u.key().nexthop()));
            t.ops.add(NbOps.updateStaticRoute(u.row().uuid(), spec));
            t.updatedSpecs.add(spec);
        }
        if (!plan.deletes().isEmpty()) {
            t.ops.add(NbOps.removeStaticRoutes(router, RoutePlanner.uuids(plan.deletes())));
        }
        for (Bfd g : bfdGarbage) {
            t.ops.add(NbOps.removeBfd(g.uuid()));
        }
        return t;
    }

    private void guards(Uuid router, String routerName) {
        // the router must still be the one diffed against; a second row of ours for a key cannot be inserted
        // whatever our view, since each insert carries the key's own uuid (RouteColumns.rowUuid)
        ops.add(NbOps.waitRouterNamed(router, routerName));
    }

    /** The operations, led by {@code comment} (shown in the server's log with the transaction). */
    List<Op> ops(String comment) {
        return NbOps.withComment(comment, ops);
    }

    /**
     * The BFD row for a next hop: an existing one (ours or not: the table is indexed on port and address) or one
     * inserted in this transaction; null without BFD.
     */
    private Object bfdRef(String nexthop) {
        if (!columns.bfd()) {
            return null;
        }
        Object ref = bfdRefs.get(nexthop);
        if (ref == null) {
            Optional<Bfd> existing = columns.existingBfd(snap, nexthop);
            if (existing.isPresent()) {
                ref = existing.get().uuid();
            } else {
                Op.Insert ins = columns.bfdInsert(nexthop, "bfd" + bfdRefs.size());
                ops.add(ins);
                ref = ins.ref();
            }
            bfdRefs.put(nexthop, ref);
        }
        return ref;
    }

    /** The rows of ours the committed transaction inserted or rewrote, as they now are. */
    List<StaticRoute> written(TxResult result) {
        List<StaticRoute> out = new ArrayList<>(inserted.size() + updatedSpecs.size());
        for (int i = 0; i < inserted.size(); i++) {
            out.add(row(result.uuidOf(inserted.get(i).name()), insertedSpecs.get(i), result));
        }
        for (int i = 0; i < updatedSpecs.size(); i++) {
            out.add(row(plan.updates().get(i).row().uuid(), updatedSpecs.get(i), result));
        }
        return out;
    }

    private static StaticRoute row(Uuid uuid, StaticRouteSpec spec, TxResult result) {
        Optional<Uuid> bfd = spec.bfd().map(b -> b instanceof NamedUuid n ? result.uuidOf(n.name()) : (Uuid) b);
        return new StaticRoute(
                uuid,
                spec.ipPrefix(),
                spec.nexthop(),
                spec.outputPort(),
                spec.policy(),
                spec.routeTable(),
                bfd,
                spec.options(),
                spec.externalIds());
    }

    /**
     * BFD rows we created whose next hop none of our rows ({@code ours}) uses any more once {@code plan} is applied.
     * In proportion to the plan and the BFD rows (one per next hop), not to our routes: {@code ours} keeps the count
     * of rows per next hop.
     */
    static List<Bfd> bfdGarbage(RouteColumns columns, NbSnapshot snap, OwnedRouteIndex ours, Plan plan) {
        Map<String, Integer> delta = new HashMap<>();
        for (StaticRoute d : plan.deletes()) {
            delta.merge(RoutePlanner.canonicalNextHop(d.nexthop()), -1, Integer::sum);
        }
        for (RowKey k : plan.inserts()) {
            delta.merge(k.nexthop(), 1, Integer::sum);
        }
        List<Bfd> out = new ArrayList<>();
        for (Bfd b : snap.bfds().values()) {
            if (!columns.owns(b)) {
                continue;
            }
            String nh = RoutePlanner.canonicalNextHop(b.dstIp());
            if (ours.usesOf(nh) + delta.getOrDefault(nh, 0) <= 0) {
                out.add(b);
            }
        }
        return out;
    }
}
