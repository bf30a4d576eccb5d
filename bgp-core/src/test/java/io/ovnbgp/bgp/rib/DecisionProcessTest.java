package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.a;
import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static io.ovnbgp.bgp.rib.RibHarness.ip4;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.AsPathSegment;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** RFC 4271 §9.1.2.2 step by step, then the ECMP set. Each test makes exactly one step decide. */
class DecisionProcessTest {
    private static final String P = "198.51.100.0/24";
    private static final PeerRibConfig ALL = PeerRibConfig.DEFAULT.withReceive(ReceivePolicy.ALL);

    private static String bestPeer(RibHarness h) {
        return h.best(P).get(0).peer();
    }

    @Nested
    class Steps {
        @Test
        void highestLocalPrefWinsEvenOverAShorterPath() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
            TestPeer x = h.peer("x", ALL, 64512, "10.0.0.1", "192.0.2.1").up(); // iBGP
            TestPeer y = h.peer("y", ALL, 64512, "10.0.0.2", "192.0.2.2").up();
            x.announce(attrs(65001).localPref(100), "203.0.113.1", P);
            y.announce(attrs(65001, 65002, 65003).localPref(200), "203.0.113.2", P);
            assertThat(bestPeer(h)).isEqualTo("y");
            assertThat(h.nextHops(P)).containsExactly(a("203.0.113.2"));
        }

        @Test
        void aMissingLocalPrefCountsAs100() {
            RibHarness h = new RibHarness();
            TestPeer x = h.peer("x", ALL, 64512, "10.0.0.1", "192.0.2.1").up();
            TestPeer y = h.peer("y", ALL, 64512, "10.0.0.2", "192.0.2.2").up();
            x.announce(attrs(65001), "203.0.113.1", P);
            y.announce(attrs(65001).localPref(99), "203.0.113.2", P);
            assertThat(bestPeer(h)).isEqualTo("x");
        }

        @Test
        void shortestAsPathWinsWithAnAsSetCountingOneAndConfederationSegmentsNone() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
            TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65002, "10.0.0.2", "192.0.2.2").up();
            TestPeer z = h.ebgp("z", 65003, "10.0.0.3", "192.0.2.3").up();
            // x: 65001 {1,2,3,4} = length 2; y: 65002 65010 65011 = 3; z: (65020 65021) 65003 65030 65031 = 3
            x.announce(
                    PathAttributes.builder()
                            .origin(Origin.IGP)
                            .asPath(new AsPath(List.of(
                                    AsPathSegment.of(AsPathSegment.Type.AS_SEQUENCE, 65001),
                                    AsPathSegment.of(AsPathSegment.Type.AS_SET, 1, 2, 3, 4)))),
                    "203.0.113.1",
                    P);
            y.announce(attrs(65002, 65010, 65011), "203.0.113.2", P);
            assertThat(bestPeer(h)).isEqualTo("x");
            x.withdraw(P);
            z.announce(
                    PathAttributes.builder()
                            .origin(Origin.IGP)
                            .asPath(new AsPath(List.of(
                                    AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, 65020, 65021, 65022, 65023),
                                    AsPathSegment.of(AsPathSegment.Type.AS_SEQUENCE, 65003, 65030)))),
                    "203.0.113.3",
                    P);
            assertThat(bestPeer(h)).isEqualTo("z"); // 2 against y's 3: the confederation part is free
        }

        @Test
        void lowestOriginWins() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
            TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65002, "10.0.0.2", "192.0.2.2").up();
            x.announce(attrs(65001).origin(Origin.INCOMPLETE), "203.0.113.1", P);
            y.announce(attrs(65002).origin(Origin.EGP), "203.0.113.2", P);
            assertThat(bestPeer(h)).isEqualTo("y");
        }

        @Test
        void medIsComparedOnlyBetweenPathsFromTheSameNeighbourAs() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
            // x and y both from AS 65001 (two sessions), z from 65002 with a worse MED but a lower router ID
            TestPeer x = h.ebgp("x", 65001, "10.0.0.5", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65001, "10.0.0.6", "192.0.2.2").up();
            TestPeer z = h.ebgp("z", 65002, "10.0.0.1", "192.0.2.3").up();
            x.announce(attrs(65001).med(50), "203.0.113.1", P);
            y.announce(attrs(65001).med(10), "203.0.113.2", P);
            z.announce(attrs(65002).med(500), "203.0.113.3", P);
            // x loses to y on MED; y and z are not compared on MED, z wins on router ID
            assertThat(bestPeer(h)).isEqualTo("z");
            assertThat(h.paths(P)).filteredOn(v -> v.peer().equals("x")).allMatch(v -> !v.multipath());
        }

        @Test
        void alwaysCompareMedComparesAcrossNeighbourAses() {
            RibHarness h =
                    new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1).withAlwaysCompareMed(true));
            TestPeer y = h.ebgp("y", 65001, "10.0.0.6", "192.0.2.2").up();
            TestPeer z = h.ebgp("z", 65002, "10.0.0.1", "192.0.2.3").up();
            y.announce(attrs(65001).med(10), "203.0.113.2", P);
            z.announce(attrs(65002).med(500), "203.0.113.3", P);
            assertThat(bestPeer(h)).isEqualTo("y");
        }

        @Test
        void aMissingMedCountsAsZero() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
            TestPeer x = h.ebgp("x", 65001, "10.0.0.9", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65001, "10.0.0.1", "192.0.2.2").up();
            x.announce(attrs(65001), "203.0.113.1", P);
            y.announce(attrs(65001).med(1), "203.0.113.2", P);
            assertThat(bestPeer(h)).isEqualTo("x");
        }

        @Test
        void ebgpBeatsIbgp() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
            TestPeer i = h.peer("i", ALL, 64512, "10.0.0.1", "192.0.2.1").up();
            TestPeer e = h.ebgp("e", 65001, "10.0.0.9", "192.0.2.9").up();
            i.announce(attrs(65001), "203.0.113.1", P);
            e.announce(attrs(65001), "203.0.113.9", P);
            assertThat(bestPeer(h)).isEqualTo("e");
            assertThat(h.best(P).get(0).ebgp()).isTrue();
        }

        @Test
        void lowestRouterIdThenLowestPeerAddress() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
            TestPeer x = h.ebgp("x", 65001, "10.0.0.2", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65001, "10.0.0.1", "192.0.2.9").up();
            x.announce(attrs(65001), "203.0.113.1", P);
            y.announce(attrs(65001), "203.0.113.2", P);
            assertThat(bestPeer(h)).isEqualTo("y");
            // same router ID (two sessions to one router): the lower peer address wins
            RibHarness h2 = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
            TestPeer u = h2.ebgp("u", 65001, "10.0.0.1", "192.0.2.20").up();
            TestPeer v = h2.ebgp("v", 65001, "10.0.0.1", "192.0.2.3").up();
            u.announce(attrs(65001), "203.0.113.1", P);
            v.announce(attrs(65001), "203.0.113.2", P);
            assertThat(h2.best(P).get(0).peer()).isEqualTo("v");
        }

        @Test
        void routerIdsCompareUnsigned() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(1));
            TestPeer x = h.ebgp("x", 65001, "200.0.0.1", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65001, "10.0.0.1", "192.0.2.2").up();
            x.announce(attrs(65001), "203.0.113.1", P);
            y.announce(attrs(65001), "203.0.113.2", P);
            assertThat(bestPeer(h)).isEqualTo("y");
            assertThat(ip4("200.0.0.1")).isNegative(); // the case that matters
        }
    }

    @Nested
    class Multipath {
        @Test
        void equallyGoodEbgpPathsWithIdenticalAsPathsFormTheEcmpSetInAddressOrder() {
            RibHarness h = new RibHarness();
            TestPeer x = h.ebgp("x", 65001, "10.0.0.3", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65001, "10.0.0.1", "192.0.2.2").up();
            TestPeer z = h.ebgp("z", 65001, "10.0.0.2", "192.0.2.3").up();
            x.announce(attrs(65001, 65100), "203.0.113.30", P);
            y.announce(attrs(65001, 65100), "203.0.113.10", P);
            z.announce(attrs(65001, 65100), "203.0.113.20", P);
            assertThat(h.nextHops(P)).containsExactly(a("203.0.113.10"), a("203.0.113.20"), a("203.0.113.30"));
            assertThat(h.best(P)).extracting(PathView::peer).containsExactly("y", "z", "x");
            assertThat(h.best(P).get(0).best()).isTrue();
        }

        @Test
        void maxPathsKeepsTheFirstByRouterIdThenAddress() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withMaxPaths(2));
            TestPeer x = h.ebgp("x", 65001, "10.0.0.3", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65001, "10.0.0.1", "192.0.2.2").up();
            TestPeer z = h.ebgp("z", 65001, "10.0.0.2", "192.0.2.3").up();
            x.announce(attrs(65001), "203.0.113.1", P);
            y.announce(attrs(65001), "203.0.113.2", P);
            z.announce(attrs(65001), "203.0.113.3", P);
            assertThat(h.best(P)).extracting(PathView::peer).containsExactly("y", "z");
            assertThat(h.nextHops(P)).containsExactly(a("203.0.113.2"), a("203.0.113.3"));
        }

        @Test
        void differentAsPathsOfEqualLengthNeedTheRelaxOption() {
            RibHarness strict = new RibHarness();
            RibHarness relaxed = new RibHarness(RibSettings.of(64512, 1).withRelaxAsPath(true));
            for (RibHarness h : List.of(strict, relaxed)) {
                TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
                TestPeer y = h.ebgp("y", 65002, "10.0.0.2", "192.0.2.2").up();
                x.announce(attrs(65001, 65100), "203.0.113.1", P);
                y.announce(attrs(65002, 65100), "203.0.113.2", P);
            }
            assertThat(strict.nextHops(P)).containsExactly(a("203.0.113.1"));
            assertThat(relaxed.nextHops(P)).containsExactly(a("203.0.113.1"), a("203.0.113.2"));
        }

        @Test
        void aLongerPathNeverJoinsEvenWhenRelaxed() {
            RibHarness h = new RibHarness(RibSettings.of(64512, 1).withRelaxAsPath(true));
            TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65002, "10.0.0.2", "192.0.2.2").up();
            x.announce(attrs(65001), "203.0.113.1", P);
            y.announce(attrs(65002, 65100), "203.0.113.2", P);
            assertThat(h.nextHops(P)).containsExactly(a("203.0.113.1"));
        }

        @Test
        void ibgpPathsDoNotJoinAnEbgpEcmpSet() {
            RibHarness h = new RibHarness();
            TestPeer e = h.ebgp("e", 65001, "10.0.0.9", "192.0.2.9").up();
            TestPeer i = h.peer("i", ALL, 64512, "10.0.0.1", "192.0.2.1").up();
            e.announce(attrs(65001), "203.0.113.9", P);
            i.announce(attrs(65001), "203.0.113.1", P);
            assertThat(h.nextHops(P)).containsExactly(a("203.0.113.9"));
        }

        @Test
        void theStreamReportsOnlyChangesOfTheNextHopSet() {
            RibHarness h = new RibHarness();
            TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65001, "10.0.0.2", "192.0.2.2").up();
            x.announce(attrs(65001), "203.0.113.1", P);
            assertThat(h.changes()).extracting(RouteChange::nextHops).containsExactly(List.of(a("203.0.113.1")));
            // new MED, same next hop: no change
            x.announce(attrs(65001).med(7), "203.0.113.1", P);
            assertThat(h.changes()).isEmpty();
            y.announce(attrs(65001).med(7), "203.0.113.2", P);
            assertThat(h.changes())
                    .extracting(RouteChange::nextHops)
                    .containsExactly(List.of(a("203.0.113.1"), a("203.0.113.2")));
            // a worse path from x now: y alone
            x.announce(attrs(65001, 65001), "203.0.113.1", P);
            assertThat(h.changes()).extracting(RouteChange::nextHops).containsExactly(List.of(a("203.0.113.2")));
            y.withdraw(P);
            assertThat(h.changes()).extracting(RouteChange::nextHops).containsExactly(List.of(a("203.0.113.1")));
            x.withdraw(P);
            List<RouteChange> last = h.changes();
            assertThat(last).hasSize(1);
            assertThat(last.get(0).isWithdrawal()).isTrue();
            assertThat(h.snapshot()).isEmpty();
        }

        @Test
        void twoPathsWithTheSameNextHopGiveOneNextHop() {
            RibHarness h = new RibHarness();
            TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65001, "10.0.0.2", "192.0.2.2").up();
            x.announce(attrs(65001), "203.0.113.1", P);
            y.announce(attrs(65001), "203.0.113.1", P);
            assertThat(h.nextHops(P)).containsExactly(a("203.0.113.1"));
        }

        @Test
        void ipv6PrefixesUseTheMpNextHop() {
            RibHarness h = new RibHarness();
            TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
            TestPeer y = h.ebgp("y", 65001, "10.0.0.2", "192.0.2.2").up();
            x.announce(attrs(65001), "2001:db8::2", "2001:db8:100::/48");
            y.announce(attrs(65001), "2001:db8::1", "2001:db8:100::/48");
            assertThat(h.nextHops("2001:db8:100::/48")).containsExactly(a("2001:db8::1"), a("2001:db8::2"));
        }
    }
}
