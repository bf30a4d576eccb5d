package io.ovnbgp.bgp.fsm;

import static io.ovnbgp.bgp.fsm.LoopbackPeers.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.transport.BgpSpeaker.Goodbye;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A speaker that stops to restart: silent close where graceful restart was negotiated both ways (the peer keeps the
 * routes), Cease / Administrative Shutdown with the RFC 8203 message otherwise.
 */
class ShutdownForRestartTest extends LoopbackSpeakerTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final String MESSAGE = "ovn-bgp-bridge on node1 stopping";

    /** The stopping speaker on 127.0.0.21, its peer on {@code remote}; returns the peer's recorder once both are up. */
    private LoopbackPeers.Recorder establish(BgpSpeaker stopping, String remote, Duration ourGr, Duration theirGr)
            throws Exception {
        BgpSpeaker other = speaker(remote);
        LoopbackPeers.Recorder theirs = new LoopbackPeers.Recorder();
        PeerSession ours = stopping.addPeer(
                peer("tor", remote, other.listenPort(), 64512, 65001, "10.0.0.21", "127.0.0.21")
                        .withGracefulRestart(ourGr)
                        .withPassive(true),
                (p, e) -> {});
        PeerSession toUs = other.addPeer(
                peer("bridge", "127.0.0.21", stopping.listenPort(), 65001, 64512, "10.0.0.22", remote)
                        .withGracefulRestart(theirGr),
                theirs);
        ours.start();
        toUs.start();
        await().atMost(T)
                .until(() -> ours.state() == SessionState.ESTABLISHED && toUs.state() == SessionState.ESTABLISHED);
        return theirs;
    }

    @Test
    void withGracefulRestartBothWaysTheConnectionClosesWithoutANotification() throws Exception {
        BgpSpeaker stopping = speaker("127.0.0.21");
        LoopbackPeers.Recorder theirs =
                establish(stopping, "127.0.0.22", Duration.ofSeconds(120), Duration.ofSeconds(120));

        Map<String, Goodbye> told = stopping.shutdownForRestart(MESSAGE, Duration.ofSeconds(3));

        assertThat(told).containsExactly(Map.entry("tor", Goodbye.SILENT_FOR_GRACEFUL_RESTART));
        await().atMost(T).until(() -> !theirs.of(SessionEvent.Down.class).isEmpty());
        SessionEvent.Down down = theirs.of(SessionEvent.Down.class).get(0);
        assertThat(down.received())
                .as("a NOTIFICATION would make the peer flush our routes")
                .isNull();
        assertThat(down.reason()).isEqualTo("connection closed by peer");
    }

    @Test
    void withoutOurCapabilityThePeerIsToldCeaseAdministrativeShutdownWithTheMessage() throws Exception {
        BgpSpeaker stopping = speaker("127.0.0.21");
        LoopbackPeers.Recorder theirs = establish(stopping, "127.0.0.23", null, Duration.ofSeconds(120));

        assertThat(stopping.shutdownForRestart(MESSAGE, Duration.ofSeconds(3)))
                .containsExactly(Map.entry("tor", Goodbye.CEASE_ADMINISTRATIVE_SHUTDOWN));
        assertCease(theirs);
    }

    @Test
    void withoutThePeersCapabilityThePeerIsToldCeaseToo() throws Exception {
        BgpSpeaker stopping = speaker("127.0.0.21");
        LoopbackPeers.Recorder theirs = establish(stopping, "127.0.0.24", Duration.ofSeconds(120), null);

        assertThat(stopping.shutdownForRestart(MESSAGE, Duration.ofSeconds(3)))
                .containsExactly(Map.entry("tor", Goodbye.CEASE_ADMINISTRATIVE_SHUTDOWN));
        assertCease(theirs);
        // a second stop is a no-op, not an error on a loop that is gone
        assertThat(stopping.shutdownForRestart(MESSAGE, Duration.ofSeconds(3))).isEmpty();
    }

    private static void assertCease(LoopbackPeers.Recorder theirs) {
        await().atMost(T).until(() -> !theirs.of(SessionEvent.Down.class).isEmpty());
        SessionEvent.Down down = theirs.of(SessionEvent.Down.class).get(0);
        assertThat(down.received()).isNotNull();
        assertThat(down.received().reason()).contains(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN);
        assertThat(down.received().shutdownCommunication()).contains(MESSAGE);
    }
}
