package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.a;
import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static io.ovnbgp.bgp.rib.RibHarness.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.policy.AdvertisePolicy;
import io.ovnbgp.bgp.policy.PrefixRule;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.PeerRibStats.FamilyCounts;
import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import io.ovnbgp.bgp.wire.AfiSafi;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-family counts behind the prefixes_received / accepted / advertised metrics, as paths come and go. */
class PerFamilyCountsTest {
    private static final AfiSafi V4 = AfiSafi.IPV4_UNICAST;
    private static final AfiSafi V6 = AfiSafi.IPV6_UNICAST;
    private static final PeerRibConfig ALL = PeerRibConfig.DEFAULT.withReceive(ReceivePolicy.ALL);
    /** Accepts 10.1.0.0/16 and 2001:db8:1::/48 exactly, nothing else. */
    private static final ReceivePolicy TWO = ReceivePolicy.filtered(
            List.of(PrefixRule.of(p("10.1.0.0/16"), null, null), PrefixRule.of(p("2001:db8:1::/48"), null, null)));

    private static FamilyCounts counts(long received, long accepted, long advertised) {
        return new FamilyCounts(received, accepted, advertised);
    }

    @Test
    void withSoftReconfigurationReceivedCountsTheRejectedPathsKeptAndAcceptedOnlyThosePolicyLetIn() {
        RibHarness h = new RibHarness();
        PeerRibConfig soft = ALL.withReceive(TWO).withSoftReconfigInbound(true);
        TestPeer x = h.peer("x", soft, 65001, "10.0.0.1", "192.0.2.1").up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16");
        x.announce(attrs(65001), "2001:db8::1", "2001:db8:1::/48", "2001:db8:2::/48");
        assertThat(x.stats().family(V4)).isEqualTo(counts(3, 1, 0));
        assertThat(x.stats().family(V6)).isEqualTo(counts(2, 1, 0));

        // the same prefixes announced again (new attributes) are still the same prefixes: nothing doubles
        x.announce(attrs(65001, 65002), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16");
        assertThat(x.stats().family(V4)).isEqualTo(counts(3, 1, 0));

        // a withdrawn rejected prefix leaves received; accepted is untouched
        x.withdraw("10.3.0.0/16");
        assertThat(x.stats().family(V4)).isEqualTo(counts(2, 1, 0));

        // the policy changes: what is held stays, what is accepted follows
        x.handle.reconfigure(soft.withReceive(ReceivePolicy.ALL));
        h.loop.runAll();
        assertThat(x.stats().family(V4)).isEqualTo(counts(2, 2, 0));
        assertThat(x.stats().family(V6)).isEqualTo(counts(2, 2, 0));
        x.handle.reconfigure(soft.withReceive(ReceivePolicy.NONE));
        h.loop.runAll();
        assertThat(x.stats().family(V4)).isEqualTo(counts(2, 0, 0));
        assertThat(x.stats().family(V6)).isEqualTo(counts(2, 0, 0));
        // the totals the status page shows agree with the families
        PeerRibStats s = x.stats();
        assertThat(s.keptRejected()).isEqualTo(4);
        assertThat(s.accepted()).isZero();
    }

    @Test
    void withoutSoftReconfigurationARejectedAnnouncementIsNotHeldSoReceivedEqualsAccepted() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer("x", ALL.withReceive(TWO), 65001, "10.0.0.1", "192.0.2.1")
                .up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16");
        x.announce(attrs(65001), "2001:db8::1", "2001:db8:1::/48", "2001:db8:2::/48", "2001:db8:3::/48");
        assertThat(x.stats().family(V4)).isEqualTo(counts(1, 1, 0));
        assertThat(x.stats().family(V6)).isEqualTo(counts(1, 1, 0));
        assertThat(x.stats().rejected()).isEqualTo(3); // the cumulative counter still sees them
    }

    @Test
    void gracefulRestartKeepsStalePathsCountedUntilTheyAreSwept() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer("x", ALL, 65001, "10.0.0.1", "192.0.2.1").gr(120).up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16");
        x.announce(attrs(65001), "2001:db8::1", "2001:db8:1::/48");
        x.down();
        assertThat(x.stats().family(V4)).isEqualTo(counts(2, 2, 0));
        assertThat(x.stats().family(V6)).isEqualTo(counts(1, 1, 0));
        h.advance(Duration.ofSeconds(121));
        assertThat(x.stats().family(V4)).isEqualTo(counts(0, 0, 0));
        assertThat(x.stats().family(V6)).isEqualTo(counts(0, 0, 0));
    }

    @Test
    void advertisedFollowsTheAdjRibOutPerFamilyAndIsZeroWhileTheSessionIsDown() {
        RibHarness h = new RibHarness();
        h.rib.originate(p("10.244.1.0/24"));
        h.rib.originate(p("198.51.100.7/32"));
        h.rib.originate(p("2001:db8:100::/48"));
        TestPeer x = h.peer(
                        "x",
                        PeerRibConfig.DEFAULT.withAdvertise(AdvertisePolicy.DEFAULT.withIpv6NextHop(a("2001:db8::10"))),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        assertThat(x.stats().family(V4)).isEqualTo(counts(0, 0, 2));
        assertThat(x.stats().family(V6)).isEqualTo(counts(0, 0, 1));

        h.rib.withdrawOriginated(p("198.51.100.7/32"));
        h.rib.originate(p("2001:db8:200::/48"));
        h.rib.originate(p("2001:db8:200::/48")); // the same again: nothing changes
        h.loop.runAll();
        assertThat(x.stats().family(V4)).isEqualTo(counts(0, 0, 1));
        assertThat(x.stats().family(V6)).isEqualTo(counts(0, 0, 2));
        assertThat(x.stats().advertised()).isEqualTo(3);

        x.down();
        assertThat(x.stats().family(V4)).isEqualTo(counts(0, 0, 0));
        assertThat(x.stats().family(V6)).isEqualTo(counts(0, 0, 0));
        x.up();
        assertThat(x.stats().family(V6)).isEqualTo(counts(0, 0, 2));
    }

    @Test
    void bothUnicastFamiliesAreAlwaysReportedEvenBeforeAnythingArrives() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer("x", ALL, 65001, "10.0.0.1", "192.0.2.1");
        assertThat(x.stats().families()).containsOnlyKeys(V4, V6);
        assertThat(x.stats().family(V4)).isEqualTo(counts(0, 0, 0));
    }
}
