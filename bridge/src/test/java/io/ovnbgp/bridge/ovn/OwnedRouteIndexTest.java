package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NbRow;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NbTable;
import io.ovnbgp.ovsdb.nb.RowChange;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The index against the monitor's reports, which come after our commits: the writer may read the report of a row
 * it wrote after it has rewritten or deleted that row.
 */
class OwnedRouteIndexTest {
    private static final Uuid GR = uuid(1);
    private static final Uuid OTHER_GR = uuid(2);
    private static final Uuid R1 = uuid(11);

    private final OwnedRouteIndex index = new OwnedRouteIndex("node1", "GR_node1");
    private final List<StaticRoute> repairs = new ArrayList<>();
    private final List<String> touched = new ArrayList<>();

    private static Uuid uuid(int n) {
        return Uuid.of(String.format("00000000-0000-0000-0000-%012d", n));
    }

    private static StaticRoute route(Uuid u, String prefix, String nexthop, String owner) {
        return new StaticRoute(
                u,
                prefix,
                nexthop,
                Optional.empty(),
                Optional.of("dst-ip"),
                "",
                Optional.empty(),
                Map.of(),
                owner == null ? Map.of() : Map.of(StaticRouteReconciler.OWNER_KEY, owner));
    }

    private static LogicalRouter router(Uuid u, String name, Uuid... routes) {
        return new LogicalRouter(u, name, Set.of(routes), Set.of(), Map.of(), Map.of());
    }

    private static NbSnapshot nb(NbRow... rows) {
        return NbSnapshot.of(rows);
    }

    private void follow(RowChange change, NbSnapshot after) {
        index.follow(List.of(change), after, r -> touched.add(r.ipPrefix()), repairs::add);
    }

    private static RowChange inserted(StaticRoute r) {
        return new RowChange(RowChange.Kind.INSERTED, NbTable.STATIC_ROUTE, r.uuid(), null, r);
    }

    private static RowChange modified(StaticRoute before, StaticRoute after) {
        return new RowChange(RowChange.Kind.MODIFIED, NbTable.STATIC_ROUTE, after.uuid(), before, after);
    }

    private static RowChange deleted(StaticRoute r) {
        return new RowChange(RowChange.Kind.DELETED, NbTable.STATIC_ROUTE, r.uuid(), r, null);
    }

    @Test
    void theReportsOfOurInsertAndDeleteReadAfterBothCommittedAreNoRepair() {
        index.adopt(nb(router(GR, "GR_node1")));
        StaticRoute r = route(R1, "10.1.0.0/16", "192.0.2.1", "node1");
        // a route flap: inserted, then withdrawn, both committed before the writer reads the first report
        index.committed(List.of(r), List.of());
        index.committed(List.of(), List.of(r));
        assertThat(index.size()).isZero();

        follow(inserted(r), nb(router(GR, "GR_node1", R1), r));
        assertThat(index.size()).as("the report of a row we have since deleted").isZero();
        follow(deleted(r), nb(router(GR, "GR_node1")));

        assertThat(repairs).isEmpty();
        assertThat(touched).isEmpty();
        assertThat(index.size()).isZero();
        assertThat(index.echoesAwaited()).isZero();
    }

    @Test
    void anEarlierStateOfARowWeRewroteIsNotTakenForAnotherWritersEdit() {
        StaticRoute v1 = route(R1, "10.1.0.0/16", "192.0.2.1", "node1");
        StaticRoute edited = route(R1, "10.1.0.0/16", "192.0.2.1", "someone");
        StaticRoute v2 = route(R1, "10.1.0.0/16", "192.0.2.1", "node1");
        index.adopt(nb(router(GR, "GR_node1", R1), v1));
        // someone edits the row; we restore it before reading that edit's report
        index.committed(List.of(v2), List.of());
        follow(modified(v1, edited), nb(router(GR, "GR_node1", R1), edited));
        follow(modified(edited, v2), nb(router(GR, "GR_node1", R1), v2));

        assertThat(touched).isEmpty();
        assertThat(repairs).isEmpty();
        assertThat(index.rows()).containsExactly(v2);
        assertThat(index.echoesAwaited()).isZero();
    }

    @Test
    void aDeleteByAnotherWriterIsARepairOnceOurWriteWasReportedAndEvenBefore() {
        StaticRoute a = route(R1, "10.1.0.0/16", "192.0.2.1", "node1");
        StaticRoute b = route(uuid(12), "10.2.0.0/16", "192.0.2.1", "node1");
        index.adopt(nb(router(GR, "GR_node1")));
        index.committed(List.of(a, b), List.of());
        NbSnapshot both = nb(router(GR, "GR_node1", a.uuid(), b.uuid()), a, b);
        follow(inserted(a), both);
        // a: our insert was reported, then someone deleted it; b: deleted before its insert's report was read
        follow(deleted(a), nb(router(GR, "GR_node1", b.uuid()), b));
        follow(deleted(b), nb(router(GR, "GR_node1")));

        assertThat(repairs).hasSize(2);
        assertThat(touched).containsExactly("10.1.0.0/16", "10.2.0.0/16");
        assertThat(index.size()).isZero();
        assertThat(index.echoesAwaited()).isZero();
    }

    @Test
    void aRowWithOurKeyThatWeDidNotWriteIsTakenOnlyOnOurRouter() {
        index.adopt(nb(router(GR, "GR_node1"), router(OTHER_GR, "GR_node2")));
        StaticRoute late = route(R1, "10.1.0.0/16", "192.0.2.1", "node1");
        StaticRoute elsewhere = route(uuid(12), "10.2.0.0/16", "192.0.2.1", "node1");
        StaticRoute foreign = route(uuid(13), "10.3.0.0/16", "192.0.2.1", null);
        NbSnapshot s = nb(
                router(GR, "GR_node1", late.uuid(), foreign.uuid()),
                router(OTHER_GR, "GR_node2", elsewhere.uuid()),
                late,
                elsewhere,
                foreign);
        follow(inserted(late), s);
        follow(inserted(elsewhere), s);
        follow(inserted(foreign), s);

        assertThat(index.rows()).containsExactly(late);
        assertThat(touched).containsExactly("10.1.0.0/16");
        assertThat(index.usesOf("192.0.2.1")).isEqualTo(1);
    }

    @Test
    void onlyARouterOfOurNameComingGoingOrRenamedIsLookedUp() {
        index.adopt(nb(router(GR, "GR_node1")));
        LogicalRouter before = router(GR, "GR_node1");
        LogicalRouter withRoute = router(GR, "GR_node1", R1);
        NbSnapshot s = nb(withRoute);
        RowChange routes = new RowChange(RowChange.Kind.MODIFIED, NbTable.LOGICAL_ROUTER, GR, before, withRoute);
        assertThat(index.routerChanged(List.of(routes), s)).isFalse();

        LogicalRouter lower = router(uuid(0), "GR_node1");
        RowChange added = new RowChange(RowChange.Kind.INSERTED, NbTable.LOGICAL_ROUTER, lower.uuid(), null, lower);
        assertThat(index.routerChanged(List.of(added), nb(withRoute, lower))).isTrue();

        LogicalRouter renamed = router(GR, "GR_old");
        RowChange rename = new RowChange(RowChange.Kind.MODIFIED, NbTable.LOGICAL_ROUTER, GR, before, renamed);
        assertThat(index.routerChanged(List.of(rename), nb(renamed))).isTrue();

        LogicalRouter other = router(OTHER_GR, "GR_node2");
        RowChange elsewhere = new RowChange(RowChange.Kind.INSERTED, NbTable.LOGICAL_ROUTER, OTHER_GR, null, other);
        assertThat(index.routerChanged(List.of(elsewhere), nb(before, other))).isFalse();
    }
}
