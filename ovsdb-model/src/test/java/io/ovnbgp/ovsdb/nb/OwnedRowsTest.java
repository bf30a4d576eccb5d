package io.ovnbgp.ovsdb.nb;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which rows carry an owner's mark, and that the removal touches those and nothing else. */
class OwnedRowsTest {
    private static final String KEY = "ovn-bgp-bridge/owner";
    private static final Uuid GR1 = Uuid.of("00000000-0000-0000-0000-000000000001");
    private static final Uuid GR2 = Uuid.of("00000000-0000-0000-0000-000000000002");
    private static final Uuid MINE_A = Uuid.of("00000000-0000-0000-0000-0000000000a1");
    private static final Uuid MINE_B = Uuid.of("00000000-0000-0000-0000-0000000000a2");
    private static final Uuid OTHER_NODE = Uuid.of("00000000-0000-0000-0000-0000000000b1");
    private static final Uuid ROUTE_IMPORT = Uuid.of("00000000-0000-0000-0000-0000000000b2");
    private static final Uuid BARE = Uuid.of("00000000-0000-0000-0000-0000000000b3");
    private static final Uuid BFD_MINE = Uuid.of("00000000-0000-0000-0000-0000000000c1");
    private static final Uuid BFD_SHARED = Uuid.of("00000000-0000-0000-0000-0000000000c2");
    private static final Uuid BFD_OTHER = Uuid.of("00000000-0000-0000-0000-0000000000c3");

    private static StaticRoute route(Uuid u, String prefix, String nh, Uuid bfd, Map<String, String> ids) {
        return new StaticRoute(
                u, prefix, nh, Optional.empty(), Optional.empty(), "", Optional.ofNullable(bfd), Map.of(), ids);
    }

    private static Bfd bfd(Uuid u, String dst, Map<String, String> ids) {
        return new Bfd(
                u,
                "rtoe-GR_node1",
                dst,
                OptionalLong.empty(),
                OptionalLong.empty(),
                OptionalLong.empty(),
                Optional.of("up"),
                ids);
    }

    @Test
    void onlyRowsWithThisNodesMarkAreFoundAndRemovedAndABfdRowAnotherRouteUsesStays() {
        NbSnapshot s = NbSnapshot.of(
                new LogicalRouter(
                        GR1,
                        "GR_node1",
                        Set.of(MINE_A, MINE_B, ROUTE_IMPORT, BARE, OTHER_NODE),
                        Set.of(),
                        Map.of(),
                        Map.of()),
                new LogicalRouter(GR2, "GR_node2", Set.of(MINE_B), Set.of(), Map.of(), Map.of()),
                route(MINE_A, "198.51.100.0/24", "203.0.113.2", BFD_MINE, Map.of(KEY, "node1")),
                route(MINE_B, "198.51.101.0/24", "203.0.113.3", null, Map.of(KEY, "node1")),
                route(OTHER_NODE, "198.51.100.0/24", "203.0.113.9", BFD_SHARED, Map.of(KEY, "node2")),
                route(
                        ROUTE_IMPORT,
                        "198.51.100.0/24",
                        "192.0.2.99",
                        null,
                        Map.of("k8s.ovn.org/owner-controller", "RouteImport")),
                route(BARE, "0.0.0.0/0", "192.0.2.1", null, Map.of()),
                bfd(BFD_MINE, "203.0.113.2", Map.of(KEY, "node1")),
                bfd(BFD_SHARED, "203.0.113.9", Map.of(KEY, "node1")),
                bfd(BFD_OTHER, "203.0.113.8", Map.of(KEY, "node2")));

        OwnedRows owned = OwnedRows.find(s, KEY, "node1");

        assertThat(owned.routes()).extracting(OwnedRows.Route::uuid).containsExactly(MINE_A, MINE_B);
        assertThat(owned.routes().get(1).routers()).containsExactly("GR_node1", "GR_node2");
        assertThat(owned.bfds()).extracting(OwnedRows.BfdRow::uuid).containsExactly(BFD_MINE);
        assertThat(owned.bfdsKept()).singleElement().satisfies(b -> {
            assertThat(b.uuid()).isEqualTo(BFD_SHARED);
            assertThat(b.usedBy()).containsExactly(OTHER_NODE);
        });

        List<Op> ops = owned.removal();
        String text = ops.toString();
        // both routers lose exactly the owned references, one BFD row is deleted, guarded against new users
        assertThat(ops)
                .filteredOn(o -> o instanceof Op.Mutate)
                .extracting(Object::toString)
                .satisfiesExactlyInAnyOrder(
                        m -> assertThat(m).contains(GR1.toString(), MINE_A.toString(), MINE_B.toString()),
                        m -> assertThat(m)
                                .contains(GR2.toString(), MINE_B.toString())
                                .doesNotContain(MINE_A.toString()));
        assertThat(ops)
                .filteredOn(o -> o instanceof Op.Delete)
                .singleElement()
                .asString()
                .contains(BFD_MINE.toString());
        assertThat(ops)
                .filteredOn(o -> o instanceof Op.Wait)
                .singleElement()
                .asString()
                .contains(BFD_MINE.toString(), MINE_A.toString());
        for (Uuid untouched : List.of(OTHER_NODE, ROUTE_IMPORT, BARE, BFD_SHARED, BFD_OTHER)) {
            assertThat(text).doesNotContain(untouched.toString());
        }
    }

    @Test
    void nothingOwnedMeansAnEmptyResult() {
        NbSnapshot s = NbSnapshot.of(
                new LogicalRouter(GR1, "GR_node1", Set.of(BARE), Set.of(), Map.of(), Map.of()),
                route(BARE, "0.0.0.0/0", "192.0.2.1", null, Map.of()));
        assertThat(OwnedRows.find(s, KEY, "node1").isEmpty()).isTrue();
    }
}
