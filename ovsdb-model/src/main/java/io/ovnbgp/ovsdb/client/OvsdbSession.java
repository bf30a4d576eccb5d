package io.ovnbgp.ovsdb.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
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
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opendaylight.ovsdb.lib.OvsdbClient;
import org.opendaylight.ovsdb.lib.OvsdbConnectionInfo;
import org.opendaylight.ovsdb.lib.impl.OvsdbClientImpl;
import org.opendaylight.ovsdb.lib.jsonrpc.JsonRpcDecoder;
import org.opendaylight.ovsdb.lib.jsonrpc.JsonRpcEndpoint;
import org.opendaylight.ovsdb.lib.schema.DatabaseSchema;

/**
 * One JSON-RPC connection to an OVSDB server, unix or TCP. The channel is ours (the library's connection
 * service has global state that one close would break for the whole JVM); the library only speaks JSON-RPC on
 * it. Nothing of the library leaks out of this module's public API.
 */
public final class OvsdbSession implements AutoCloseable {
    private static final int MAX_FRAME = 64 * 1024 * 1024;
    private static final EventLoopGroup LOOP = newLoop();

    static {
        // The library cancels every RPC after a static, JVM-wide interval (1 s by default): far too short for a
        // large transaction or initial monitor dump on a loaded NB. Our own calls carry their own timeouts.
        JsonRpcEndpoint.setReaperInterval(300_000);
    }

    private final OvsdbRemote remote;
    private final Channel channel;
    private final OvsdbClient client;

    private OvsdbSession(OvsdbRemote remote, Channel channel, OvsdbClient client) {
        this.remote = remote;
        this.channel = channel;
        this.client = client;
    }

    private static EventLoopGroup newLoop() {
        return Epoll.isAvailable()
                ? new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory())
                : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    /** Connects, bounded by {@code timeout}; the exception says which remote failed and why. */
    public static OvsdbSession open(OvsdbRemote remote, Duration timeout) throws OvsdbException {
        Bootstrap b = new Bootstrap().group(LOOP)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new JsonRpcDecoder(MAX_FRAME), new StringEncoder(StandardCharsets.UTF_8));
                    }
                });
        ChannelFuture f;
        switch (remote.kind()) {
            case UNIX -> {
                if (!Epoll.isAvailable()) {
                    throw new OvsdbException(remote + ": unix sockets need the epoll transport, which is unavailable: "
                            + Epoll.unavailabilityCause());
                }
                f = b.channel(EpollDomainSocketChannel.class).connect(new DomainSocketAddress(remote.path().toFile()));
            }
            case TCP -> f = b.channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                    .connect(new InetSocketAddress(remote.host(), remote.port()));
            case SSL -> throw new OvsdbException(remote + ": ssl remotes are not supported yet");
            default -> throw new IllegalStateException(remote.kind().toString());
        }
        try {
            if (!f.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                f.cancel(true);
                throw new OvsdbException(remote + ": connect timed out after " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException(remote + ": interrupted while connecting", e);
        }
        if (!f.isSuccess()) {
            throw new OvsdbException(remote + ": cannot connect: " + f.cause().getMessage(), f.cause());
        }
        Channel ch = f.channel();
        // The endpoint and client read the channel's remote address, so they are made only once connected.
        JsonRpcEndpoint endpoint = new JsonRpcEndpoint(ch);
        ch.pipeline().addLast(endpoint);
        OvsdbClient client = new OvsdbClientImpl(endpoint, ch, OvsdbConnectionInfo.ConnectionType.ACTIVE,
                OvsdbConnectionInfo.SocketConnectionType.NON_SSL);
        return new OvsdbSession(remote, ch, client);
    }

    public OvsdbRemote remote() {
        return remote;
    }

    public boolean isConnected() {
        return channel.isActive();
    }

    /** Runs {@code action} once, on a Netty thread, when the connection closes for any reason. */
    public void whenClosed(Runnable action) {
        channel.closeFuture().addListener(f -> action.run());
    }

    /** The databases the server holds ({@code list_dbs}). */
    public List<String> databases(Duration timeout) throws OvsdbException {
        return await("list_dbs", client.getDatabases(), timeout);
    }

    /** The version string of a database's schema, e.g. "7.0.0" for OVN 23.03's Northbound. */
    public String schemaVersion(String database, Duration timeout) throws OvsdbException {
        DatabaseSchema schema = await("get_schema " + database, client.getSchema(database), timeout);
        return schema.getVersion().toString();
    }

    private <T> T await(String what, java.util.concurrent.Future<T> future, Duration timeout) throws OvsdbException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException(remote + ": interrupted during " + what, e);
        } catch (ExecutionException e) {
            throw new OvsdbException(remote + ": " + what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OvsdbException(remote + ": " + what + " timed out after " + timeout, e);
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
