package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Makes JSON-RPC error replies reach the caller. ovsdb-server writes them without a {@code "result"} member,
 * and the library's endpoint takes only messages with one for replies: it would drop the error and leave the
 * call waiting for the reaper. So the reply gets {@code "result": null} (the library then completes the call
 * with a null result), and the reply is remembered while the library handles it, for {@link RpcCalls#result}.
 */
final class ErrorPeek extends ChannelInboundHandlerAdapter {
    private volatile JsonNode current;

    /** The error reply the library is handling right now on the Netty thread, or null. */
    JsonNode current() {
        return current;
    }

    @Override
    public boolean isSharable() {
        return false;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ObjectNode n
                && n.hasNonNull("error")
                && n.has("id")
                && !n.get("id").isNull()
                && !n.has("method")) {
            if (!n.has("result")) {
                n.putNull("result");
            }
            current = n;
            try {
                ctx.fireChannelRead(msg);
            } finally {
                current = null;
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }
}
