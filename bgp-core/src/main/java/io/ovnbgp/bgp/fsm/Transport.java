package io.ovnbgp.bgp.fsm;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.ovnbgp.bgp.wire.CodecContext;

/**
 * What the FSM asks of the transport, which implements it (pipeline, MD5, TTL). The calls go one way: the FSM
 * decides, the transport's handlers do as told.
 */
public interface Transport {
    /** Opens an outgoing TCP connection for the session, its pipeline built. */
    ChannelFuture connect(PeerSession session);

    /**
     * The context the connection's decoder and encoder use from now on: {@link CodecContext#BEFORE_OPEN} when the
     * OPEN goes out, what both OPENs agreed once the peer's is accepted.
     */
    void useCodec(Channel channel, CodecContext codec);
}
