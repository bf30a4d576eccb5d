package io.ovnbgp.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.bgp.transport.BgpSpeaker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Transport behaviour between two of our speakers on loopback: GTSM in both directions, closing. */
class SpeakerTransportTest extends LoopbackSpeakerTest {
    private static final Duration T = Duration.ofSeconds(15);

    /**
     * RFC 5082: the connecting side sets IP_MINTTL 255 before it connects, so it drops a SYN-ACK that leaves the
     * listening side with the default TTL. The listener must send with 255 once a GTSM peer is configured.
     */
    @Test
    void gtsmSessionComesUpWhenTheGtsmPeerConnectsToOurListener() throws Exception {
        BgpSpeaker passive = speaker("127.0.0.1");
        BgpSpeaker active = speaker("127.0.0.6");
        PeerSession toActive = passive.addPeer(
                LoopbackPeers.peer("active", "127.0.0.6", 179, 64512, 64513, "10.0.0.1", "127.0.0.1")
                        .withPassive(true)
                        .withTtl(1, true),
                (p, e) -> {});
        PeerSession toPassive = active.addPeer(
                LoopbackPeers.peer("passive", "127.0.0.1", passive.listenPort(), 64513, 64512, "10.0.0.6", "127.0.0.6")
                        .withTtl(1, true),
                (p, e) -> {});
        toActive.start();
        toPassive.start();
        await().atMost(T)
                .until(() ->
                        toActive.state() == SessionState.ESTABLISHED && toPassive.state() == SessionState.ESTABLISHED);
    }

    @Test
    void closingASpeakerTwiceIsHarmless() throws Exception {
        BgpSpeaker a = speaker("127.0.0.1");
        a.addPeer(LoopbackPeers.peer("b", "127.0.0.7", 179, 64512, 64513, "10.0.0.1", "127.0.0.1"), (p, e) -> {})
                .start();
        a.close();
        assertThatCode(a::close).doesNotThrowAnyException();
        assertThat(a.peers()).hasSize(1);
    }
}
