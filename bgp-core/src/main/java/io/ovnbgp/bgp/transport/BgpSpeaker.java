package io.ovnbgp.bgp.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.PeerCounters;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.fsm.SessionListener;
import io.ovnbgp.bgp.fsm.Transport;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.NotificationMessage;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BGP speaker: one event loop thread for every socket, codec and state machine (BIRD's model: no locks),
 * a listener that hands each inbound connection to the peer configured for its source address, and the
 * sessions. TCP-MD5 and TTL handling need the epoll transport; without it, peers that ask for them are
 * refused.
 */
public final class BgpSpeaker implements AutoCloseable, Transport {
    private static final Logger LOG = LoggerFactory.getLogger(BgpSpeaker.class);

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final boolean epoll;
    private final Channel server;
    private final Map<InetAddress, PeerSession> peers = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Listens on {@code address:port} if {@code listen}; port 0 then means a port the kernel picks. */
    private BgpSpeaker(InetAddress address, int port, boolean listen) {
        this.epoll = Epoll.isAvailable();
        if (!epoll) {
            LOG.warn(
                    "epoll transport unavailable ({}): TCP-MD5, TTL and GTSM are not possible",
                    Epoll.unavailabilityCause().toString());
        }
        this.group = new MultiThreadIoEventLoopGroup(
                1,
                r -> {
                    Thread t = new Thread(r, "bgp-loop");
                    t.setDaemon(true);
                    return t;
                },
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.loop = group.next();
        this.server = listen ? listen(address, port) : null;
        if (server != null) {
            LOG.info("BGP listening on {}", server.localAddress());
        }
    }

    /**
     * Starts the speaker, listening on {@code address:port}; port 0 means never accept, only connect (a port
     * of our choosing for tests is {@link #startListeningOnAnyPort}).
     */
    public static BgpSpeaker start(InetAddress address, int port) throws InterruptedException {
        return new BgpSpeaker(address, port, port > 0);
    }

    /** Listens on a free port the kernel picks, for tests. */
    public static BgpSpeaker startListeningOnAnyPort(InetAddress address) throws InterruptedException {
        return new BgpSpeaker(address, 0, true);
    }

    private Channel listen(InetAddress address, int port) {
        ServerBootstrap sb = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new BgpChannelInitializer(this::sessionFor, this::applyTtl, true));
        try {
            return sb.bind(address, port).sync().channel();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException(
                    "cannot listen for BGP on " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port we accept on, or 0 when not listening. */
    public int listenPort() {
        return server == null ? 0 : ((InetSocketAddress) server.localAddress()).getPort();
    }

    public boolean supportsTcpMd5() {
        return epoll;
    }

    /** Adds a peer (not started: call {@link PeerSession#start()}). Its address must be unique. */
    public PeerSession addPeer(PeerSettings settings, SessionListener listener) {
        return addPeer(settings, listener, new PeerCounters());
    }

    /** As {@link #addPeer(PeerSettings, SessionListener)}, counting on where an earlier session left off. */
    public PeerSession addPeer(PeerSettings settings, SessionListener listener, PeerCounters counters) {
        if (!epoll && settings.md5Password() != null) {
            throw new IllegalStateException(settings.name() + ": TCP-MD5 needs the epoll transport");
        }
        PeerSession s = new PeerSession(settings, loop, this, listener, counters);
        if (peers.putIfAbsent(settings.remoteAddress(), s) != null) {
            throw new IllegalArgumentException(
                    "a peer with address " + settings.remoteAddress().getHostAddress() + " exists already");
        }
        updateServerMd5Keys();
        updateServerTtl();
        return s;
    }

    /** Removes a peer: Cease / Peer De-configured to each of its connections (RFC 4486). */
    public CompletableFuture<Void> removePeer(PeerSession s) {
        return removePeer(s, NotificationMessage.of(ErrorSubcode.PEER_DECONFIGURED));
    }

    /**
     * Removes a peer, closing its connections with {@code why} (e.g. Cease / Other Configuration Change when it
     * is replaced by a peer with new session settings). Completes once the session is Idle; its address is free
     * for a new peer at once.
     */
    public CompletableFuture<Void> removePeer(PeerSession s, NotificationMessage why) {
        peers.remove(s.settings().remoteAddress(), s);
        updateServerMd5Keys();
        updateServerTtl();
        return s.stopAndRestart(why, null);
    }

    public Collection<PeerSession> peers() {
        return List.copyOf(peers.values());
    }

    private void updateServerMd5Keys() {
        if (server == null || !epoll) {
            return;
        }
        Map<InetAddress, byte[]> keys = new HashMap<>();
        for (PeerSession p : peers.values()) {
            if (p.settings().md5Password() != null) {
                keys.put(
                        p.settings().remoteAddress(), p.settings().md5Password().getBytes(StandardCharsets.US_ASCII));
            }
        }
        server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
    }

    /**
     * GTSM (RFC 5082) on inbound connections: the kernel sends the SYN-ACK with the listening socket's TTL, before
     * {@link #applyTtl} can set the accepted socket's, and a GTSM peer (IP_MINTTL 255 on its connecting socket)
     * drops a SYN-ACK that arrives with less than 255. So while any peer uses GTSM the listener sends with 255;
     * otherwise with the system default (-1).
     */
    private void updateServerTtl() {
        if (server == null || !epoll) {
            return;
        }
        int ttl = peers.values().stream().anyMatch(p -> p.settings().ttlSecurity()) ? 255 : -1;
        InetAddress listening = ((InetSocketAddress) server.localAddress()).getAddress();
        try {
            server.config().setOption(SocketOptions.IP_TTL, ttl);
        } catch (RuntimeException e) {
            // an IPv6-only listener has no IPv4 TTL to set
            LOG.debug("cannot set IP_TTL {} on the BGP listener: {}", ttl, e.toString());
        }
        if (listening instanceof Inet6Address) {
            try {
                server.config().setOption(SocketOptions.IPV6_UNICAST_HOPS, ttl);
            } catch (RuntimeException e) {
                LOG.warn("cannot set IPV6_UNICAST_HOPS {} on the BGP listener: {}", ttl, e.toString());
            }
        }
    }

    /** An inbound connection: its peer by source address, or null to refuse it. */
    private PeerSession sessionFor(SocketChannel ch) {
        InetAddress from = ch.remoteAddress().getAddress();
        PeerSession s = peers.get(from);
        if (s == null) {
            LOG.info("refusing BGP connection from {}: not a configured peer", from.getHostAddress());
        }
        return s;
    }

    @Override
    public ChannelFuture connect(PeerSession session) {
        PeerSettings s = session.settings();
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        Math.max(1000, Math.min(30_000, s.connectRetryTime().toMillis())))
                .handler(new BgpChannelInitializer(ch -> session, this::applyTtl, false));
        if (epoll && s.md5Password() != null) {
            b.option(
                    EpollChannelOption.TCP_MD5SIG,
                    Map.of(s.remoteAddress(), s.md5Password().getBytes(StandardCharsets.US_ASCII)));
        }
        if (s.localAddress() != null) {
            b.localAddress(new InetSocketAddress(s.localAddress(), 0));
        }
        return b.connect(new InetSocketAddress(s.remoteAddress(), s.remotePort()));
    }

    @Override
    public void useCodec(Channel channel, CodecContext codec) {
        SessionHandler handler = SessionHandler.of(channel);
        if (handler != null) {
            handler.codec(codec);
        }
    }

    /**
     * eBGP sends with TTL = the hop count (1 unless multihop); GTSM sends with 255 and has the kernel drop what
     * arrives below 256 - hops. iBGP keeps the system default.
     */
    private void applyTtl(Channel ch, PeerSession session) {
        if (!epoll) {
            return;
        }
        PeerSettings s = session.settings();
        boolean v6 = s.remoteAddress() instanceof Inet6Address;
        try {
            if (s.ttlSecurity()) {
                ch.config().setOption(v6 ? SocketOptions.IPV6_UNICAST_HOPS : SocketOptions.IP_TTL, 255);
                ch.config().setOption(v6 ? SocketOptions.IPV6_MINHOPCOUNT : SocketOptions.IP_MINTTL, 256 - s.ttlHops());
            } else if (s.isEbgp()) {
                ch.config().setOption(v6 ? SocketOptions.IPV6_UNICAST_HOPS : SocketOptions.IP_TTL, s.ttlHops());
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: cannot set TTL options: {}", s.name(), e.toString());
        }
    }

    /** How {@link #shutdownForRestart} ended a peer's session. */
    public enum Goodbye {
        /** Graceful restart negotiated: the connection closed without a NOTIFICATION; the peer keeps our routes. */
        SILENT_FOR_GRACEFUL_RESTART,
        /** Cease / Administrative Shutdown (RFC 4486) with the RFC 8203 message; the peer drops our routes. */
        CEASE_ADMINISTRATIVE_SHUTDOWN
    }

    /** Stops every session with Cease / Administrative Shutdown, then the listener and the loop. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // the loop is gone: stopping the sessions again would be refused by it
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (PeerSession p : peers.values()) {
            stops.add(p.stop("speaker shutting down"));
        }
        finish(stops, Duration.ofSeconds(5));
    }

    /**
     * The speaker stops because the process does and will start again: each Established session with graceful
     * restart negotiated both ways is closed without a NOTIFICATION, so that the peer keeps our routes as stale
     * for the restart time we announced; every other session gets Cease / Administrative Shutdown carrying
     * {@code communication} (RFC 8203). Then the listener and the loop stop. Waits at most about {@code bound}
     * plus two seconds for the loop; what is not done by then is abandoned. Idempotent: a second call, or one
     * after {@link #close()}, does nothing and returns an empty map.
     *
     * @return what each peer was told, by peer name
     */
    public Map<String, Goodbye> shutdownForRestart(String communication, Duration bound) {
        if (!closed.compareAndSet(false, true)) {
            return Map.of();
        }
        Map<String, Goodbye> told = new TreeMap<>();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (PeerSession p : peers.values()) {
            // read once: the session may end on its own meanwhile, and then either way is right
            boolean graceful =
                    p.negotiated().map(Negotiated::gracefulRestartBothWays).orElse(false);
            if (graceful) {
                LOG.info(
                        "{}: closing without a NOTIFICATION (graceful restart negotiated: the peer keeps our routes"
                                + " as stale for up to {} s)",
                        p.name(),
                        p.settings().gracefulRestart().toSeconds());
                told.put(p.name(), Goodbye.SILENT_FOR_GRACEFUL_RESTART);
                stops.add(p.closeForRestart());
            } else {
                LOG.info(
                        "{}: sending Cease / Administrative Shutdown \"{}\" (no graceful restart negotiated: the"
                                + " peer drops our routes)",
                        p.name(),
                        communication);
                told.put(p.name(), Goodbye.CEASE_ADMINISTRATIVE_SHUTDOWN);
                stops.add(p.stop(communication));
            }
        }
        finish(stops, bound);
        return told;
    }

    private void finish(List<CompletableFuture<Void>> stops, Duration bound) {
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(bound.toMillis(), TimeUnit.MILLISECONDS);
            // give the NOTIFICATIONs a moment to leave before the loop goes
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("stopping BGP sessions: not done within {} ms ({}): going on", bound.toMillis(), e.toString());
        }
        if (server != null) {
            server.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
