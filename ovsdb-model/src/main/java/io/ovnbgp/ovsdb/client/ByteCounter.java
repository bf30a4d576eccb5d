package io.ovnbgp.ovsdb.client;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.LongAdder;

/** Counts the bytes received (after TLS), for the benchmarks' "bytes transferred on a reconnect". */
final class ByteCounter extends ChannelInboundHandlerAdapter {
    private final LongAdder bytes = new LongAdder();

    long bytes() {
        return bytes.sum();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf b) {
            bytes.add(b.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }
}
