package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.ovn.RoutePlanner.Plan;
import io.ovnbgp.bridge.ovn.RoutePlanner.RowKey;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;

class RoutePlannerTest {
    private static final String P = "198.51.100.0/24";
    private static final BiPredicate<StaticRoute, RowKey> UP_TO_DATE =
            (r, k) -> !r.externalIds().containsKey("x");
    private static final BiPredicate<StaticRoute, RowKey> ALWAYS = (r, k) -> true;
    private static final BiPredicate<StaticRoute, RowKey> NEVER = (r, k) -> false;

    private static StaticRoute row(String uuidSuffix, String prefix, String nh) {
        return row(uuidSuffix, prefix, nh, Map.of(StaticRouteReconciler.OWNER_KEY, "node1"));
    }

    private static StaticRoute row(String uuidSuffix, String prefix, String nh, Map<String, String> ids) {
        return new StaticRoute(
                Uuid.of("00000000-0000-0000-0000-" + uuidSuffix),
                prefix,
                nh,
                Optional.empty(),
                Optional.of("dst-ip"),
                "",
                Optional.empty(),
                Map.of(),
                ids);
    }

    private static Plan plan(List<String> wanted, List<StaticRoute> owned, BiPredicate<StaticRoute, RowKey> del) {
        RoutePlanner.Builder b = new RoutePlanner.Builder();
        b.prefix(P, wanted, owned, UP_TO_DATE, del);
        return b.build();
    }

    @Test
    void aNewPrefixGetsOneRowPerNextHop() {
        Plan p = plan(List.of("203.0.113.2", "203.0.113.3"), List.of(), ALWAYS);
        assertThat(p.inserts()).containsExactly(new RowKey(P, "203.0.113.2"), new RowKey(P, "203.0.113.3"));
        assertThat(p.updates()).isEmpty();
        assertThat(p.deletes()).isEmpty();
    }

    @Test
    void rowsThatAreAlreadyRightAreLeftAlone() {
        Plan p = plan(List.of("203.0.113.2"), List.of(row("000000000001", P, "203.0.113.2")), ALWAYS);
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void aWithdrawalDeletesEveryRowOfThePrefix() {
        StaticRoute a = row("000000000001", P, "203.0.113.2");
        StaticRoute b = row("000000000002", P, "203.0.113.3");
        Plan p = plan(List.of(), List.of(a, b), ALWAYS);
        assertThat(p.deletes()).containsExactly(a, b);
        assertThat(p.inserts()).isEmpty();
    }

    @Test
    void aNextHopLeavingTheEcmpSetRemovesOnlyItsRow() {
        StaticRoute a = row("000000000001", P, "203.0.113.2");
        StaticRoute b = row("000000000002", P, "203.0.113.3");
        Plan p = plan(List.of("203.0.113.3", "203.0.113.4"), List.of(a, b), ALWAYS);
        assertThat(p.deletes()).containsExactly(a);
        assertThat(p.inserts()).containsExactly(new RowKey(P, "203.0.113.4"));
    }

    @Test
    void beforeConvergenceUnwantedRowsAreKeptAsStaleNotDeleted() {
        StaticRoute a = row("000000000001", P, "203.0.113.2");
        Plan p = plan(List.of(), List.of(a), NEVER);
        assertThat(p.deletes()).isEmpty();
        assertThat(p.stale()).containsExactly(a);
    }

    @Test
    void duplicatesAreDeletedKeepingTheLowestUuidEvenBeforeConvergence() {
        StaticRoute low = row("000000000001", P, "203.0.113.2");
        StaticRoute high = row("000000000009", P, "203.0.113.2");
        Plan p = plan(List.of("203.0.113.2"), List.of(high, low), NEVER);
        assertThat(p.deletes()).containsExactly(high);
        assertThat(p.inserts()).isEmpty();
    }

    @Test
    void anEditedRowIsRewrittenInPlace() {
        StaticRoute edited =
                row("000000000001", P, "203.0.113.2", Map.of(StaticRouteReconciler.OWNER_KEY, "node1", "x", "y"));
        Plan p = plan(List.of("203.0.113.2"), List.of(edited), ALWAYS);
        assertThat(p.updates()).extracting(RoutePlanner.Update::row).containsExactly(edited);
        assertThat(p.inserts()).isEmpty();
        assertThat(p.deletes()).isEmpty();
    }

    @Test
    void nextHopTextIsComparedCanonically() {
        String v6 = "2001:db8:100::/48";
        RoutePlanner.Builder b = new RoutePlanner.Builder();
        b.prefix(
                v6,
                List.of("2001:db8:ffff::2"),
                List.of(row("000000000001", v6, "2001:0db8:ffff:0:0:0:0:2")),
                (r, k) -> true,
                ALWAYS);
        assertThat(b.build().isEmpty()).isTrue();
        assertThat(RoutePlanner.canonicalPrefix("2001:0db8:0100::/48")).isEqualTo(v6);
        assertThat(RoutePlanner.canonicalPrefix("not a prefix")).isEqualTo("not a prefix");
    }

    @Test
    void maxRoutesAdmitsWholeEcmpSetsShortestPrefixFirstIndependentlyOfArrivalOrder() {
        Map<Prefix, Integer> rows = new LinkedHashMap<>();
        rows.put(Prefix.parse("10.1.1.0/24"), 1);
        rows.put(Prefix.parse("10.0.0.0/8"), 2);
        rows.put(Prefix.parse("2001:db8::/32"), 1);
        rows.put(Prefix.parse("10.2.0.0/16"), 2);
        rows.put(Prefix.parse("10.1.0.0/16"), 1);
        // 10/8 (2 rows) + 10.1/16 (1) = 3; 10.2/16 (2) does not fit in 4; 10.1.1/24 (1) does; v6 does not
        assertThat(RoutePlanner.heldBack(rows, 4))
                .containsExactlyInAnyOrder(Prefix.parse("10.2.0.0/16"), Prefix.parse("2001:db8::/32"));
        Map<Prefix, Integer> reversed = new LinkedHashMap<>();
        List<Prefix> keys = new ArrayList<>(rows.keySet());
        Collections.reverse(keys);
        keys.forEach(p -> reversed.put(p, rows.get(p)));
        assertThat(RoutePlanner.heldBack(reversed, 4)).isEqualTo(RoutePlanner.heldBack(rows, 4));
        assertThat(RoutePlanner.heldBack(rows, 7)).isEmpty();
    }

    @Test
    void aLinkLocalNextHopNeedsAnOutputPort() {
        IpAddress ll = IpAddress.parse("fe80::1");
        assertThat(RoutePlanner.usable(ll, false)).isFalse();
        assertThat(RoutePlanner.usable(ll, true)).isTrue();
        assertThat(RoutePlanner.usable(IpAddress.parse("2001:db8::1"), false)).isTrue();
    }
}
