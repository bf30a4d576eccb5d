package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.a;
import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static io.ovnbgp.bgp.rib.RibHarness.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.RouteRefreshMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 4724 as the receiving (helper) speaker, and RFC 7313's BoRR/EoRR on the same stale marks. */
class GracefulRestartTest {
    private static final PeerRibConfig ALL = PeerRibConfig.DEFAULT.withReceive(ReceivePolicy.ALL);

    private static TestPeer loaded(RibHarness h, int restartTime) {
        TestPeer x =
                h.peer("x", ALL, 65001, "10.0.0.1", "192.0.2.1").gr(restartTime).up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16");
        x.announce(attrs(65001), "2001:db8::1", "2001:db8:1::/48");
        h.changes();
        return x;
    }

    @Test
    void pathsOfARestartingPeerStayAsStaleUntilItsEndOfRibPerFamily() {
        RibHarness h = new RibHarness();
        TestPeer x = loaded(h, 120);
        x.down();
        assertThat(x.stats().stale()).isEqualTo(4);
        assertThat(h.snapshot()).hasSize(4);
        assertThat(h.changes()).isEmpty(); // forwarding goes on: OVN sees nothing
        assertThat(h.paths("10.1.0.0/16").get(0).stale()).isTrue();

        x.up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16"); // same path again: not stale any more
        x.announce(attrs(65001), "203.0.113.9", "10.2.0.0/16"); // new next hop
        assertThat(x.stats().stale()).isEqualTo(2);
        assertThat(h.paths("10.1.0.0/16").get(0).stale()).isFalse();
        assertThat(h.changes()).extracting(RouteChange::prefix).containsExactly(p("10.2.0.0/16"));

        x.event(new SessionEvent.EndOfRib(AfiSafi.IPV4_UNICAST));
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"), p("10.2.0.0/16"), p("2001:db8:1::/48"));
        assertThat(h.changes()).singleElement().satisfies(c -> {
            assertThat(c.prefix()).isEqualTo(p("10.3.0.0/16"));
            assertThat(c.isWithdrawal()).isTrue();
        });
        assertThat(x.stats().stale()).isEqualTo(1); // the IPv6 one waits for its own End-of-RIB
        assertThat(x.stats().endOfRib()).containsExactly(AfiSafi.IPV4_UNICAST);
        x.event(new SessionEvent.EndOfRib(AfiSafi.IPV6_UNICAST));
        assertThat(x.stats().stale()).isZero();
        assertThat(x.stats().endOfRib()).containsExactlyInAnyOrder(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"), p("10.2.0.0/16"));
        assertThat(h.loop.pendingTimers()).isZero();
    }

    @Test
    void onlyTheFamiliesListedInTheCapabilityKeepTheirPaths() {
        // RFC 4724 §4.2; FRR sends the capability with a restart time and no family even with GR off
        RibHarness h = new RibHarness();
        TestPeer v4only = h.peer("x", ALL, 65001, "10.0.0.1", "192.0.2.1")
                .gr(120)
                .grFamilies(AfiSafi.IPV4_UNICAST)
                .up();
        v4only.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16");
        v4only.announce(attrs(65001), "2001:db8::1", "2001:db8:1::/48");
        h.changes();
        v4only.down();
        assertThat(v4only.stats().stale()).isEqualTo(1);
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"));
        assertThat(h.changes()).singleElement().satisfies(c -> {
            assertThat(c.prefix()).isEqualTo(p("2001:db8:1::/48"));
            assertThat(c.isWithdrawal()).isTrue();
        });

        RibHarness h2 = new RibHarness();
        TestPeer none = h2.peer("y", ALL, 65001, "10.0.0.2", "192.0.2.2")
                .gr(120)
                .grFamilies()
                .up();
        none.announce(attrs(65001), "203.0.113.2", "10.2.0.0/16");
        h2.changes();
        none.down();
        assertThat(none.stats().stale()).isZero();
        assertThat(h2.snapshot()).isEmpty();
        assertThat(h2.changes())
                .singleElement()
                .satisfies(c -> assertThat(c.isWithdrawal()).isTrue());
    }

    @Test
    void theRestartTimerRemovesStalePathsWhenThePeerDoesNotComeBack() {
        RibHarness h = new RibHarness();
        TestPeer x = loaded(h, 120);
        x.down();
        h.advance(Duration.ofSeconds(119));
        assertThat(h.snapshot()).hasSize(4);
        h.advance(Duration.ofSeconds(2));
        assertThat(h.snapshot()).isEmpty();
        assertThat(h.changes()).hasSize(4).allMatch(RouteChange::isWithdrawal);
        assertThat(x.stats().stale()).isZero();
    }

    @Test
    void theStalePathTimerRemovesWhatNoEndOfRibCameFor() {
        RibHarness h = new RibHarness(RibSettings.of(64512, 1).withStalePathTime(Duration.ofSeconds(200)));
        TestPeer x = loaded(h, 120);
        x.down();
        h.advance(Duration.ofSeconds(30));
        x.up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16");
        h.advance(Duration.ofSeconds(100)); // past the old restart time: that timer was stopped by Up
        assertThat(h.snapshot()).hasSize(4);
        h.advance(Duration.ofSeconds(101)); // 200 s after Up the stale-path timer fires
        assertThat(h.snapshot()).containsOnlyKeys(p("10.1.0.0/16"));
    }

    @Test
    void aPeerWithoutGracefulRestartLosesItsPathsAtOnce() {
        RibHarness h = new RibHarness();
        TestPeer x = loaded(h, 0);
        x.down();
        assertThat(h.snapshot()).isEmpty();
        assertThat(h.changes()).hasSize(4);
    }

    @Test
    void aSessionEndedByANotificationIsNotAGracefulRestart() {
        RibHarness h = new RibHarness();
        TestPeer x = loaded(h, 120);
        x.downWith(NotificationMessage.of(ErrorSubcode.HOLD_TIMER_EXPIRED));
        assertThat(h.snapshot()).isEmpty();
    }

    @Test
    void aRestartedPeerThatKeptNoForwardingStateLosesItsStalePathsOnUp() {
        RibHarness h = new RibHarness();
        TestPeer x = loaded(h, 120);
        x.down();
        x.session.grForwarding = false; // F bit clear in the new OPEN (RFC 4724 §4.2)
        x.up();
        assertThat(h.snapshot()).isEmpty();
        assertThat(x.stats().stale()).isZero();
    }

    @Test
    void staleAndFreshPathsCompeteAsUsual() {
        RibHarness h = new RibHarness();
        TestPeer x = loaded(h, 120);
        TestPeer y = h.ebgp("y", 65001, "10.0.0.2", "192.0.2.2").up();
        y.announce(attrs(65001), "203.0.113.2", "10.1.0.0/16");
        h.changes();
        x.down();
        assertThat(h.nextHops("10.1.0.0/16")).containsExactly(a("203.0.113.1"), a("203.0.113.2"));
        h.advance(Duration.ofSeconds(121));
        assertThat(h.nextHops("10.1.0.0/16")).containsExactly(a("203.0.113.2"));
    }

    @Test
    void enhancedRouteRefreshFromThePeerReplacesItsRoutesOfOneFamily() {
        RibHarness h = new RibHarness();
        TestPeer x = loaded(h, 0);
        x.event(new SessionEvent.RefreshRequested(
                AfiSafi.IPV4_UNICAST, RouteRefreshMessage.BEGINNING_OF_ROUTE_REFRESH));
        assertThat(x.stats().stale()).isEqualTo(3);
        x.announce(attrs(65001), "203.0.113.1", "10.2.0.0/16");
        x.event(new SessionEvent.RefreshRequested(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.END_OF_ROUTE_REFRESH));
        assertThat(h.snapshot()).containsOnlyKeys(p("10.2.0.0/16"), p("2001:db8:1::/48"));
    }
}
