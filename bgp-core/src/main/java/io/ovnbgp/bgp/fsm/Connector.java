package io.ovnbgp.bgp.fsm;

import io.netty.channel.ChannelFuture;

/** Opens outgoing TCP connections for a session; the transport implements it (pipeline, MD5, TTL). */
public interface Connector {
    ChannelFuture connect(PeerSession session);
}
