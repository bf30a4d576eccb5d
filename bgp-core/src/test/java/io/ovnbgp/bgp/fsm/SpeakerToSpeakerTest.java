package io.ovnbgp.bgp.fsm;

import static io.ovnbgp.bgp.fsm.LoopbackPeers.peer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.LargeCommunities;
import io.ovnbgp.bgp.wire.MpNextHop;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two of our speakers on loopback addresses, talking real TCP: the FSM against itself. */
class SpeakerToSpeakerTest extends LoopbackSpeakerTest {
    private static final Duration T = Duration.ofSeconds(20);

    @Test
    void bothActiveSidesCollideAndEndWithOneEstablishedSessionExchangingRoutes() throws Exception {
        BgpSpeaker a = speaker("127.0.0.1");
        BgpSpeaker b = speaker("127.0.0.2");
        LoopbackPeers.Recorder ra = new LoopbackPeers.Recorder();
        LoopbackPeers.Recorder rb = new LoopbackPeers.Recorder();
        PeerSession toB =
                a.addPeer(peer("b", "127.0.0.2", b.listenPort(), 64512, 4_200_000_000L, "10.0.0.1", "127.0.0.1"), ra);
        PeerSession toA =
                b.addPeer(peer("a", "127.0.0.1", a.listenPort(), 4_200_000_000L, 64512, "10.0.0.2", "127.0.0.2"), rb);
        toB.start();
        toA.start();
        await().atMost(T)
                .until(() -> toB.state() == SessionState.ESTABLISHED && toA.state() == SessionState.ESTABLISHED);
        Negotiated n = toB.negotiated().orElseThrow();
        assertThat(n.remoteAs()).isEqualTo(4_200_000_000L);
        assertThat(n.fourOctetAs()).isTrue();
        assertThat(n.extendedMessage())
                .as("RFC 8654 negotiated between two of ours")
                .isTrue();
        assertThat(n.families()).contains(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
        assertThat(n.holdTimeSeconds()).isEqualTo(9);
        assertThat(n.peerGracefulRestart()).isPresent();

        PathAttributes v4 = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(64512))
                .nextHop(IpAddress.parse("203.0.113.1"))
                .med(50)
                .communities(Communities.of(Communities.community(64512, 100)))
                .largeCommunities(LargeCommunities.of(64512, 1, 2))
                .build();
        toB.send(UpdateMessage.announce(v4, List.of(Prefix.parse("198.51.100.0/24"), Prefix.parse("10.1.0.0/16"))))
                .get();
        PathAttributes v6 = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(64512))
                .mpNextHop(MpNextHop.of(IpAddress.parse("2001:db8::1")))
                .build();
        toB.send(UpdateMessage.mpAnnounce(AfiSafi.IPV6_UNICAST, v6, List.of(Prefix.parse("2001:db8:1::/48"))))
                .get();

        await().atMost(T).until(() -> rb.of(SessionEvent.Routes.class).size() >= 2);
        UpdateMessage got4 = rb.of(SessionEvent.Routes.class).get(0).update();
        assertThat(got4.allAnnounced()).containsExactly(Prefix.parse("198.51.100.0/24"), Prefix.parse("10.1.0.0/16"));
        assertThat(got4.attributes()).isEqualTo(v4);
        UpdateMessage got6 = rb.of(SessionEvent.Routes.class).get(1).update();
        assertThat(got6.allAnnounced()).containsExactly(Prefix.parse("2001:db8:1::/48"));
        assertThat(got6.attributes().mpNextHop()).contains(MpNextHop.of(IpAddress.parse("2001:db8::1")));

        // exactly one session survived the collision on each side, and it stays up past two hold times' worth
        // of keepalives (hold 9 s, keepalive 3 s)
        assertThat(ra.of(SessionEvent.Up.class)).hasSize(1);
        assertThat(rb.of(SessionEvent.Up.class)).hasSize(1);
    }

    @Test
    void administrativeShutdownSendsCeaseWithTheMessageAndThePeerReportsIt() throws Exception {
        BgpSpeaker a = speaker("127.0.0.1");
        BgpSpeaker b = speaker("127.0.0.3");
        LoopbackPeers.Recorder ra = new LoopbackPeers.Recorder();
        LoopbackPeers.Recorder rb = new LoopbackPeers.Recorder();
        PeerSession toB = a.addPeer(
                peer("b", "127.0.0.3", b.listenPort(), 64512, 64513, "10.0.0.1", "127.0.0.1")
                        .withPassive(true),
                ra);
        PeerSession toA = b.addPeer(peer("a", "127.0.0.1", a.listenPort(), 64513, 64512, "10.0.0.3", "127.0.0.3"), rb);
        toB.start();
        toA.start();
        await().atMost(T).until(() -> toA.state() == SessionState.ESTABLISHED);

        toB.stop("maintenance window 42").get();
        await().atMost(T).until(() -> !rb.of(SessionEvent.Down.class).isEmpty());
        SessionEvent.Down down = rb.of(SessionEvent.Down.class).get(0);
        assertThat(down.received().reason()).contains(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN);
        assertThat(down.received().shutdownCommunication()).contains("maintenance window 42");
        // each side counts the NOTIFICATION by its direction, code and subcode (Cease = 6, Administrative
        // Shutdown = 2), before b's first retry (a second away) can add anything
        assertThat(toB.counters().notifications())
                .containsExactly(Map.entry(new PeerCounters.NotificationKind(PeerCounters.Direction.SENT, 6, 2), 1L));
        assertThat(toA.counters().notifications())
                .containsExactly(
                        Map.entry(new PeerCounters.NotificationKind(PeerCounters.Direction.RECEIVED, 6, 2), 1L));
        assertThat(toB.counters().out(io.ovnbgp.bgp.wire.MessageType.NOTIFICATION))
                .isEqualTo(1);
        assertThat(toB.state()).isEqualTo(SessionState.IDLE);
        // stopped means stopped: b keeps trying, a refuses, nothing comes up
        await("nothing comes up")
                .during(Duration.ofMillis(2500))
                .atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> {
                    assertThat(toB.state()).isEqualTo(SessionState.IDLE);
                    assertThat(toA.state()).isNotEqualTo(SessionState.ESTABLISHED);
                });
    }

    @Test
    void aWrongPeerAsIsRefusedWithBadPeerAs() throws Exception {
        BgpSpeaker a = speaker("127.0.0.1");
        BgpSpeaker b = speaker("127.0.0.4");
        LoopbackPeers.Recorder ra = new LoopbackPeers.Recorder();
        LoopbackPeers.Recorder rb = new LoopbackPeers.Recorder();
        PeerSession toB = a.addPeer(
                peer("b", "127.0.0.4", b.listenPort(), 64512, 65000, "10.0.0.1", "127.0.0.1")
                        .withPassive(true),
                ra);
        PeerSession toA = b.addPeer(peer("a", "127.0.0.1", a.listenPort(), 64513, 64512, "10.0.0.4", "127.0.0.4"), rb);
        toB.start();
        toA.start();
        await().atMost(T)
                .until(() -> toA.lastError().map(e -> e.contains("Bad Peer AS")).orElse(false));
        assertThat(toB.lastError()).hasValueSatisfying(e -> assertThat(e).contains("Bad Peer AS", "65000"));
        assertThat(toA.state()).isNotEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void aConnectionFromAnUnconfiguredAddressIsRefused() throws Exception {
        BgpSpeaker a = speaker("127.0.0.1");
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress("127.0.0.9", 0));
            s.connect(new InetSocketAddress("127.0.0.1", a.listenPort()), 2000);
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }
}
