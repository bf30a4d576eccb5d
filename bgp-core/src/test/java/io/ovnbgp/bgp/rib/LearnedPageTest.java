package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static io.ovnbgp.bgp.rib.RibHarness.p;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import org.junit.jupiter.api.Test;

/** {@code Rib.learned(limit)}: the lowest prefixes in order with their paths, and the true total beyond the page. */
class LearnedPageTest {

    @Test
    void aPageHoldsTheLowestPrefixesInOrderWithTheirPathsAndCountsTheRest() {
        RibHarness h = new RibHarness();
        TestPeer a = h.ebgp("tor-a", 65001, "10.0.0.1", "192.0.2.1").up();
        TestPeer b = h.ebgp("tor-b", 65002, "10.0.0.2", "192.0.2.2").up();
        a.announce(attrs(65001), "192.0.2.1", "10.3.0.0/16", "10.1.0.0/16", "10.2.0.0/16");
        b.announce(attrs(65002), "192.0.2.2", "10.1.0.0/16");
        // originated only: not learned
        h.rib.originate(p("10.0.0.0/24"), OriginAttributes.tagged("podNetwork"));

        LearnedPage page = h.learned(2);
        assertThat(page.total()).isEqualTo(3);
        assertThat(page.entries())
                .extracting(LearnedPage.Entry::prefix)
                .containsExactly(p("10.1.0.0/16"), p("10.2.0.0/16"));
        assertThat(page.entries().get(0).paths())
                .extracting(PathView::peer)
                .containsExactlyInAnyOrder("tor-a", "tor-b");
        assertThat(page.entries().get(0).paths().get(0).best()).isTrue();

        assertThat(h.learned(10).entries()).hasSize(3);
        LearnedPage none = h.learned(0);
        assertThat(none.entries()).isEmpty();
        assertThat(none.total()).isEqualTo(3);

        a.withdraw("10.2.0.0/16");
        assertThat(h.learned(10).total()).isEqualTo(2);
    }
}
