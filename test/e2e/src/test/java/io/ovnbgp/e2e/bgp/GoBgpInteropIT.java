package io.ovnbgp.e2e.bgp;

import static io.ovnbgp.e2e.bgp.TestRoutes.OUR_V4;
import static io.ovnbgp.e2e.bgp.TestRoutes.OUR_V6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.GoBgpd;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our speaker against GoBGP 3.10, once with GoBGP opening the connection and once with us opening it
 * ({@code passive-mode}): Established on both sides, IPv4 and IPv6 unicast routes with MED, communities and large
 * communities both ways, route refresh, withdrawals both ways.
 */
@ExtendWith(RealDaemons.class)
class GoBgpInteropIT extends OurSpeakers {
    static final String GOBGP = "127.0.0.3";
    static final long GOBGP_AS = 65002;
    static final Prefix GOBGP_V4 = Prefix.parse("192.0.2.0/24");
    static final Prefix GOBGP_V6 = Prefix.parse("2001:db8:200::/48");

    static String config(int bgpPort, int ourPort, boolean passive) {
        return """
                [global.config]
                  as = %d
                  router-id = "10.255.0.3"
                  port = %d
                  local-address-list = ["%s"]
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "%s"
                    peer-as = %d
                  [neighbors.timers.config]
                    connect-retry = 1
                    hold-time = 9
                    keepalive-interval = 3
                  [neighbors.transport.config]
                    remote-port = %d
                    local-address = "%s"
                    passive-mode = %s
                  [[neighbors.afi-safis]]
                    [neighbors.afi-safis.config]
                      afi-safi-name = "ipv4-unicast"
                  [[neighbors.afi-safis]]
                    [neighbors.afi-safis.config]
                      afi-safi-name = "ipv6-unicast"
                """.formatted(GOBGP_AS, bgpPort, GOBGP, US, OUR_AS, ourPort, GOBGP, passive);
    }

    @ParameterizedTest(name = "GoBGP {0}")
    @ValueSource(strings = {"active", "passive"})
    void establishesExchangesRefreshesAndWithdrawsBothWays(String gobgpRole, Daemons daemons) throws Exception {
        boolean gobgpActive = gobgpRole.equals("active");
        BgpSpeaker speaker = speaker();
        int gobgpPort = FreePorts.next();
        GoBgpd gobgp = daemons.gobgp(config(gobgpPort, speaker.listenPort(), !gobgpActive));
        Recorder events = new Recorder();
        PeerSession session =
                speaker.addPeer(peer("gobgp", GOBGP, gobgpPort, GOBGP_AS).withPassive(gobgpActive), events);
        session.start();

        // 1. Established on both sides, over the connection the active side opened
        await("Established with GoBGP").atMost(SESSION_UP).pollInterval(POLL).untilAsserted(() -> {
            assertThat(session.state()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(gobgp.neighborState(US))
                    .as("GoBGP session_state (6 = established)")
                    .isEqualTo(6);
        });
        Negotiated n = session.negotiated().orElseThrow();
        if (gobgpActive) {
            assertThat(n.localAddress().getPort())
                    .as("GoBGP connected to our listener")
                    .isEqualTo(speaker.listenPort());
        } else {
            assertThat(n.remoteAddress().getPort())
                    .as("we connected to GoBGP's port")
                    .isEqualTo(gobgpPort);
        }
        assertThat(n.remoteAddress().getAddress().getHostAddress()).isEqualTo(GOBGP);
        assertThat(n.remoteAs()).isEqualTo(GOBGP_AS);
        assertThat(n.families()).containsExactlyInAnyOrder(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
        assertThat(n.holdTimeSeconds()).isEqualTo(9);
        assertThat(n.routeRefresh()).isTrue();

        // 2a. our routes arrive at GoBGP with every attribute
        session.send(TestRoutes.announceOurV4()).get();
        session.send(TestRoutes.announceOurV6()).get();
        await("GoBGP has our routes").atMost(ROUTES).pollInterval(POLL).untilAsserted(() -> {
            assertGoBgpPath(
                    adjIn(gobgp, "ipv4"),
                    OUR_V4,
                    3,
                    TestRoutes.OUR_V4_NEXT_HOP,
                    TestRoutes.OUR_V4_MED,
                    List.of(Communities.community(64512, 100), Communities.community(64512, 200)),
                    List.of("64512:1:2"));
            assertGoBgpPath(
                    adjIn(gobgp, "ipv6"),
                    OUR_V6,
                    14,
                    TestRoutes.OUR_V6_NEXT_HOP,
                    TestRoutes.OUR_V6_MED,
                    List.of(Communities.community(64512, 300)),
                    List.of("64512:3:4"));
            // and they made it into GoBGP's best paths, not only its Adj-RIB-In
            assertThat(gobgp.gobgpJson("global", "rib", "-a", "ipv4").has(OUR_V4.toString()))
                    .isTrue();
            assertThat(gobgp.gobgpJson("global", "rib", "-a", "ipv6").has(OUR_V6.toString()))
                    .isTrue();
        });

        // 2b. GoBGP's routes arrive at us with exactly what it was told to send
        gobgp.gobgp(
                "global",
                "rib",
                "add",
                "-a",
                "ipv4",
                GOBGP_V4.toString(),
                "origin",
                "igp",
                "nexthop",
                "203.0.113.3",
                "med",
                "33",
                "community",
                "65002:7,65002:8",
                "large-community",
                "65002:5:6");
        gobgp.gobgp(
                "global",
                "rib",
                "add",
                "-a",
                "ipv6",
                GOBGP_V6.toString(),
                "origin",
                "igp",
                "nexthop",
                "2001:db8:ffff::3",
                "med",
                "44",
                "community",
                "65002:9",
                "large-community",
                "65002:7:8");
        PathAttributes gobgpV4 = TestRoutes.expected(
                GOBGP_AS,
                "203.0.113.3",
                33,
                new int[] {Communities.community(65002, 7), Communities.community(65002, 8)},
                new long[] {65002, 5, 6});
        PathAttributes gobgpV6 = TestRoutes.expected(
                GOBGP_AS, "2001:db8:ffff::3", 44, new int[] {Communities.community(65002, 9)}, new long[] {65002, 7, 8
                });
        await("GoBGP's routes reach us")
                .atMost(ROUTES)
                .pollInterval(POLL)
                .until(() -> events.holds(GOBGP_V4) && events.holds(GOBGP_V6));
        FrrInteropIT.assertReceived(events, GOBGP_V4, gobgpV4);
        FrrInteropIT.assertReceived(events, GOBGP_V6, gobgpV6);

        // 6. route refresh: GoBGP sends its IPv4 routes again
        int before = events.announcing(GOBGP_V4).size();
        session.requestRouteRefresh(AfiSafi.IPV4_UNICAST).get();
        await("GoBGP re-sends " + GOBGP_V4 + " after ROUTE-REFRESH")
                .atMost(ROUTES)
                .pollInterval(POLL)
                .until(() -> events.announcing(GOBGP_V4).size() > before);
        FrrInteropIT.assertReceived(events, GOBGP_V4, gobgpV4);
        assertThat(gobgp.gobgpJson("neighbor", US)
                        .path("state")
                        .path("messages")
                        .path("received")
                        .path("refresh")
                        .asInt())
                .as("GoBGP counted our ROUTE-REFRESH")
                .isGreaterThanOrEqualTo(1);

        // 3a. our withdrawals remove the routes at GoBGP
        session.send(TestRoutes.withdrawOurV4()).get();
        session.send(TestRoutes.withdrawOurV6()).get();
        await("GoBGP drops our withdrawn routes")
                .atMost(ROUTES)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    assertThat(adjIn(gobgp, "ipv4").has(OUR_V4.toString())).isFalse();
                    assertThat(adjIn(gobgp, "ipv6").has(OUR_V6.toString())).isFalse();
                    assertThat(gobgp.gobgpJson("global", "rib", "-a", "ipv4").has(OUR_V4.toString()))
                            .isFalse();
                    assertThat(gobgp.gobgpJson("global", "rib", "-a", "ipv6").has(OUR_V6.toString()))
                            .isFalse();
                });

        // 3b. GoBGP's withdrawals reach us
        gobgp.gobgp("global", "rib", "del", "-a", "ipv4", GOBGP_V4.toString());
        gobgp.gobgp("global", "rib", "del", "-a", "ipv6", GOBGP_V6.toString());
        await("GoBGP's withdrawals reach us")
                .atMost(ROUTES)
                .pollInterval(POLL)
                .until(() -> !events.withdrawing(GOBGP_V4).isEmpty()
                        && !events.withdrawing(GOBGP_V6).isEmpty());
        assertThat(events.holds(GOBGP_V4)).isFalse();
        assertThat(events.holds(GOBGP_V6)).isFalse();

        assertThat(session.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(gobgp.neighborState(US)).isEqualTo(6);
        assertThat(events.of(SessionEvent.Up.class)).hasSize(1);
        assertThat(events.of(SessionEvent.Down.class)).isEmpty();
    }

    static JsonNode adjIn(GoBgpd gobgp, String afi) {
        JsonNode j = gobgp.gobgpJson("neighbor", US, "adj-in", "-a", afi);
        return j == null || j.isNull() ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : j;
    }

    /**
     * GoBGP's JSON holds one path for {@code p} with these attributes (by type code: 1 ORIGIN, 2 AS_PATH, 3 NEXT_HOP
     * or 14 MP_REACH_NLRI, 4 MED, 8 COMMUNITIES, 32 LARGE_COMMUNITY).
     */
    static void assertGoBgpPath(
            JsonNode table,
            Prefix p,
            int nextHopType,
            String nextHop,
            long med,
            List<Integer> communities,
            List<String> large) {
        assertThat(table.has(p.toString())).as("GoBGP has %s: %s", p, table).isTrue();
        JsonNode paths = table.path(p.toString());
        assertThat(paths.size()).isEqualTo(1);
        JsonNode attrs = paths.get(0).path("attrs");
        assertThat(attr(attrs, 1).path("value").asInt()).as("ORIGIN IGP").isEqualTo(0);
        JsonNode seg = attr(attrs, 2).path("as_paths");
        assertThat(seg.size()).isEqualTo(1);
        assertThat(seg.get(0).path("segment_type").asInt()).as("AS_SEQUENCE").isEqualTo(2);
        assertThat(texts(seg.get(0).path("asns"))).containsExactly(Long.toString(OUR_AS));
        assertThat(attr(attrs, nextHopType).path("nexthop").asText()).isEqualTo(nextHop);
        assertThat(attr(attrs, 4).path("metric").asLong()).as("MED").isEqualTo(med);
        List<Integer> comms = new ArrayList<>();
        attr(attrs, 8).path("communities").forEach(c -> comms.add((int) c.asLong()));
        assertThat(comms).isEqualTo(communities);
        List<String> lcs = new ArrayList<>();
        attr(attrs, 32)
                .path("value")
                .forEach(v -> lcs.add(
                        v.path("ASN").asLong() + ":" + v.path("LocalData1").asLong() + ":"
                                + v.path("LocalData2").asLong()));
        assertThat(lcs).isEqualTo(large);
    }

    private static JsonNode attr(JsonNode attrs, int type) {
        for (JsonNode a : attrs) {
            if (a.path("type").asInt() == type) {
                return a;
            }
        }
        throw new AssertionError("no attribute of type " + type + " in " + attrs);
    }

    private static List<String> texts(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(e -> l.add(e.asText()));
        return l;
    }
}
