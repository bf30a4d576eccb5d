package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bridge.ovn.RoutePlanner.Plan;
import io.ovnbgp.bridge.ovn.RoutePlanner.RowKey;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.Bfd;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a transaction inserts, and the BFD rows it removes. */
class RouteTransactionTest {
    private static final String PORT = "rtoe-GR_node1";
    private final RouteColumns columns = new RouteColumns(new StaticRouteReconciler.Settings(
            "node1", "GR_node1", PORT, "", "dst-ip", 100, true, 300, 300, 3, Duration.ofSeconds(1)));

    private static Uuid uuid(int n) {
        return Uuid.of(String.format("00000000-0000-0000-0000-%012d", n));
    }

    private static StaticRoute route(int n, String nexthop) {
        return new StaticRoute(
                uuid(n),
                "10." + n + ".0.0/16",
                nexthop,
                Optional.of(PORT),
                Optional.of("dst-ip"),
                "",
                Optional.empty(),
                Map.of(),
                Map.of(StaticRouteReconciler.OWNER_KEY, "node1"));
    }

    private static Bfd bfd(int n, String dst, String owner) {
        return new Bfd(
                uuid(n),
                PORT,
                dst,
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                owner == null ? Map.of() : Map.of(StaticRouteReconciler.OWNER_KEY, owner));
    }

    @Test
    void bfdRowsOfNextHopsNoRowOfOursUsesAfterThePlanAreGarbage() {
        StaticRoute r1 = route(1, "192.0.2.1");
        StaticRoute r2 = route(2, "192.0.2.1");
        StaticRoute r3 = route(3, "192.0.2.2");
        Bfd a = bfd(21, "192.0.2.1", "node1");
        Bfd b = bfd(22, "192.0.2.2", "node1");
        Bfd orphan = bfd(23, "192.0.2.3", "node1");
        Bfd notOurs = bfd(24, "192.0.2.4", null);
        LogicalRouter gr = new LogicalRouter(
                uuid(100), "GR_node1", Set.of(r1.uuid(), r2.uuid(), r3.uuid()), Set.of(), Map.of(), Map.of());
        NbSnapshot s = NbSnapshot.of(gr, r1, r2, r3, a, b, orphan, notOurs);
        OwnedRouteIndex index = new OwnedRouteIndex("node1", "GR_node1");
        index.adopt(s);

        assertThat(RouteTransaction.bfdGarbage(columns, s, index, plan(List.of(), List.of())))
                .containsExactly(orphan);
        assertThat(RouteTransaction.bfdGarbage(columns, s, index, plan(List.of(), List.of(r1))))
                .containsExactly(orphan);
        assertThat(RouteTransaction.bfdGarbage(columns, s, index, plan(List.of(), List.of(r1, r2, r3))))
                .containsExactlyInAnyOrder(a, b, orphan);
        // the last row of a hop goes while a new one for it comes: its session stays
        assertThat(RouteTransaction.bfdGarbage(
                        columns, s, index, plan(List.of(new RowKey("10.9.0.0/16", "192.0.2.2")), List.of(r3))))
                .containsExactly(orphan);
    }

    @Test
    void everyInsertCarriesItsKeysOwnUuidSoThatTheServerRefusesASecondRowOfOursForTheKey() {
        RowKey k = new RowKey("10.9.0.0/16", "192.0.2.2");
        LogicalRouter gr = new LogicalRouter(uuid(100), "GR_node1", Set.of(), Set.of(), Map.of(), Map.of());
        NbSnapshot s = NbSnapshot.of(gr);
        List<Op> ops = RouteTransaction.build(columns, gr.uuid(), "GR_node1", s, plan(List.of(k), List.of()), List.of())
                .ops("test");
        List<Op.Insert> inserts = ops.stream()
                .filter(o -> o instanceof Op.Insert i && i.table().equals(StaticRoute.TABLE))
                .map(o -> (Op.Insert) o)
                .toList();
        assertThat(inserts).singleElement().satisfies(i -> assertThat(i.uuid()).isEqualTo(columns.rowUuid(k)));
        // no guard that scans the route table: the uuid is the guard
        assertThat(ops).noneMatch(o -> o instanceof Op.Wait w && w.table().equals(StaticRoute.TABLE));
        // the same for the same node, router, table, policy and key, whoever computes it; another for any other
        RouteColumns again = new RouteColumns(new StaticRouteReconciler.Settings(
                "node1", "GR_node1", PORT, "", "dst-ip", 5, false, 0, 0, 0, Duration.ofSeconds(9)));
        assertThat(again.rowUuid(k)).isEqualTo(columns.rowUuid(k));
        assertThat(columns.rowUuid(new RowKey("10.9.0.0/16", "192.0.2.3"))).isNotEqualTo(columns.rowUuid(k));
        RouteColumns node2 = new RouteColumns(new StaticRouteReconciler.Settings(
                "node2", "GR_node1", PORT, "", "dst-ip", 100, true, 300, 300, 3, Duration.ofSeconds(1)));
        assertThat(node2.rowUuid(k)).isNotEqualTo(columns.rowUuid(k));
    }

    private static Plan plan(List<RowKey> inserts, List<StaticRoute> deletes) {
        return new Plan(inserts, List.of(), deletes, List.of());
    }
}
