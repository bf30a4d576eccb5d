package io.ovnbgp.bench;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.PeerCounters;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.Transport;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.MaxPrefixAction;
import io.ovnbgp.bgp.rib.PeerRibConfig;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.OpenMessage;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One BGP peer of a {@link Rib} without a BGP connection: its session events (Up, then UPDATEs) are handed to the
 * {@link RibPeer} directly, as a session's event loop would, so that a hundred simulated nodes need no hundred
 * speakers and senders. The RIB stamps each event's arrival when it is handed over, as for a real session.
 *
 * <p>The {@link PeerSession} behind it is never started (the RIB wants one to talk back to; what it sends, an
 * End-of-RIB at Up, is dropped because the session is not Established).
 */
final class RibFeed {
    /** For the never-started sessions' commands: one thread for every feed of the JVM. */
    private static final EventLoop LOOP = new DefaultEventLoop();

    private static final Transport NO_TRANSPORT = new Transport() {
        @Override
        public ChannelFuture connect(PeerSession session) {
            throw new IllegalStateException("a fed peer never connects");
        }

        @Override
        public void useCodec(Channel channel, CodecContext codec) {
            // no connection, no codec
        }
    };

    private final RibPeer peer;
    private final PeerSession session;
    private final long peerAs;

    RibFeed(Rib rib, String name, InetAddress address, long peerAs, int peerId) {
        this.peerAs = peerAs;
        this.peer = rib.attach(
                name,
                PeerRibConfig.DEFAULT
                        .withReceive(ReceivePolicy.ALL)
                        .withMaxPrefixes(0, MaxPrefixAction.WARN, Duration.ZERO));
        long localAs = rib.settings().localAs();
        PeerSettings settings = PeerSettings.basic(
                name, address, 179, localAs, peerAs, rib.settings().routerId());
        this.session = new PeerSession(settings, LOOP, NO_TRANSPORT, peer, new PeerCounters());
        OpenMessage sent = OpenMessage.of(localAs, 90, rib.settings().routerId(), List.of());
        OpenMessage received = OpenMessage.of(peerAs, 90, peerId, List.of());
        peer.onEvent(
                session,
                new SessionEvent.Up(new Negotiated(
                        peerAs,
                        peerId,
                        90,
                        30,
                        true,
                        false,
                        Set.of(AfiSafi.IPV4_UNICAST),
                        true,
                        false,
                        Optional.empty(),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), 179),
                        new InetSocketAddress(address, 179),
                        sent,
                        received)));
    }

    /** Hands over one UPDATE announcing {@code prefixes} via {@code nextHop}. */
    void announce(List<Prefix> prefixes, IpAddress nextHop) {
        PathAttributes attrs = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(peerAs))
                .nextHop(nextHop)
                .build();
        peer.onEvent(session, new SessionEvent.Routes(UpdateMessage.announce(attrs, prefixes)));
    }

    /** Hands over one UPDATE withdrawing {@code prefixes}. */
    void withdraw(List<Prefix> prefixes) {
        peer.onEvent(session, new SessionEvent.Routes(UpdateMessage.withdraw(prefixes)));
    }
}
