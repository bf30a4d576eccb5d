package io.ovnbgp.ovsdb.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.opendaylight.ovsdb.lib.jsonrpc.JsonRpcDecoder;

/**
 * Opens the channel of one session: the shared Netty loop, the transport (unix, TCP, TLS), and the pipeline
 * {@code [ssl] bytes [idle probe] decoder encoder rpc tail}. The library's {@code JsonRpcDecoder} frames the
 * stream (it is the only part of the library still used); our {@link RpcHandler} matches replies to requests.
 * Every wait here is bounded by one deadline.
 */
final class OvsdbConnector {
    private static final int MAX_FRAME = 64 * 1024 * 1024;
    private static final EventLoopGroup LOOP = newLoop();

    /** A connected channel with our endpoint in its pipeline. */
    record Connected(Channel channel, RpcHandler rpc, ByteCounter received) {}

    private OvsdbConnector() {}

    private static EventLoopGroup newLoop() {
        return Epoll.isAvailable()
                ? new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    /**
     * Connects (and for {@code ssl:} completes the handshake), bounded by {@code timeout}; errors name the remote.
     * The handlers that close the channel record why in {@code closeReason}.
     */
    static Connected connect(
            OvsdbRemote remote, OvsdbSession.Options options, Duration timeout, CloseReason closeReason)
            throws OvsdbException {
        long deadline = System.nanoTime() + timeout.toNanos();
        SslContext ssl = null;
        if (remote.kind() == OvsdbRemote.Kind.SSL) {
            if (options.tls() == null) {
                throw new OvsdbException(
                        remote + ": an ssl remote needs a private key, certificate and CA " + "certificate");
            }
            ssl = options.tls().load();
        }
        RpcHandler rpc = new RpcHandler(remote);
        ByteCounter received = new ByteCounter();
        TailHandler tail = new TailHandler(remote, closeReason);
        ProbeHandler probe = options.probeInterval().isZero()
                ? null
                : new ProbeHandler(remote, options.probeInterval(), closeReason);
        Bootstrap b = bootstrap(remote, options, timeout, ssl, received, probe, rpc, tail);
        ChannelFuture f = connect(b, remote);
        awaitOrFail(f, remote, "connect", deadline);
        Channel ch = f.channel();
        if (ssl != null) {
            try {
                SslHandler handshake = ch.pipeline().get(SslHandler.class);
                if (handshake == null) {
                    // a failed handshake closes the channel, which empties the pipeline, maybe before we look
                    throw new OvsdbException(remote + ": TLS handshake failed: " + closeReason.lost());
                }
                awaitOrFail(handshake.handshakeFuture(), remote, "TLS handshake", deadline);
            } catch (OvsdbException e) {
                ch.close();
                throw e;
            }
        }
        tail.established();
        if (probe != null) {
            probe.arm();
        }
        return new Connected(ch, rpc, received);
    }

    private static Bootstrap bootstrap(
            OvsdbRemote remote,
            OvsdbSession.Options options,
            Duration timeout,
            SslContext ssl,
            ByteCounter received,
            ProbeHandler probe,
            RpcHandler rpc,
            TailHandler tail) {
        return new Bootstrap()
                .group(LOOP)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast("ssl", ssl.newHandler(ch.alloc(), remote.host(), remote.port()));
                        }
                        p.addLast("bytes", received);
                        if (probe != null) {
                            long ms = options.probeInterval().toMillis();
                            p.addLast("idle", new IdleStateHandler(ms, 0, 0, TimeUnit.MILLISECONDS));
                            p.addLast("probe", probe);
                        }
                        p.addLast("decoder", new JsonRpcDecoder(MAX_FRAME));
                        p.addLast("encoder", new StringEncoder(StandardCharsets.UTF_8));
                        p.addLast("rpc", rpc);
                        p.addLast("tail", tail);
                    }
                });
    }

    private static ChannelFuture connect(Bootstrap b, OvsdbRemote remote) throws OvsdbException {
        return switch (remote.kind()) {
            case UNIX -> {
                if (!Epoll.isAvailable()) {
                    throw new OvsdbException(remote + ": unix sockets need the epoll transport, which is unavailable: "
                            + Epoll.unavailabilityCause());
                }
                yield b.channel(EpollDomainSocketChannel.class)
                        .connect(new DomainSocketAddress(remote.path().toFile()));
            }
            case TCP, SSL ->
                b.channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                        .connect(new InetSocketAddress(remote.host(), remote.port()));
        };
    }

    private static void awaitOrFail(Future<?> f, OvsdbRemote remote, String what, long deadline) throws OvsdbException {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            if (!f.await(left, TimeUnit.NANOSECONDS)) {
                f.cancel(true);
                if (f instanceof ChannelFuture cf) {
                    cf.channel().close();
                }
                throw new OvsdbException(remote + ": " + what + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException(remote + ": interrupted during " + what, e);
        }
        if (!f.isSuccess()) {
            Throwable c = f.cause();
            throw new OvsdbException(remote + ": " + what + " failed: " + rootMessage(c), c);
        }
    }

    /** The message of {@code t}, with its root cause's when that is a different exception. */
    static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + r.getMessage() + ")";
    }
}
