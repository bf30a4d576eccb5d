package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bridge.ovn.RoutePlanner.Plan;
import io.ovnbgp.bridge.ovn.RoutePlanner.RowKey;
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

/** The BFD rows a transaction removes: ours, whose next hop no row of ours uses once the plan is applied. */
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

    private static Plan plan(List<RowKey> inserts, List<StaticRoute> deletes) {
        return new Plan(inserts, List.of(), deletes, List.of());
    }
}
