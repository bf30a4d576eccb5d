package io.ovnbgp.bgp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
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
 * Decodes each framed message with the connection's codec context and hands it to the peer's FSM. The context is
 * this handler's, set by the FSM ({@link io.ovnbgp.bgp.fsm.Transport#useCodec}); the frame decoder and the
 * encoder of the same pipeline read it here. The frame is released here, where it is read; the message objects
 * copy what they keep.
 */
final class SessionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionHandler.class);

    private final PeerSession session;
    private final boolean inbound;
    /** Event loop only: the FSM sets it there, the codecs read it there. */
    private CodecContext codec = CodecContext.BEFORE_OPEN;

    SessionHandler(PeerSession session, boolean inbound) {
        this.session = session;
        this.inbound = inbound;
    }

    /** The handler of a connection's pipeline, or null once the pipeline is gone (the channel closed). */
    static SessionHandler of(Channel ch) {
        return ch.pipeline().get(SessionHandler.class);
    }

    CodecContext codec() {
        return codec;
    }

    void codec(CodecContext c) {
        this.codec = c;
    }

    /** An accepted connection is the peer's from the moment it is active; an outgoing one the FSM took already. */
    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (inbound) {
            session.inboundConnected(ctx.channel());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        BgpMessage m;
        try {
            m = MessageCodec.decode(frame, codec);
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
        session.connectionClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof BgpDecodeException e) {
            session.decodeFailed(ctx.channel(), e);
        } else if (c instanceof IOException) {
            LOG.debug("{}: {}", ctx.channel().remoteAddress(), c.toString());
            ctx.close();
        } else {
            // a bug of ours must not take the daemon down: the connection goes, the session retries
            LOG.error(
                    "{}: unexpected error; closing the connection",
                    ctx.channel().remoteAddress(),
                    c);
            ctx.close();
        }
    }
}
