package io.ovnbgp.ovsdb.client;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends {@code echo} when the server has been silent for one interval; closes after a second. */
final class ProbeHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbSession.class);

    private static final String PROBE = "{\"id\":\"echo\",\"method\":\"echo\",\"params\":[]}";

    private final OvsdbRemote remote;
    private final Duration interval;
    private final CloseReason closeReason;
    private volatile boolean armed;
    private boolean outstanding;

    ProbeHandler(OvsdbRemote remote, Duration interval, CloseReason closeReason) {
        this.remote = remote;
        this.interval = interval;
        this.closeReason = closeReason;
    }

    /** Probing starts once connected (a TLS handshake is not probed). */
    void arm() {
        this.armed = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        outstanding = false;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent e && e.state() == IdleState.READER_IDLE)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            // our owner stopped reading (back-pressure): silence is ours, not the server's
            outstanding = false;
            return;
        }
        if (outstanding) {
            String reason = "inactivity probe: no answer from " + remote + " within "
                    + interval.multipliedBy(2).toMillis() + " ms";
            LOG.warn("{}; closing the connection", reason);
            closeReason.offer(reason);
            ctx.channel().close();
            return;
        }
        if (armed) {
            outstanding = true;
            // not a tracked call: any byte from the server clears the probe, the reply itself included; its id
            // is not a number, so the reply matches no pending call and is dropped
            ctx.channel().writeAndFlush(PROBE);
        }
    }
}
