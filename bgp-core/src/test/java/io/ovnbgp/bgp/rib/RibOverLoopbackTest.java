package io.ovnbgp.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.bgp.fsm.LoopbackPeers;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RIB on its own thread behind a real speaker, with two more speakers as its peers, all on loopback
 * addresses over real TCP.
 */
class RibOverLoopbackTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final long US = 64512;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private BgpSpeaker speaker(String address) throws Exception {
        BgpSpeaker s = BgpSpeaker.startListeningOnAnyPort(InetAddress.getByName(address));
        open.add(s);
        return s;
    }

    private static Prefix p(String s) {
        return Prefix.parse(s);
    }

    /** Drains the change stream until the prefix shows up with next hops; bounded. */
    private static Map.Entry<Prefix, List<IpAddress>> awaitChange(Rib rib, Prefix prefix) throws Exception {
        long deadline = System.nanoTime() + T.toNanos();
        while (System.nanoTime() < deadline) {
            for (RouteChange c : rib.changes().poll(1000, Duration.ofMillis(200))) {
                if (c.prefix().equals(prefix) && !c.isWithdrawal()) {
                    return Map.entry(c.prefix(), c.nextHops());
                }
            }
        }
        throw new AssertionError(prefix + " never reached the Loc-RIB");
    }

    @Test
    void aRouteLearnedFromOnePeerIsNeverAdvertisedToAnother() throws Exception {
        BgpSpeaker us = speaker("127.0.0.1");
        BgpSpeaker a = speaker("127.0.0.2");
        BgpSpeaker b = speaker("127.0.0.3");
        Rib rib = new Rib(RibSettings.of(US, RibHarness.ip4("10.0.0.1")));
        open.add(0, rib);
        PeerRibConfig receiveAll = PeerRibConfig.DEFAULT.withReceive(ReceivePolicy.ALL);
        RibPeer ribA = rib.attach("a", receiveAll);
        RibPeer ribB = rib.attach("b", receiveAll);
        PeerSession toA = us.addPeer(
                LoopbackPeers.peer("a", "127.0.0.2", a.listenPort(), US, 65001, "10.0.0.1", "127.0.0.1"), ribA);
        PeerSession toB = us.addPeer(
                LoopbackPeers.peer("b", "127.0.0.3", b.listenPort(), US, 65002, "10.0.0.1", "127.0.0.1"), ribB);
        LoopbackPeers.Recorder ra = new LoopbackPeers.Recorder();
        LoopbackPeers.Recorder rb = new LoopbackPeers.Recorder();
        PeerSession aToUs = a.addPeer(
                LoopbackPeers.peer("us", "127.0.0.1", us.listenPort(), 65001, US, "10.0.0.2", "127.0.0.2")
                        .withPassive(true),
                ra);
        PeerSession bToUs = b.addPeer(
                LoopbackPeers.peer("us", "127.0.0.1", us.listenPort(), 65002, US, "10.0.0.3", "127.0.0.3")
                        .withPassive(true),
                rb);
        rib.originate(p("192.0.2.0/24"), OriginAttributes.tagged("podNetwork"));
        aToUs.start();
        bToUs.start();
        toA.start();
        toB.start();
        await().atMost(T)
                .until(() -> aToUs.state() == SessionState.ESTABLISHED && bToUs.state() == SessionState.ESTABLISHED);

        // both get our own prefix, then End-of-RIB
        await().atMost(T)
                .until(() -> rb.announced().contains(p("192.0.2.0/24"))
                        && rb.of(SessionEvent.EndOfRib.class).size() == 2
                        && ra.announced().contains(p("192.0.2.0/24")));
        PathAttributes ours = rb.attributesOf(p("192.0.2.0/24"));
        assertThat(ours.asPath()).contains(AsPath.sequence(US));
        assertThat(ours.nextHop()).contains(IpAddress.parse("127.0.0.1"));
        assertThat(ours.localPref()).isEmpty();

        // A announces a route; it reaches our Loc-RIB
        PathAttributes learned = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(65001, 65100))
                .nextHop(IpAddress.parse("203.0.113.2"))
                .build();
        aToUs.send(UpdateMessage.announce(learned, List.of(p("198.51.100.0/24"))))
                .get(5, TimeUnit.SECONDS);
        Map.Entry<Prefix, List<IpAddress>> change = awaitChange(rib, p("198.51.100.0/24"));
        assertThat(change.getValue()).containsExactly(IpAddress.parse("203.0.113.2"));
        assertThat(rib.bestPaths(p("198.51.100.0/24")).get(5, TimeUnit.SECONDS))
                .singleElement()
                .satisfies(v -> assertThat(v.peer()).isEqualTo("a"));

        // a sentinel originated after that: once B has it, anything sent before it has arrived too
        rib.originate(p("192.0.2.128/25"));
        await().atMost(T)
                .until(() -> rb.announced().contains(p("192.0.2.128/25"))
                        && ra.announced().contains(p("192.0.2.128/25")));
        assertThat(rb.announced()).containsOnly(p("192.0.2.0/24"), p("192.0.2.128/25"));
        assertThat(ra.announced()).containsOnly(p("192.0.2.0/24"), p("192.0.2.128/25"));
        assertThat(ribB.stats().get(5, TimeUnit.SECONDS).advertised()).isEqualTo(2);
        assertThat(ribA.stats().get(5, TimeUnit.SECONDS).accepted()).isEqualTo(1);

        // and a withdrawal of our own prefix goes out
        rib.withdrawOriginated(p("192.0.2.0/24"));
        await().atMost(T)
                .until(() -> rb.of(SessionEvent.Routes.class).stream()
                        .anyMatch(r -> r.update().allWithdrawn().contains(p("192.0.2.0/24"))));
    }

    @Test
    void tooManyPrefixesCloseTheSessionWithCeaseAndItComesBack() throws Exception {
        BgpSpeaker us = speaker("127.0.0.1");
        BgpSpeaker a = speaker("127.0.0.4");
        Rib rib = new Rib(RibSettings.of(US, RibHarness.ip4("10.0.0.1")));
        open.add(0, rib);
        RibPeer ribA = rib.attach(
                "a",
                PeerRibConfig.DEFAULT
                        .withReceive(ReceivePolicy.ALL)
                        .withMaxPrefixes(2, MaxPrefixAction.TEARDOWN, Duration.ofMillis(500)));
        PeerSession toA = us.addPeer(
                LoopbackPeers.peer("a", "127.0.0.4", a.listenPort(), US, 65001, "10.0.0.1", "127.0.0.1"), ribA);
        LoopbackPeers.Recorder ra = new LoopbackPeers.Recorder();
        PeerSession aToUs = a.addPeer(
                LoopbackPeers.peer("us", "127.0.0.1", us.listenPort(), 65001, US, "10.0.0.4", "127.0.0.4")
                        .withPassive(true),
                ra);
        aToUs.start();
        toA.start();
        await().atMost(T).until(() -> aToUs.state() == SessionState.ESTABLISHED);

        PathAttributes attrs = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(65001))
                .nextHop(IpAddress.parse("203.0.113.4"))
                .build();
        aToUs.send(UpdateMessage.announce(attrs, List.of(p("10.1.0.0/16"), p("10.2.0.0/16"), p("10.3.0.0/16"))))
                .get(5, TimeUnit.SECONDS);
        await().atMost(T).until(() -> !ra.of(SessionEvent.Down.class).isEmpty());
        NotificationMessage n = ra.of(SessionEvent.Down.class).get(0).received();
        assertThat(n.reason()).contains(ErrorSubcode.MAXIMUM_NUMBER_OF_PREFIXES_REACHED);
        assertThat(n.data()).containsExactly(0, 1, 1, 0, 0, 0, 2);
        await().atMost(T).until(() -> rib.snapshot().get(5, TimeUnit.SECONDS).isEmpty());
        assertThat(ribA.stats().get(5, TimeUnit.SECONDS).teardowns()).isEqualTo(1);
        // restarted after the configured delay
        await().atMost(T)
                .until(() -> ra.of(SessionEvent.Up.class).size() == 2 && toA.state() == SessionState.ESTABLISHED);
        assertThat(toA.lastError()).hasValueSatisfying(e -> assertThat(e).contains("Maximum Number of Prefixes"));
        assertThat(AfiSafi.IPV4_UNICAST.afi()).isEqualTo(1);
    }
}
