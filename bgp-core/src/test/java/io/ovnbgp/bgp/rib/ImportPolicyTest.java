package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.a;
import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static io.ovnbgp.bgp.rib.RibHarness.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.policy.PrefixRule;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Import policy as the RIB applies it: what gets into the Loc-RIB and what does not. */
class ImportPolicyTest {
    private static final PeerRibConfig ALL = PeerRibConfig.DEFAULT.withReceive(ReceivePolicy.ALL);

    private static ReceivePolicy filtered(String... rules) {
        return ReceivePolicy.filtered(Arrays.stream(rules)
                .map(r -> {
                    String[] parts = r.split(" ");
                    Integer ge = null;
                    Integer le = null;
                    for (int i = 1; i < parts.length; i += 2) {
                        if (parts[i].equals("ge")) {
                            ge = Integer.parseInt(parts[i + 1]);
                        } else {
                            le = Integer.parseInt(parts[i + 1]);
                        }
                    }
                    return PrefixRule.of(p(parts[0]), ge, le);
                })
                .toList());
    }

    @Test
    void byDefaultNothingIsReceived() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer("x", PeerRibConfig.DEFAULT, 65001, "10.0.0.1", "192.0.2.1")
                .up();
        x.announce(attrs(65001), "203.0.113.1", "198.51.100.0/24", "0.0.0.0/0");
        x.announce(attrs(65001), "2001:db8::1", "2001:db8::/32");
        assertThat(h.snapshot()).isEmpty();
        assertThat(h.changes()).isEmpty();
        assertThat(h.get(h.rib.prefixCount())).isZero(); // nor kept
        PeerRibStats s = x.stats();
        assertThat(s.received()).isEqualTo(3);
        assertThat(s.rejected()).isEqualTo(3);
        assertThat(s.accepted()).isZero();
    }

    @Test
    void modeAllReceivesBothFamilies() {
        RibHarness h = new RibHarness();
        TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
        x.announce(attrs(65001), "203.0.113.1", "198.51.100.0/24");
        x.announce(attrs(65001), "2001:db8::1", "2001:db8:1::/48");
        assertThat(h.nextHops("198.51.100.0/24")).containsExactly(a("203.0.113.1"));
        assertThat(h.nextHops("2001:db8:1::/48")).containsExactly(a("2001:db8::1"));
        PeerRibStats s = x.stats();
        assertThat(s.acceptedIpv4()).isEqualTo(1);
        assertThat(s.acceptedIpv6()).isEqualTo(1);
        assertThat(h.get(x.handle.accepted(AfiSafi.IPV6_UNICAST))).containsOnlyKeys(p("2001:db8:1::/48"));
    }

    @Test
    void filteredAppliesGeAndLeForBothFamilies() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer(
                        "x",
                        ALL.withReceive(filtered("10.0.0.0/8 le 24", "0.0.0.0/0", "2001:db8::/32 ge 48 le 64")),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        x.announce(
                attrs(65001),
                "203.0.113.1",
                "10.1.0.0/16",
                "10.1.2.0/24",
                "10.1.2.128/25",
                "0.0.0.0/0",
                "192.168.0.0/16");
        x.announce(
                attrs(65001),
                "2001:db8::1",
                "2001:db8::/32",
                "2001:db8:1::/48",
                "2001:db8:1:1::/64",
                "2001:db8:1:1:1::/80",
                "2001:db9::/48");
        assertThat(h.snapshot().keySet())
                .containsExactlyInAnyOrder(
                        p("10.1.0.0/16"),
                        p("10.1.2.0/24"),
                        p("0.0.0.0/0"),
                        p("2001:db8:1::/48"),
                        p("2001:db8:1:1::/64"));
        assertThat(x.stats().rejected()).isEqualTo(5);
    }

    @Test
    void filteredWithACommunityCondition() {
        RibHarness h = new RibHarness();
        int wanted = Communities.community(65001, 42);
        TestPeer x = h.peer(
                        "x",
                        ALL.withReceive(filtered("0.0.0.0/0 le 32").withCommunityMatch(wanted)),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        x.announce(
                attrs(65001).communities(Communities.of(Communities.community(65001, 1), wanted)),
                "203.0.113.1",
                "10.1.0.0/16");
        x.announce(
                attrs(65001).communities(Communities.of(Communities.community(65001, 1))),
                "203.0.113.1",
                "10.2.0.0/16");
        x.announce(attrs(65001), "203.0.113.1", "10.3.0.0/16");
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"));
    }

    @Test
    void anEbgpPeersLocalPrefIsIgnoredAndReplacedByTheDefaultOrThePolicysValue() {
        RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
        TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
        TestPeer y = h.peer("y", ALL.withReceive(ReceivePolicy.ALL.withLocalPref(150)), 65002, "10.0.0.2", "192.0.2.2")
                .up();
        x.announce(attrs(65001).localPref(1000), "203.0.113.1", "198.51.100.0/24");
        assertThat(h.paths("198.51.100.0/24").get(0).attributes().localPref()).hasValue(100);
        y.announce(attrs(65002, 65003, 65004).localPref(5), "203.0.113.2", "198.51.100.0/24");
        // y's path is longer, but the policy's 150 beats the 100 x's 1000 became
        assertThat(h.best("198.51.100.0/24").get(0).peer()).isEqualTo("y");
        assertThat(h.best("198.51.100.0/24").get(0).attributes().localPref()).hasValue(150);
    }

    @Test
    void anIbgpPeersLocalPrefIsKept() {
        RibHarness h = new RibHarness();
        TestPeer i =
                h.peer("i", ALL, RibHarness.LOCAL_AS, "10.0.0.1", "192.0.2.1").up();
        i.announce(attrs(65001).localPref(300), "203.0.113.1", "198.51.100.0/24");
        assertThat(h.paths("198.51.100.0/24").get(0).attributes().localPref()).hasValue(300);
    }

    @Test
    void pathsThroughOurOwnAsAreRejectedWhateverThePolicy() {
        RibHarness h = new RibHarness();
        TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
        x.announce(attrs(65001, RibHarness.LOCAL_AS, 65003), "203.0.113.1", "198.51.100.0/24");
        x.announce(attrs(65001, 65003), "203.0.113.1", "198.51.101.0/24");
        assertThat(h.snapshot()).containsOnlyKeys(p("198.51.101.0/24"));
        assertThat(x.stats().loopRejected()).isEqualTo(1);
        // a looped re-announcement replaces the good path the peer sent before
        x.announce(attrs(65001, RibHarness.LOCAL_AS), "203.0.113.1", "198.51.101.0/24");
        assertThat(h.snapshot()).isEmpty();
    }

    @Test
    void aRejectedReannouncementWithdrawsThePreviousPath() {
        RibHarness h = new RibHarness();
        int wanted = Communities.community(65001, 42);
        TestPeer x = h.peer(
                        "x",
                        ALL.withReceive(filtered("0.0.0.0/0 le 32").withCommunityMatch(wanted)),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        x.announce(attrs(65001).communities(Communities.of(wanted)), "203.0.113.1", "10.1.0.0/16");
        assertThat(h.changes()).hasSize(1);
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16");
        assertThat(h.changes()).singleElement().matches(RouteChange::isWithdrawal);
    }

    @Test
    void treatAsWithdrawRemovesThePaths() {
        RibHarness h = new RibHarness();
        TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16");
        UpdateMessage broken = new UpdateMessage(
                List.of(),
                attrs(65001).nextHop(a("203.0.113.1")).build(),
                List.of(p("10.1.0.0/16")),
                Optional.empty(),
                Optional.empty(),
                io.ovnbgp.bgp.wire.UpdateErrorAction.TREAT_AS_WITHDRAW,
                List.of(),
                null);
        x.send(broken);
        assertThat(h.snapshot()).isEmpty();
    }

    @Test
    void withoutSoftReconfigurationAPolicyChangeAppliesAtOnceWhereStricterAndAsksForARefresh() {
        RibHarness h = new RibHarness();
        TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16");
        h.changes();
        x.handle.reconfigure(ALL.withReceive(filtered("10.1.0.0/16")));
        h.loop.runAll();
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"));
        assertThat(h.changes()).singleElement().satisfies(c -> {
            assertThat(c.prefix()).isEqualTo(p("10.2.0.0/16"));
            assertThat(c.isWithdrawal()).isTrue();
        });
        assertThat(x.link.refreshRequests).containsExactly(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
        // looser again: nothing to re-apply from, the refresh brings the routes back
        x.link.clear();
        x.handle.reconfigure(ALL);
        h.loop.runAll();
        assertThat(x.link.refreshRequests).hasSize(2);
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"));
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16"); // the peer answers
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"), p("10.2.0.0/16"));
    }

    @Test
    void withSoftReconfigurationAPolicyChangeIsReappliedWithoutThePeer() {
        RibHarness h = new RibHarness();
        PeerRibConfig strict = ALL.withReceive(filtered("10.1.0.0/16")).withSoftReconfigInbound(true);
        TestPeer x = h.peer("x", strict, 65001, "10.0.0.1", "192.0.2.1").up();
        x.announce(attrs(65001).localPref(7), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16");
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"));
        assertThat(x.stats().keptRejected()).isEqualTo(1);
        h.changes();

        x.handle.reconfigure(strict.withReceive(ReceivePolicy.ALL.withLocalPref(120)));
        h.loop.runAll();
        assertThat(x.link.refreshRequests).isEmpty();
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"), p("10.2.0.0/16"));
        assertThat(h.changes()).extracting(RouteChange::prefix).containsExactly(p("10.2.0.0/16"));
        assertThat(h.paths("10.2.0.0/16").get(0).attributes().localPref()).hasValue(120);
        assertThat(x.stats().keptRejected()).isZero();

        x.handle.reconfigure(strict.withReceive(ReceivePolicy.NONE));
        h.loop.runAll();
        assertThat(h.snapshot()).isEmpty();
        assertThat(x.stats().keptRejected()).isEqualTo(2);
        // and a withdrawal removes a kept rejected path too
        x.withdraw("10.1.0.0/16", "10.2.0.0/16");
        assertThat(h.get(h.rib.prefixCount())).isZero();
        assertThat(x.stats().keptRejected()).isZero();
    }

    @Test
    void routesWithANextHopNothingCanBeForwardedToAreIgnoredAndCountedWhileTheSessionStays() {
        RibHarness h = new RibHarness();
        TestPeer tor = h.ebgp("tor", 65001, "10.0.0.1", "192.0.2.1").up();
        // the session's local address in the harness is 192.0.2.10
        for (String bad : List.of("192.0.2.10", "127.0.0.1", "0.0.0.0", "224.0.0.5", "255.255.255.255")) {
            tor.announce(attrs(65001), bad, "10.1.0.0/16");
        }
        for (String bad : List.of("::1", "ff02::1", "::ffff:192.0.2.1")) {
            tor.announce(attrs(65001), bad, "2001:db8:1::/48");
        }
        assertThat(h.snapshot()).isEmpty();
        assertThat(tor.stats().nextHopRejected()).isEqualTo(8);
        assertThat(tor.stats().rejected()).isZero();

        // a usable next hop for the same prefix replaces nothing bad: it is simply accepted
        tor.announce(attrs(65001), "192.0.2.1", "10.1.0.0/16");
        assertThat(h.nextHops("10.1.0.0/16")).containsExactly(a("192.0.2.1"));
        // and a bad one afterwards withdraws it, as any announcement we do not accept does
        tor.announce(attrs(65001), "127.0.0.1", "10.1.0.0/16");
        assertThat(h.snapshot()).isEmpty();
        assertThat(tor.link.stops).isEmpty();
    }

    @Test
    void aRouteIgnoredForItsNextHopStaysIgnoredWhenASoftReconfigurationReappliesThePolicy() {
        RibHarness h = new RibHarness();
        PeerRibConfig soft = ALL.withSoftReconfigInbound(true);
        TestPeer x = h.peer("x", soft, 65001, "10.0.0.1", "192.0.2.1").up();
        x.announce(attrs(65001), "127.0.0.1", "10.1.0.0/16");
        assertThat(h.snapshot()).isEmpty();

        x.handle.reconfigure(soft.withReceive(ReceivePolicy.ALL.withLocalPref(120)));
        h.loop.runAll();
        assertThat(h.snapshot()).isEmpty();
        assertThat(x.stats().keptRejected()).isEqualTo(1);
    }
}
