package io.ovnbgp.bgp.fsm;

import static io.ovnbgp.bgp.fsm.LoopbackPeers.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.MessageType;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Back-pressure on a real session: a paused reader holds the peer back without losing the session. */
class ReadPauseTest extends LoopbackSpeakerTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void aPauseLongerThanTheHoldTimeResumesReadingInsteadOfResettingTheSession() throws Exception {
        BgpSpeaker a = speaker("127.0.0.1");
        BgpSpeaker b = speaker("127.0.0.6");
        LoopbackPeers.Recorder ra = new LoopbackPeers.Recorder();
        LoopbackPeers.Recorder rb = new LoopbackPeers.Recorder();
        PeerSession toB = a.addPeer(
                peer("b", "127.0.0.6", b.listenPort(), 64512, 64513, "10.0.0.1", "127.0.0.1")
                        .withTimers(3, 1, Duration.ofSeconds(1)),
                ra);
        PeerSession toA = b.addPeer(
                peer("a", "127.0.0.1", a.listenPort(), 64513, 64512, "10.0.0.6", "127.0.0.6")
                        .withTimers(3, 1, Duration.ofSeconds(1))
                        .withPassive(true),
                rb);
        toA.start();
        toB.start();
        await().atMost(T)
                .until(() -> toB.state() == SessionState.ESTABLISHED && toA.state() == SessionState.ESTABLISHED);

        // a stops reading for longer than the 3 s hold time: b's KEEPALIVEs wait unread in the socket
        AtomicBoolean paused = new AtomicBoolean(true);
        toB.pauseReading(paused::get);
        long keepalivesBefore = toB.counters().in(MessageType.KEEPALIVE);
        await().during(Duration.ofMillis(4500))
                .atMost(Duration.ofSeconds(6))
                .until(() -> toB.state() == SessionState.ESTABLISHED && toA.state() == SessionState.ESTABLISHED);
        assertThat(ra.of(SessionEvent.Down.class)).isEmpty();
        assertThat(rb.of(SessionEvent.Down.class)).isEmpty();

        // the hold timer resumed reading: what b sent is read, and b's UPDATE arrives
        await().atMost(T).until(() -> toB.counters().in(MessageType.KEEPALIVE) > keepalivesBefore);
        PathAttributes attrs = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(64513))
                .nextHop(IpAddress.parse("203.0.113.6"))
                .build();
        toA.send(UpdateMessage.announce(attrs, List.of(Prefix.parse("198.51.100.0/24"))))
                .get();
        await().atMost(T).until(() -> ra.announced().contains(Prefix.parse("198.51.100.0/24")));
    }
}
