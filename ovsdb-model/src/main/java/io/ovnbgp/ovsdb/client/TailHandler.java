package io.ovnbgp.ovsdb.client;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in the pipeline: a protocol error closes the connection, saying why. Before the connection is
 * established (a failed TLS handshake), the error is the handshake future's, which the connector reports.
 */
final class TailHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbSession.class);

    private final OvsdbRemote remote;
    private final CloseReason closeReason;
    private volatile boolean established;

    TailHandler(OvsdbRemote remote, CloseReason closeReason) {
        this.remote = remote;
        this.closeReason = closeReason;
    }

    void established() {
        established = true;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!established) {
            LOG.debug("{}: error while connecting: {}", remote, cause.toString());
            ctx.close();
            return;
        }
        String why = OvsdbConnector.rootMessage(cause);
        LOG.warn("{}: closing after an error: {}", remote, why);
        closeReason.offer("error: " + why);
        ctx.channel().close();
    }
}
