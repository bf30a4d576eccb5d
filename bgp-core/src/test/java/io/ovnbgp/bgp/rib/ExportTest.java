package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.a;
import static io.ovnbgp.bgp.rib.RibHarness.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.policy.AdvertisePolicy;
import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.LargeCommunities;
import io.ovnbgp.bgp.wire.MpNextHop;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.RouteRefreshMessage;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Adj-RIB-Out: what each peer is told about the locally originated prefixes, and when. */
class ExportTest {

    private static List<Prefix> v4(int n) {
        List<Prefix> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Prefix.ipv4(0x0A000000 | (i << 8), 24));
        }
        return out;
    }

    @Test
    void sessionUpGetsThePackedInitialDumpThenEndOfRibForEachFamily() {
        RibHarness h = new RibHarness();
        for (Prefix x : v4(2500)) {
            h.rib.originate(x);
        }
        h.rib.originate(p("2001:db8:100::/48"));
        TestPeer x = h.peer("x", PeerRibConfig.DEFAULT, 65001, "10.0.0.1", "192.0.2.1")
                .up();

        List<UpdateMessage> ups = x.link.updates();
        UpdateMessage first = ups.get(0);
        int fit = first.nlri().size();
        int expected = (2500 + fit - 1) / fit;
        assertThat(ups).hasSize(expected + 2); // IPv4 UPDATEs, then the two End-of-RIBs; the IPv6 prefix is skipped
        assertThat(ups.subList(0, expected)).allMatch(u -> u.attributes() == first.attributes());
        assertThat(ups.subList(0, expected).stream()
                        .mapToInt(u -> u.nlri().size())
                        .sum())
                .isEqualTo(2500);
        assertThat(ups.get(expected).endOfRib()).contains(AfiSafi.IPV4_UNICAST);
        assertThat(ups.get(expected + 1).endOfRib()).contains(AfiSafi.IPV6_UNICAST);

        PathAttributes a = first.attributes();
        assertThat(a.origin()).contains(Origin.IGP);
        assertThat(a.asPath()).contains(AsPath.sequence(RibHarness.LOCAL_AS));
        assertThat(a.nextHop()).contains(a("192.0.2.10")); // the session's local address
        assertThat(a.localPref()).isEmpty(); // never to an eBGP peer
        assertThat(a.med()).isEmpty();
        PeerRibStats s = x.stats();
        assertThat(s.advertised()).isEqualTo(2500);
        assertThat(s.exportSkipped()).isEqualTo(1); // IPv6 prefix, IPv4 session, no IPv6 next hop configured
    }

    @Test
    void anIpv6PrefixOnAnIpv4SessionUsesTheConfiguredIpv6NextHop() {
        RibHarness h = new RibHarness();
        h.rib.originate(p("2001:db8:100::/48"));
        TestPeer x = h.peer(
                        "x",
                        PeerRibConfig.DEFAULT.withAdvertise(AdvertisePolicy.DEFAULT.withIpv6NextHop(a("2001:db8::10"))),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        UpdateMessage u = x.link.updates().get(0);
        assertThat(u.mpReach().orElseThrow().prefixes()).containsExactly(p("2001:db8:100::/48"));
        assertThat(u.attributes().mpNextHop()).contains(MpNextHop.of(a("2001:db8::10")));
        assertThat(u.attributes().nextHop()).isEmpty();
        assertThat(x.stats().exportSkipped()).isZero();
    }

    @Test
    void anIpv6SessionAdvertisesIpv6PrefixesWithItsOwnAddress() {
        RibHarness h = new RibHarness();
        h.rib.originate(p("2001:db8:100::/48"));
        h.rib.originate(p("10.1.0.0/16"));
        RibHarness.TestPeer x = h.peer("x", PeerRibConfig.DEFAULT, 65001, "10.0.0.1", "2001:db8::1");
        x.session.localAddress = "2001:db8::2";
        x.up();
        List<UpdateMessage> ups = x.link.updates();
        assertThat(ups.get(0).attributes().mpNextHop()).contains(MpNextHop.of(a("2001:db8::2")));
        assertThat(ups.stream().filter(u -> !u.nlri().isEmpty())).isEmpty(); // no IPv4 next hop: 10.1/16 skipped
        assertThat(x.stats().exportSkipped()).isEqualTo(1);
    }

    @Test
    void exportPolicyAddsCommunitiesLargeCommunitiesMedAndPrepends() {
        RibHarness h = new RibHarness();
        h.rib.originate(
                p("10.1.0.0/16"),
                OriginAttributes.tagged("podNetwork").withCommunities(Communities.of(Communities.community(64512, 1))));
        AdvertisePolicy pol = AdvertisePolicy.DEFAULT
                .withAsPathPrepend(2)
                .withMed(50L)
                .withCommunities(Communities.of(Communities.community(65001, 100), Communities.community(64512, 1)))
                .withLargeCommunities(LargeCommunities.of(64512, 1, 2));
        TestPeer x = h.peer("x", PeerRibConfig.DEFAULT.withAdvertise(pol), 65001, "10.0.0.1", "192.0.2.1")
                .up();
        PathAttributes a = x.link.updates().get(0).attributes();
        assertThat(a.asPath()).contains(AsPath.sequence(64512, 64512, 64512));
        assertThat(a.med()).hasValue(50);
        assertThat(a.communities())
                .isEqualTo(Communities.of(Communities.community(64512, 1), Communities.community(65001, 100)));
        assertThat(a.largeCommunities()).isEqualTo(LargeCommunities.of(64512, 1, 2));
    }

    @Test
    void anIbgpPeerGetsLocalPref100AndAnEmptyAsPath() {
        RibHarness h = new RibHarness();
        h.rib.originate(p("10.1.0.0/16"));
        TestPeer i = h.peer(
                        "i",
                        PeerRibConfig.DEFAULT.withAdvertise(AdvertisePolicy.DEFAULT.withAsPathPrepend(3)),
                        RibHarness.LOCAL_AS,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        PathAttributes a = i.link.updates().get(0).attributes();
        assertThat(a.localPref()).hasValue(100);
        assertThat(a.asPath()).contains(AsPath.EMPTY);
    }

    @Test
    void tagsSelectWhichLocalPrefixesAPeerGets() {
        RibHarness h = new RibHarness();
        h.rib.originate(p("10.1.0.0/16"), OriginAttributes.tagged("podNetwork"));
        h.rib.originate(p("198.51.100.7/32"), OriginAttributes.tagged("loadBalancerIPs"));
        TestPeer x = h.peer(
                        "x",
                        PeerRibConfig.DEFAULT.withAdvertise(
                                AdvertisePolicy.DEFAULT.withTags(Set.of("loadBalancerIPs"))),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        TestPeer y = h.peer(
                        "y",
                        PeerRibConfig.DEFAULT.withAdvertise(AdvertisePolicy.NOTHING),
                        65002,
                        "10.0.0.2",
                        "192.0.2.2")
                .up();
        assertThat(h.get(x.handle.advertised())).containsOnlyKeys(p("198.51.100.7/32"));
        assertThat(h.get(y.handle.advertised())).isEmpty();
        assertThat(y.link.updates()).allMatch(u -> u.endOfRib().isPresent());
    }

    @Test
    void aPrefixOfTwoKindsGoesToEveryPeerThatTakesEitherAndLeavesWhenRetaggedWithoutIt() {
        RibHarness h = new RibHarness();
        h.rib.originate(p("192.0.2.11/32"), OriginAttributes.tagged("nodeIP", "externalIPs"));
        TestPeer nodes = h.peer(
                        "nodes",
                        PeerRibConfig.DEFAULT.withAdvertise(AdvertisePolicy.DEFAULT.withTags(Set.of("nodeIP"))),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        TestPeer services = h.peer(
                        "services",
                        PeerRibConfig.DEFAULT.withAdvertise(AdvertisePolicy.DEFAULT.withTags(Set.of("externalIPs"))),
                        65002,
                        "10.0.0.2",
                        "192.0.2.2")
                .up();
        assertThat(h.get(nodes.handle.advertised())).containsOnlyKeys(p("192.0.2.11/32"));
        assertThat(h.get(services.handle.advertised())).containsOnlyKeys(p("192.0.2.11/32"));

        // the Service lets go of the address: only the peer that takes node addresses keeps it
        h.rib.originate(p("192.0.2.11/32"), OriginAttributes.tagged("nodeIP"));
        h.loop.runAll();
        assertThat(h.get(nodes.handle.advertised())).containsOnlyKeys(p("192.0.2.11/32"));
        assertThat(h.get(services.handle.advertised())).isEmpty();
        assertThat(services.link.updates())
                .last()
                .satisfies(u -> assertThat(u.allWithdrawn()).containsExactly(p("192.0.2.11/32")));
    }

    @Test
    void changesWhileUpAreBatchedIntoFewUpdates() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer("x", PeerRibConfig.DEFAULT, 65001, "10.0.0.1", "192.0.2.1")
                .up();
        x.link.clear();
        for (Prefix q : v4(300)) {
            h.rib.originate(q); // all queued before the RIB runs: one flush
        }
        h.loop.runAll();
        assertThat(x.link.updates()).hasSize(1);
        assertThat(x.link.updates().get(0).nlri()).hasSize(300);
        x.link.clear();
        for (Prefix q : v4(300).subList(0, 200)) {
            h.rib.withdrawOriginated(q);
        }
        h.rib.originate(p("2001:db8:1::/48")); // no IPv6 next hop on this IPv4 session: not sent
        h.rib.originate(v4(300).get(250)); // exists with the same attributes: nothing to send
        h.loop.runAll();
        assertThat(x.link.updates()).hasSize(1);
        assertThat(x.link.updates().get(0).withdrawn()).hasSize(200);
        assertThat(x.stats().advertised()).isEqualTo(100);
        // the originated table
        assertThat(h.get(h.rib.originated())).hasSize(101);
    }

    @Test
    void anExportPolicyChangeSendsOnlyTheDifference() {
        RibHarness h = new RibHarness();
        h.rib.originate(p("10.1.0.0/16"), OriginAttributes.tagged("a"));
        h.rib.originate(p("10.2.0.0/16"), OriginAttributes.tagged("b"));
        TestPeer x = h.peer("x", PeerRibConfig.DEFAULT, 65001, "10.0.0.1", "192.0.2.1")
                .up();
        x.link.clear();
        x.handle.reconfigure(PeerRibConfig.DEFAULT.withAdvertise(AdvertisePolicy.DEFAULT.withTags(Set.of("a"))));
        h.loop.runAll();
        assertThat(x.link.updates())
                .singleElement()
                .satisfies(u -> assertThat(u.withdrawn()).containsExactly(p("10.2.0.0/16")));
        x.link.clear();
        x.handle.reconfigure(PeerRibConfig.DEFAULT.withAdvertise(
                AdvertisePolicy.DEFAULT.withTags(Set.of("a")).withMed(5L)));
        h.loop.runAll();
        assertThat(x.link.updates()).singleElement().satisfies(u -> {
            assertThat(u.nlri()).containsExactly(p("10.1.0.0/16"));
            assertThat(u.attributes().med()).hasValue(5);
        });
    }

    @Test
    void aRouteRefreshResendsTheAdjRibOutFramedByBorrAndEorrWhenEnhanced() {
        RibHarness h = new RibHarness();
        h.rib.originate(p("10.1.0.0/16"));
        h.rib.originate(p("2001:db8:1::/48"));
        TestPeer x = h.peer(
                        "x",
                        PeerRibConfig.DEFAULT.withAdvertise(AdvertisePolicy.DEFAULT.withIpv6NextHop(a("2001:db8::10"))),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        x.link.clear();
        x.event(new SessionEvent.RefreshRequested(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.NORMAL));
        List<BgpMessage> sent = x.link.sent;
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).isEqualTo(new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, 1));
        assertThat(((UpdateMessage) sent.get(1)).nlri()).containsExactly(p("10.1.0.0/16"));
        assertThat(sent.get(2)).isEqualTo(new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, 2));

        TestPeer y = h.peer("y", PeerRibConfig.DEFAULT, 65002, "10.0.0.2", "192.0.2.2");
        y.session.enhancedRefresh = false;
        y.up();
        y.link.clear();
        y.event(new SessionEvent.RefreshRequested(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.NORMAL));
        assertThat(y.link.sent).singleElement().isInstanceOf(UpdateMessage.class);
    }

    @Test
    void aSessionThatGoesDownForgetsItsAdjRibOutAndGetsEverythingAgainWhenBack() {
        RibHarness h = new RibHarness();
        h.rib.originate(p("10.1.0.0/16"));
        TestPeer x = h.peer("x", PeerRibConfig.DEFAULT, 65001, "10.0.0.1", "192.0.2.1")
                .up();
        x.down();
        assertThat(x.stats().advertised()).isZero();
        h.rib.originate(p("10.2.0.0/16"));
        h.loop.runAll();
        x.link.clear();
        x.up();
        assertThat(x.link.updates().get(0).nlri()).containsExactly(p("10.1.0.0/16"), p("10.2.0.0/16"));
        assertThat(x.link.updates().get(1).endOfRib()).contains(AfiSafi.IPV4_UNICAST);
    }
}
