package io.ovnbgp.bgp.transport;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.ovnbgp.bgp.fsm.PeerSession;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The one place a BGP connection's pipeline is built, accepted or opened: framing, encoding and the session's
 * handler, which holds the codec context the other two read. Before that, the peer's socket options.
 */
final class BgpChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final Function<SocketChannel, PeerSession> sessionOf;
    private final BiConsumer<SocketChannel, PeerSession> socketOptions;
    private final boolean inbound;

    /**
     * @param sessionOf     the connection's peer, or null to refuse it
     * @param socketOptions sets the peer's options (TTL, GTSM) on the socket
     * @param inbound       an accepted connection, handed to its peer once active
     */
    BgpChannelInitializer(
            Function<SocketChannel, PeerSession> sessionOf,
            BiConsumer<SocketChannel, PeerSession> socketOptions,
            boolean inbound) {
        this.sessionOf = sessionOf;
        this.socketOptions = socketOptions;
        this.inbound = inbound;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        PeerSession session = sessionOf.apply(ch);
        if (session == null) {
            ch.close();
            return;
        }
        socketOptions.accept(ch, session);
        SessionHandler handler = new SessionHandler(session, inbound);
        ch.pipeline()
                .addLast("frame", new BgpFrameDecoder(handler))
                .addLast("encode", new BgpMessageEncoder(handler))
                .addLast("session", handler);
    }
}
