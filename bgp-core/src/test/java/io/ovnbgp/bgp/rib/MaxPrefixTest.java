package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.NotificationMessage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MaxPrefixTest {
    private static final PeerRibConfig ALL = PeerRibConfig.DEFAULT.withReceive(ReceivePolicy.ALL);

    @Test
    void overTheLimitTeardownSendsCeaseWithAfiSafiAndTheLimitAndRestarts() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer(
                        "x",
                        ALL.withMaxPrefixes(3, MaxPrefixAction.TEARDOWN, Duration.ofSeconds(30)),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16");
        assertThat(x.link.stops).isEmpty(); // at the limit is fine
        x.announce(attrs(65001), "2001:db8::1", "2001:db8:1::/48", "2001:db8:2::/48");
        assertThat(x.link.stops).hasSize(1);
        NotificationMessage n = x.link.stops.get(0);
        assertThat(n.reason()).contains(ErrorSubcode.MAXIMUM_NUMBER_OF_PREFIXES_REACHED);
        assertThat(n.data()).containsExactly(0, 2, 1, 0, 0, 0, 3); // AFI 2, SAFI 1, limit 3 (RFC 4486 §4)
        assertThat(x.link.restarts).containsExactly(Duration.ofSeconds(30));
        assertThat(h.snapshot())
                .as("the prefix that crossed the limit is not kept, even until the session is down")
                .hasSize(3)
                .doesNotContainKey(RibHarness.p("2001:db8:1::/48"));
        // what the session still delivers before it is down is ignored; the Down removes everything
        x.announce(attrs(65001), "203.0.113.1", "10.9.0.0/16");
        assertThat(h.snapshot()).doesNotContainKey(RibHarness.p("10.9.0.0/16"));
        x.event(new io.ovnbgp.bgp.fsm.SessionEvent.Down("sent NOTIFICATION", n, null));
        assertThat(h.snapshot()).isEmpty();
        PeerRibStats s = x.stats();
        assertThat(s.teardowns()).isEqualTo(1);
        assertThat(s.accepted()).isZero();
        assertThat(x.link.stops).hasSize(1);
    }

    @Test
    void warnKeepsAcceptingAndCounts() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer("x", ALL.withMaxPrefixes(2, MaxPrefixAction.WARN, null), 65001, "10.0.0.1", "192.0.2.1")
                .up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16");
        x.announce(attrs(65001).med(3), "203.0.113.1", "10.4.0.0/16"); // replacement: not a new prefix
        assertThat(x.link.stops).isEmpty();
        assertThat(h.snapshot()).hasSize(4);
        assertThat(x.stats().maxPrefixExceeded()).isEqualTo(2);
        assertThat(x.stats().teardowns()).isZero();
    }

    @Test
    void rejectedPrefixesDoNotCount() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer(
                        "x",
                        PeerRibConfig.DEFAULT.withMaxPrefixes(1, MaxPrefixAction.TEARDOWN, null),
                        65001,
                        "10.0.0.1",
                        "192.0.2.1")
                .up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16");
        assertThat(x.link.stops).isEmpty();
    }

    @Test
    void loweringTheLimitBelowWhatIsHeldActsAtOnce() {
        RibHarness h = new RibHarness();
        TestPeer x = h.peer("x", ALL, 65001, "10.0.0.1", "192.0.2.1").up();
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16", "10.2.0.0/16");
        x.handle.reconfigure(ALL.withMaxPrefixes(1, MaxPrefixAction.TEARDOWN, Duration.ofMinutes(1)));
        h.loop.runAll();
        assertThat(x.link.stops).hasSize(1);
    }
}
