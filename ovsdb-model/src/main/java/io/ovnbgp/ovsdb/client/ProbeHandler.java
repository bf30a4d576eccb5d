package io.ovnbgp.ovsdb.client;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import org.opendaylight.ovsdb.lib.jsonrpc.JsonRpcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends {@code echo} when the server has been silent for one interval; closes after a second. */
final class ProbeHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbSession.class);

    private final OvsdbRemote remote;
    private final Duration interval;
    private final CloseReason closeReason;
    private volatile JsonRpcEndpoint endpoint;
    private boolean outstanding;

    ProbeHandler(OvsdbRemote remote, Duration interval, CloseReason closeReason) {
        this.remote = remote;
        this.interval = interval;
        this.closeReason = closeReason;
    }

    /** The endpoint exists only once connected; until then an idle channel is not probed. */
    void probeWith(JsonRpcEndpoint ep) {
        this.endpoint = ep;
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
        if (outstanding) {
            String reason = "inactivity probe: no answer from " + remote + " within "
                    + interval.multipliedBy(2).toMillis() + " ms";
            LOG.warn("{}; closing the connection", reason);
            closeReason.offer(reason);
            ctx.channel().close();
            return;
        }
        JsonRpcEndpoint ep = endpoint;
        if (ep != null) {
            outstanding = true;
            ep.echo();
        }
    }
}
