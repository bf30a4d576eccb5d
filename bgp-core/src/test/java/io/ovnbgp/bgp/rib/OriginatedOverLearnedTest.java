package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.a;
import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static io.ovnbgp.bgp.rib.RibHarness.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Anycast: a prefix this node originates may come back from a peer (another node announces the same Service
 * IP). The node serves it itself, so the change stream (what goes into OVN) must not route it to the peer.
 */
class OriginatedOverLearnedTest {

    @Test
    void aLearnedRouteForAnOriginatedPrefixStaysOutOfTheChangeStreamUntilTheOriginationIsWithdrawn() {
        RibHarness h = new RibHarness();
        TestPeer tor = h.ebgp("tor", 65001, "10.0.0.1", "192.0.2.1").up();
        h.rib.originate(p("198.51.100.7/32"), OriginAttributes.tagged("loadBalancerIPs"));
        h.changes();

        tor.announce(attrs(65001, 64513), "192.0.2.1", "198.51.100.7/32", "10.9.0.0/16");
        assertThat(h.changes()).extracting(RouteChange::prefix).containsExactly(p("10.9.0.0/16"));
        assertThat(h.snapshot()).containsOnlyKeys(p("10.9.0.0/16"));
        assertThat(h.paths("198.51.100.7/32")).as("the learned path is kept").hasSize(1);

        // the Service leaves this node: the other node's announcement is now the way to the IP
        h.rib.withdrawOriginated(p("198.51.100.7/32"));
        assertThat(h.changes()).singleElement().satisfies(c -> {
            assertThat(c.prefix()).isEqualTo(p("198.51.100.7/32"));
            assertThat(c.nextHops()).containsExactly(a("192.0.2.1"));
        });

        // and back: the learned route is withdrawn from the stream, not from the RIB
        h.rib.originate(p("198.51.100.7/32"), OriginAttributes.tagged("loadBalancerIPs"));
        assertThat(h.changes()).singleElement().satisfies(c -> {
            assertThat(c.prefix()).isEqualTo(p("198.51.100.7/32"));
            assertThat(c.nextHops()).isEmpty();
        });
        tor.withdraw("198.51.100.7/32");
        assertThat(h.changes()).isEmpty();
        h.rib.withdrawOriginated(p("198.51.100.7/32"));
        assertThat(h.changes()).isEmpty();
        assertThat(h.snapshot()).containsOnlyKeys(p("10.9.0.0/16"));
        assertThat(h.nextHops("10.9.0.0/16")).isEqualTo(List.of(a("192.0.2.1")));
    }
}
