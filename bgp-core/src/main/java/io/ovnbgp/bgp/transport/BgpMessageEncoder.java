package io.ovnbgp.bgp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.MessageCodec;

/** Encodes outgoing messages with what the connection negotiated (4-octet AS, extended messages). */
@ChannelHandler.Sharable
final class BgpMessageEncoder extends MessageToByteEncoder<BgpMessage> {
    static final BgpMessageEncoder INSTANCE = new BgpMessageEncoder();

    private BgpMessageEncoder() {
        super(BgpMessage.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BgpMessage msg, ByteBuf out) {
        CodecContext codec = ctx.channel().attr(PeerSession.CODEC).get();
        MessageCodec.encode(msg, codec == null ? CodecContext.BEFORE_OPEN : codec, out);
    }
}
