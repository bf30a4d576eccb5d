package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our JSON-RPC endpoint, after the framer: a reply goes to its pending call, the server's {@code echo} request
 * is answered, monitor notifications ({@code update}, {@code update2}, {@code update3}) go to the session's
 * monitors, and any other request is answered "unknown method", as ovsdb-server itself would.
 */
final class RpcHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbSession.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final OvsdbRemote remote;
    private volatile RpcCalls calls;
    private volatile Monitors monitors;

    RpcHandler(OvsdbRemote remote) {
        this.remote = remote;
    }

    /** The session's parts exist only once connected; nothing arrives unasked before our first request. */
    void attach(RpcCalls c, Monitors m) {
        this.calls = c;
        this.monitors = m;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof JsonNode n) || !n.isObject()) {
            LOG.debug("{}: ignoring a message that is not a JSON object: {}", remote, msg);
            return;
        }
        JsonNode method = n.get("method");
        if (method == null || method.isNull()) {
            RpcCalls c = calls;
            if (c != null) {
                c.reply(n);
            }
            return;
        }
        JsonNode id = n.get("id");
        JsonNode params = n.get("params");
        switch (method.asText()) {
            case "echo" -> {
                if (id != null && !id.isNull()) {
                    ObjectNode reply = F.objectNode();
                    reply.set("id", id);
                    reply.set("result", params == null ? F.arrayNode() : params);
                    reply.putNull("error");
                    ctx.writeAndFlush(reply.toString());
                }
            }
            case "update", "update2", "update3" -> {
                Monitors m = monitors;
                if (m != null) {
                    m.notification(method.asText(), params);
                }
            }
            default -> {
                LOG.debug("{}: unexpected request {}", remote, method.asText());
                if (id != null && !id.isNull()) {
                    ObjectNode reply = F.objectNode();
                    reply.set("id", id);
                    reply.putNull("result");
                    reply.put("error", "unknown method");
                    ctx.writeAndFlush(reply.toString());
                }
            }
        }
    }
}
