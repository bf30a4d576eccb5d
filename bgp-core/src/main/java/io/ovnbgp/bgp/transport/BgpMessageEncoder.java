package io.ovnbgp.bgp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.MessageCodec;

/**
 * Encodes outgoing messages with what the connection negotiated (4-octet AS, extended messages): the codec
 * context of the connection's {@link SessionHandler}.
 */
final class BgpMessageEncoder extends MessageToByteEncoder<BgpMessage> {
    private final SessionHandler session;

    BgpMessageEncoder(SessionHandler session) {
        super(BgpMessage.class);
        this.session = session;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BgpMessage msg, ByteBuf out) {
        MessageCodec.encode(msg, session.codec(), out);
    }
}
