package io.ovnbgp.ovsdb.nb;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.RowUpdate;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NbCacheTest {
    private static final Uuid GR = Uuid.of("00000000-0000-0000-0000-000000000001");
    private static final Uuid R1 = Uuid.of("00000000-0000-0000-0000-0000000000a1");
    private static final Uuid R2 = Uuid.of("00000000-0000-0000-0000-0000000000a2");

    private static Row route(String prefix, String nexthop) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip_prefix", prefix);
        m.put("nexthop", nexthop);
        m.put("output_port", Set.of());
        m.put("policy", Set.of());
        m.put("route_table", "");
        m.put("bfd", Set.of());
        m.put("options", Map.of());
        m.put("external_ids", Map.of("ovn-bgp-bridge/owner", "node1"));
        return Row.of(m);
    }

    private static Row router(String name, Set<Uuid> routes) {
        return Row.of(Map.of(
                "name",
                name,
                "static_routes",
                routes,
                "ports",
                Set.of(),
                "options",
                Map.of(),
                "external_ids",
                Map.of()));
    }

    @Test
    void initialDumpThenUpdatesGiveTypedSnapshotsAndChanges() {
        NbCache c = new NbCache();
        NbSnapshot s1 = c.replace(List.of(
                RowUpdate.insert("Logical_Router", GR, router("GR_node1", Set.of(R1))),
                RowUpdate.insert("Logical_Router_Static_Route", R1, route("10.0.0.0/8", "192.168.1.2")),
                RowUpdate.insert(
                        "NB_Global",
                        Uuid.of("00000000-0000-0000-0000-0000000000ff"),
                        Row.of(Map.of("name", "", "options", Map.of("mac_prefix", "0a:00:00"))))));
        assertThat(s1.generation()).isEqualTo(1);
        LogicalRouter gr = s1.router("GR_node1").orElseThrow();
        assertThat(s1.staticRoutesOf(gr)).extracting(StaticRoute::nexthop).containsExactly("192.168.1.2");
        assertThat(s1.routerOf(R1)).contains(gr);
        assertThat(s1.nbGlobal().orElseThrow().options()).containsEntry("mac_prefix", "0a:00:00");
        StaticRoute r1 = s1.staticRoute(R1).orElseThrow();
        assertThat(r1.outputPort()).isEmpty();
        assertThat(r1.effectivePolicy()).isEqualTo("dst-ip");

        // an ECMP sibling is added and referenced; the first route's nexthop is edited by someone else
        NbCache.Applied a = c.apply(List.of(
                RowUpdate.insert("Logical_Router_Static_Route", R2, route("10.0.0.0/8", "192.168.1.3")),
                RowUpdate.modify("Logical_Router", GR, router("GR_node1", Set.of(R1, R2))),
                RowUpdate.modify("Logical_Router_Static_Route", R1, route("10.0.0.0/8", "192.168.1.9"))));
        assertThat(a.changes())
                .extracting(RowChange::kind)
                .containsExactly(RowChange.Kind.INSERTED, RowChange.Kind.MODIFIED, RowChange.Kind.MODIFIED);
        assertThat(((StaticRoute) a.changes().get(2).before()).nexthop()).isEqualTo("192.168.1.2");
        assertThat(((StaticRoute) a.changes().get(2).after()).nexthop()).isEqualTo("192.168.1.9");
        NbSnapshot s2 = a.after();
        assertThat(s2.staticRoutesOf("GR_node1"))
                .extracting(StaticRoute::nexthop)
                .containsExactlyInAnyOrder("192.168.1.9", "192.168.1.3");
        assertThat(s2.generation()).isEqualTo(1);
        // the earlier snapshot did not move
        assertThat(s1.staticRoutes()).containsOnlyKeys(R1);
        assertThat(s1.staticRoute(R1).orElseThrow().nexthop()).isEqualTo("192.168.1.2");
        // unchanged tables are shared, not copied
        assertThat(s2.rows(NbTable.NB_GLOBAL)).isSameAs(s1.rows(NbTable.NB_GLOBAL));

        NbCache.Applied d = c.apply(List.of(RowUpdate.delete("Logical_Router_Static_Route", R2)));
        assertThat(d.changes()).singleElement().satisfies(ch -> {
            assertThat(ch.kind()).isEqualTo(RowChange.Kind.DELETED);
            assertThat(ch.row()).isInstanceOf(StaticRoute.class);
        });
        // a resync replaces everything and counts a generation
        NbSnapshot s3 = c.replace(List.of());
        assertThat(s3.size()).isZero();
        assertThat(s3.generation()).isEqualTo(2);
        assertThat(s3.router("GR_node1")).isEmpty();
        assertThat(s3.staticRoutesOf("GR_node1")).isEmpty();
    }

    @Test
    void staticRouteSpecRowAndMatch() {
        StaticRouteSpec spec = StaticRouteSpec.of("10.0.0.0/8", "192.168.1.2", Map.of("ovn-bgp-bridge/owner", "node1"));
        assertThat(spec.row()).containsEntry("output_port", Optional.empty()).containsEntry("route_table", "");
        StaticRoute row = StaticRoute.from(R1, route("10.0.0.0/8", "192.168.1.2"));
        assertThat(spec.matches(row)).isTrue();
        assertThat(spec.withOutputPort("rtoe-GR_node1").matches(row)).isFalse();
    }

    @Test
    void update2DiffsToggleSetElementsApplyMapPairsAndReplaceScalars() {
        NbCache c = new NbCache();
        NbSnapshot s1 = c.replace(List.of(
                RowUpdate.insert("Logical_Router", GR, router("GR_node1", Set.of(R1))),
                RowUpdate.insert("Logical_Router_Static_Route", R1, route("10.0.0.0/8", "192.168.1.2"))));
        LogicalRouter before = s1.router("GR_node1").orElseThrow();

        // R2 inserted and referenced (a one-element set diff arrives as the bare uuid); R1's nexthop changed; an
        // external_ids pair added and the owner pair removed (same value: removed)
        NbCache.Applied a = c.apply(List.of(
                RowUpdate.insert("Logical_Router_Static_Route", R2, route("10.0.0.0/8", "192.168.1.3")),
                RowUpdate.diff("Logical_Router", GR, Row.of(Map.of("static_routes", R2))),
                RowUpdate.diff(
                        "Logical_Router_Static_Route",
                        R1,
                        Row.of(Map.of(
                                "nexthop",
                                "192.168.1.9",
                                "external_ids",
                                Map.of("k", "v", "ovn-bgp-bridge/owner", "node1"))))));
        NbSnapshot s2 = a.after();
        LogicalRouter gr = s2.router("GR_node1").orElseThrow();
        assertThat(gr.staticRoutes()).containsExactlyInAnyOrder(R1, R2);
        assertThat(before.staticRoutes()).containsExactly(R1);
        assertThat(s2.routerOf(R2)).contains(gr);
        StaticRoute r1 = s2.staticRoute(R1).orElseThrow();
        assertThat(r1.nexthop()).isEqualTo("192.168.1.9");
        assertThat(r1.externalIds()).isEqualTo(Map.of("k", "v"));
        assertThat(r1.ipPrefix()).isEqualTo("10.0.0.0/8");
        assertThat(a.changes())
                .extracting(RowChange::kind)
                .containsExactly(RowChange.Kind.INSERTED, RowChange.Kind.MODIFIED, RowChange.Kind.MODIFIED);

        // R1 dereferenced (set diff) and deleted; an optional column set, then emptied
        NbSnapshot s3 = c.apply(List.of(
                        RowUpdate.diff("Logical_Router", GR, Row.of(Map.of("static_routes", Set.of(R1)))),
                        RowUpdate.delete("Logical_Router_Static_Route", R1),
                        RowUpdate.diff("Logical_Router_Static_Route", R2, Row.of(Map.of("policy", "src-ip")))))
                .after();
        assertThat(s3.router("GR_node1").orElseThrow().staticRoutes()).containsExactly(R2);
        assertThat(s3.routerOf(R1)).isEmpty();
        assertThat(s3.staticRoute(R2).orElseThrow().policy()).contains("src-ip");
        NbSnapshot s4 = c.apply(
                        List.of(RowUpdate.diff("Logical_Router_Static_Route", R2, Row.of(Map.of("policy", Set.of())))))
                .after();
        assertThat(s4.staticRoute(R2).orElseThrow().policy()).isEmpty();
        // the snapshots before did not move
        assertThat(s2.staticRoute(R1)).isPresent();
        assertThat(s3.staticRoute(R2).orElseThrow().policy()).contains("src-ip");
    }

    @Test
    void aRouterDeletedTakesItsRoutesOutOfTheRouteIndex() {
        NbCache c = new NbCache();
        c.replace(List.of(
                RowUpdate.insert("Logical_Router", GR, router("GR_node1", Set.of(R1, R2))),
                RowUpdate.insert("Logical_Router_Static_Route", R1, route("10.0.0.0/8", "192.168.1.2"))));
        NbSnapshot s = c.apply(List.of(RowUpdate.delete("Logical_Router", GR))).after();
        assertThat(s.routerOf(R1)).isEmpty();
        assertThat(s.routers()).isEmpty();
    }
}
