package io.ovnbgp.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.wire.AfiSafi;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class LoggingSessionListenerTest {

    @Test
    void handsEveryEventOnInOrder() throws Exception {
        LoopbackPeers.Recorder next = new LoopbackPeers.Recorder();
        SessionListener logging = new LoggingSessionListener(next);
        PeerSession peer = new PeerSession(
                PeerSettings.basic(
                        "tor-a", InetAddress.getByName("192.0.2.1"), 179, 64512, 65001, LoopbackPeers.id("192.0.2.10")),
                null,
                null,
                logging,
                new PeerCounters());
        SessionEvent changed = new SessionEvent.StateChanged(SessionState.IDLE, SessionState.ACTIVE);
        SessionEvent down = new SessionEvent.Down("hold timer expired after 9 s", null, null);
        SessionEvent eor = new SessionEvent.EndOfRib(AfiSafi.IPV4_UNICAST);
        logging.onEvent(peer, changed);
        logging.onEvent(peer, down);
        logging.onEvent(peer, eor);
        assertThat(next.events).containsExactly(changed, down, eor);
    }
}
