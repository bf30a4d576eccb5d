package io.ovnbgp.e2e.bgp;

import static io.ovnbgp.e2e.bgp.TestRoutes.OUR_V4;
import static io.ovnbgp.e2e.bgp.TestRoutes.OUR_V6;
import static io.ovnbgp.e2e.harness.FrrConfigs.FRR;
import static io.ovnbgp.e2e.harness.FrrConfigs.FRR_AS;
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
import io.ovnbgp.bgp.wire.UpdateMessage;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfigs;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our speaker against FRR 8.4 bgpd, once with FRR opening the connection and once with us opening it: the
 * session comes up on both sides, IPv4 and IPv6 unicast routes with MED, communities and large communities
 * cross both ways intact, route refresh makes FRR send its routes again, and withdrawals cross both ways.
 */
@ExtendWith(RealDaemons.class)
class FrrInteropIT extends OurSpeakers {
    static final Prefix FRR_V4 = Prefix.parse(FrrConfigs.FRR_V4);
    static final Prefix FRR_V6 = Prefix.parse(FrrConfigs.FRR_V6);

    /** FRR's IPv4 route as it must reach us: exactly the attributes its route-maps set. */
    static final PathAttributes FRR_V4_ATTRIBUTES = TestRoutes.expected(
            FRR_AS,
            FrrConfigs.FRR_V4_NEXT_HOP,
            FrrConfigs.FRR_V4_MED,
            new int[] {Communities.community(65001, 7), Communities.community(65001, 8)},
            new long[] {65001, 1, 2});
    /** The same for FRR's IPv6 route. */
    static final PathAttributes FRR_V6_ATTRIBUTES = TestRoutes.expected(
            FRR_AS,
            FrrConfigs.FRR_V6_NEXT_HOP,
            FrrConfigs.FRR_V6_MED,
            new int[] {Communities.community(65001, 9)},
            new long[] {65001, 3, 4});

    /** Our speaker in session with FRR, and what the session has told us so far. */
    private record Established(BgpSpeaker speaker, FrrBgpd frr, int frrPort, PeerSession session, Recorder events) {}

    /**
     * What every scenario here starts from: FRR and our speaker, FRR opening the connection when {@code frrRole}
     * is "active" and we otherwise, once the session is Established on both sides.
     */
    private Established establish(String frrRole, Daemons daemons) throws Exception {
        boolean frrActive = frrRole.equals("active");
        BgpSpeaker speaker = speaker();
        int frrPort = FreePorts.next();
        FrrBgpd frr = daemons.frr(FRR, frrPort, frrConfig(frrActive ? speaker.listenPort() : 0, ""));
        Recorder events = new Recorder();
        // FRR 8.4 ignores a ROUTE-REFRESH that arrives before it has sent End-of-RIB ("rcvd route-refresh before
        // EoR" in its debug log), and it sends End-of-RIB only to peers that advertise graceful restart: so we do.
        PeerSession session = speaker.addPeer(
                peer("frr", FRR, frrPort, FRR_AS).withPassive(frrActive).withGracefulRestart(Duration.ofSeconds(120)),
                events);
        session.start();
        await("Established with FRR").atMost(SESSION_UP).pollInterval(POLL).untilAsserted(() -> {
            assertThat(session.state()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(frr.neighborState(US)).isEqualTo("Established");
        });
        return new Established(speaker, frr, frrPort, session, events);
    }

    /** Our routes sent, and at FRR with every attribute. */
    private static void sendOurRoutesToFrr(Established up) throws Exception {
        up.session().send(TestRoutes.announceOurV4()).get();
        up.session().send(TestRoutes.announceOurV6()).get();
        await("FRR has our routes").atMost(ROUTES).pollInterval(POLL).untilAsserted(() -> {
            assertFrrPath(
                    up.frr(),
                    "ipv4",
                    OUR_V4,
                    TestRoutes.OUR_V4_NEXT_HOP,
                    "ipv4",
                    TestRoutes.OUR_V4_MED,
                    List.of("64512:100", "64512:200"),
                    List.of("64512:1:2"));
            assertFrrPath(
                    up.frr(),
                    "ipv6",
                    OUR_V6,
                    TestRoutes.OUR_V6_NEXT_HOP,
                    "ipv6",
                    TestRoutes.OUR_V6_MED,
                    List.of("64512:300"),
                    List.of("64512:3:4"));
        });
    }

    /** FRR's routes (it announces them from the start) at us, with exactly the attributes its route-maps set. */
    private static void awaitFrrsRoutes(Established up) {
        Recorder events = up.events();
        await("FRR's routes reach us")
                .atMost(ROUTES)
                .pollInterval(POLL)
                .until(() -> events.holds(FRR_V4) && events.holds(FRR_V6));
        assertReceived(events, FRR_V4, FRR_V4_ATTRIBUTES);
        assertReceived(events, FRR_V6, FRR_V6_ATTRIBUTES);
    }

    /** The session stayed up throughout: one Up, no Down, Established on both sides. */
    private static void assertStayedUp(Established up) {
        assertThat(up.session().state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(up.frr().neighborState(US)).isEqualTo("Established");
        assertThat(up.events().of(SessionEvent.Up.class)).hasSize(1);
        assertThat(up.events().of(SessionEvent.Down.class)).isEmpty();
    }

    @ParameterizedTest(name = "FRR {0}")
    @ValueSource(strings = {"active", "passive"})
    void establishesOverTheConnectionTheActiveSideOpened(String frrRole, Daemons daemons) throws Exception {
        Established up = establish(frrRole, daemons);

        Negotiated n = up.session().negotiated().orElseThrow();
        if (frrRole.equals("active")) {
            assertThat(n.localAddress().getPort())
                    .as("FRR connected to our listener")
                    .isEqualTo(up.speaker().listenPort());
        } else {
            assertThat(n.remoteAddress().getPort())
                    .as("we connected to FRR's port")
                    .isEqualTo(up.frrPort());
        }
        assertThat(n.remoteAddress().getAddress().getHostAddress()).isEqualTo(FRR);
        assertThat(n.remoteAs()).isEqualTo(FRR_AS);
        assertThat(n.families()).containsExactlyInAnyOrder(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
        assertThat(n.holdTimeSeconds()).isEqualTo(9);
        assertThat(n.routeRefresh()).isTrue();
        assertStayedUp(up);
    }

    /** Both directions of one exchange over the same session, neither depending on the other. */
    @ParameterizedTest(name = "FRR {0}")
    @ValueSource(strings = {"active", "passive"})
    void routesCrossBothWaysWithEveryAttribute(String frrRole, Daemons daemons) throws Exception {
        Established up = establish(frrRole, daemons);

        // our routes arrive at FRR with every attribute
        sendOurRoutesToFrr(up);
        // FRR's routes arrive at us with exactly the attributes its route-maps set
        awaitFrrsRoutes(up);
        assertStayedUp(up);
    }

    @ParameterizedTest(name = "FRR {0}")
    @ValueSource(strings = {"active", "passive"})
    void routeRefreshMakesFrrSendItsRoutesAgainFramedByBorrAndEorr(String frrRole, Daemons daemons) throws Exception {
        Established up = establish(frrRole, daemons);
        Recorder events = up.events();
        awaitFrrsRoutes(up);

        // route refresh: FRR sends its IPv4 routes again
        int before = events.announcing(FRR_V4).size();
        up.session().requestRouteRefresh(AfiSafi.IPV4_UNICAST).get();
        await("FRR re-sends " + FRR_V4 + " after ROUTE-REFRESH")
                .atMost(ROUTES)
                .pollInterval(POLL)
                .until(() -> events.announcing(FRR_V4).size() > before);
        assertReceived(events, FRR_V4, FRR_V4_ATTRIBUTES);
        // both sides negotiated enhanced route refresh (RFC 7313): FRR frames the re-advertisement with BoRR, EoRR
        assertThat(up.session().negotiated().orElseThrow().enhancedRouteRefresh())
                .isTrue();
        await("FRR's EoRR")
                .atMost(ROUTES)
                .pollInterval(POLL)
                .until(() -> events.of(SessionEvent.RefreshRequested.class).stream()
                        .anyMatch(r -> r.family().equals(AfiSafi.IPV4_UNICAST) && r.subtype() == 2));
        assertThat(events.of(SessionEvent.RefreshRequested.class))
                .extracting(SessionEvent.RefreshRequested::subtype)
                .containsSubsequence(1, 2);
        assertThat(up.frr()
                        .vtyshJson("show bgp neighbors " + US + " json")
                        .path(US)
                        .path("messageStats")
                        .path("routeRefreshRecv")
                        .asInt())
                .isGreaterThanOrEqualTo(1);
        assertStayedUp(up);
    }

    /** Both directions of one exchange over the same session, neither depending on the other. */
    @ParameterizedTest(name = "FRR {0}")
    @ValueSource(strings = {"active", "passive"})
    void withdrawalsCrossBothWays(String frrRole, Daemons daemons) throws Exception {
        Established up = establish(frrRole, daemons);
        FrrBgpd frr = up.frr();
        Recorder events = up.events();
        sendOurRoutesToFrr(up);
        awaitFrrsRoutes(up);

        // our withdrawals remove the routes at FRR
        up.session().send(TestRoutes.withdrawOurV4()).get();
        up.session().send(TestRoutes.withdrawOurV6()).get();
        await("FRR drops our withdrawn routes")
                .atMost(ROUTES)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    assertThat(frrTable(frr, "ipv4").has(OUR_V4.toString())).isFalse();
                    assertThat(frrTable(frr, "ipv6").has(OUR_V6.toString())).isFalse();
                });

        // FRR's withdrawals reach us
        frr.configure(
                "router bgp " + FRR_AS,
                "address-family ipv4 unicast",
                "no network " + FRR_V4,
                "exit-address-family",
                "address-family ipv6 unicast",
                "no network " + FRR_V6,
                "exit-address-family");
        await("FRR's withdrawals reach us")
                .atMost(ROUTES)
                .pollInterval(POLL)
                .until(() -> !events.withdrawing(FRR_V4).isEmpty()
                        && !events.withdrawing(FRR_V6).isEmpty());
        assertThat(events.holds(FRR_V4)).isFalse();
        assertThat(events.holds(FRR_V6)).isFalse();
        assertStayedUp(up);
    }

    static JsonNode frrTable(FrrBgpd frr, String afi) {
        return frr.vtyshJson("show bgp " + afi + " unicast json").path("routes");
    }

    /** FRR holds exactly one path for {@code p}, learned from us, with these attributes. */
    static void assertFrrPath(
            FrrBgpd frr,
            String afi,
            Prefix p,
            String nextHop,
            String nextHopAfi,
            long med,
            List<String> communities,
            List<String> large) {
        assertThat(frrTable(frr, afi).has(p.toString()))
                .as("FRR %s table has %s", afi, p)
                .isTrue();
        JsonNode detail = frr.vtyshJson("show bgp " + afi + " unicast " + p + " json");
        JsonNode paths = detail.path("paths");
        assertThat(paths.size()).as("paths of %s: %s", p, detail).isEqualTo(1);
        JsonNode path = paths.get(0);
        assertThat(path.path("peer").path("peerId").asText()).isEqualTo(US);
        assertThat(path.path("aspath").path("string").asText()).isEqualTo(Long.toString(OUR_AS));
        assertThat(path.path("origin").asText()).isEqualTo("IGP");
        assertThat(path.path("metric").asLong()).as("MED").isEqualTo(med);
        assertThat(texts(path.path("community").path("list"))).isEqualTo(communities);
        assertThat(texts(path.path("largeCommunity").path("list"))).isEqualTo(large);
        JsonNode nh = path.path("nexthops").get(0);
        assertThat(nh.path("ip").asText()).isEqualTo(nextHop);
        assertThat(nh.path("afi").asText()).isEqualTo(nextHopAfi);
    }

    /** The last UPDATE announcing {@code p} carries exactly {@code expected}. */
    static void assertReceived(Recorder events, Prefix p, PathAttributes expected) {
        List<UpdateMessage> got = events.announcing(p);
        assertThat(got).as("UPDATEs announcing %s", p).isNotEmpty();
        UpdateMessage last = got.get(got.size() - 1);
        assertThat(last.errorAction()).isEqualTo(io.ovnbgp.bgp.wire.UpdateErrorAction.NONE);
        assertThat(last.attributes()).as("attributes of %s", p).isEqualTo(expected);
    }

    static List<String> texts(JsonNode array) {
        List<String> l = new ArrayList<>();
        array.forEach(e -> l.add(e.asText()));
        return l;
    }
}
