package io.ovnbgp.bgp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.wire.BgpDecodeException;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.MessageCodec;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each framed message with the connection's negotiated context and hands it to the peer's FSM. The
 * frame is released here, where it is read; the message objects copy what they keep.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    private PeerSession session;

    SessionHandler(PeerSession session) {
        this.session = session;
    }

    void bind(PeerSession s) {
        this.session = s;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        BgpMessage m;
        try {
            CodecContext codec = ctx.channel().attr(PeerSession.CODEC).get();
            m = MessageCodec.decode(frame, codec == null ? CodecContext.BEFORE_OPEN : codec);
        } catch (BgpDecodeException e) {
            session.decodeFailed(ctx.channel(), e);
            return;
        } finally {
            frame.release();
        }
        session.messageReceived(ctx.channel(), m);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (session != null) {
            session.connectionClosed(ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof BgpDecodeException e && session != null) {
            session.decodeFailed(ctx.channel(), e);
        } else if (c instanceof IOException) {
            LOG.debug("{}: {}", ctx.channel().remoteAddress(), c.toString());
            ctx.close();
        } else {
            // a bug of ours must not take the daemon down: the connection goes, the session retries
            LOG.error("{}: unexpected error; closing the connection", ctx.channel().remoteAddress(), c);
            ctx.close();
        }
    }
}
