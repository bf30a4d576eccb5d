package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A peer faster than the RIB is held back by pausing its reads, not by queueing without bound. */
class BackPressureTest {

    @Test
    void readingPausesWhenTheRibFallsBehindAndResumesWhenItCatchesUp() {
        RibHarness h = new RibHarness();
        TestPeer fast = h.ebgp("fast", 65001, "10.0.0.1", "192.0.2.1").up();
        fast.link.pauses.clear();
        // the RIB thread does not run (a manual loop): UPDATEs pile up as they would behind a busy RIB
        for (int i = 0; i < RibPeer.PAUSE_AT + 100; i++) {
            UpdateMessage u = UpdateMessage.announce(
                    attrs(65001).nextHop(IpAddress.parse("192.0.2.1")).build(),
                    List.of(Prefix.ipv4(0x0A000000 | (i << 8), 24)));
            fast.handle.deliver(fast.link, new SessionEvent.Routes(u), i);
        }
        assertThat(fast.link.pauses).containsExactly(true);
        assertThat(fast.handle.queued()).isEqualTo(RibPeer.PAUSE_AT + 100);

        h.loop.runAll();
        assertThat(fast.link.pauses).containsExactly(true, false);
        assertThat(fast.handle.queued()).isZero();
        assertThat(h.snapshot()).hasSize(RibPeer.PAUSE_AT + 100);
    }
}
