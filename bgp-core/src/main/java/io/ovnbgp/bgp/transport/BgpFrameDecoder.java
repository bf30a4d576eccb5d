package io.ovnbgp.bgp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.ovnbgp.bgp.wire.BgpDecodeException;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.MessageCodec;
import java.util.List;

/**
 * Cuts the TCP byte stream into whole BGP messages (header included), as retained slices. A bad marker or
 * length (RFC 4271 §6.1) stops reading: nothing after it can be trusted to be framed right.
 */
final class BgpFrameDecoder extends ByteToMessageDecoder {
    private final SessionHandler session;
    private boolean broken;

    /** @param session the handler whose codec context says how long a message may be */
    BgpFrameDecoder(SessionHandler session) {
        this.session = session;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws BgpDecodeException {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        CodecContext codec = session.codec();
        while (true) {
            int len;
            try {
                len = MessageCodec.frameLength(in, codec);
            } catch (BgpDecodeException e) {
                broken = true;
                in.skipBytes(in.readableBytes());
                throw e;
            }
            if (len < 0 || in.readableBytes() < len) {
                return;
            }
            out.add(in.readRetainedSlice(len));
            // Only one message per pass: the OPEN that follows may change the context for the next one.
            return;
        }
    }
}
