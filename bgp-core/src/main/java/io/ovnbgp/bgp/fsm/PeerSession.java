package io.ovnbgp.bgp.fsm;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.BgpDecodeException;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.KeepaliveMessage;
import io.ovnbgp.bgp.wire.MessageType;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.OpenMessage;
import io.ovnbgp.bgp.wire.RouteRefreshMessage;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 4271 §8 state machine of one peer. Everything here runs on the speaker's single event loop, so no
 * field needs a lock; other threads only read the volatile snapshot fields and call the public commands, which
 * hop onto the loop.
 *
 * <p>A peer can have two TCP connections at once, one we opened and one it opened; §6.8 collision detection
 * keeps the one that the side with the higher BGP Identifier opened.
 */
public final class PeerSession {
    /** What the transport's decoder and encoder use for a connection; set here once the OPENs are exchanged. */
    public static final AttributeKey<CodecContext> CODEC = AttributeKey.valueOf("bgp-codec-context");
    private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);
    /** RFC 4271 §8: a large hold time while waiting for the peer's OPEN (4 minutes suggested). */
    private static final int OPEN_HOLD_SECONDS = 240;
    private static final Duration MAX_IDLE_HOLD = Duration.ofSeconds(120);

    private final PeerSettings settings;
    private final EventLoop loop;
    private final Connector connector;
    private final SessionListener listener;
    private final OpenMessage localOpen;
    private final PeerCounters counters;

    private boolean started;
    /**
     * Set by {@link #start()} on the caller's thread, before the start runs on the loop: a peer that connects in
     * between is accepted instead of being refused as Idle.
     */
    private volatile boolean startRequested;
    private Connection outgoing;
    private Connection incoming;
    private Connection established;
    private ChannelFuture connecting;
    private ScheduledFuture<?> connectRetryTimer;
    private ScheduledFuture<?> idleHoldTimer;
    /** A start scheduled by {@link #stopAndRestart}; {@link #stop} cancels it. */
    private ScheduledFuture<?> delayedStart;
    private int consecutiveFailures;

    private volatile SessionState state = SessionState.IDLE;
    private volatile Negotiated negotiated;
    private volatile long establishedSinceMillis;
    /** When the session last entered or left Established (creation if never): a router's Up/Down column. */
    private volatile long upDownSinceMillis = System.currentTimeMillis();
    private volatile String lastError;

    /** One TCP connection of this peer and where it is in the OPEN exchange. */
    private final class Connection {
        final Channel channel;
        final boolean inbound;
        SessionState state = SessionState.OPEN_SENT;
        Negotiated agreed;
        ScheduledFuture<?> holdTimer;
        ScheduledFuture<?> keepaliveTimer;
        int holdSeconds = OPEN_HOLD_SECONDS;
        NotificationMessage sentNotification;

        Connection(Channel channel, boolean inbound) {
            this.channel = channel;
            this.inbound = inbound;
        }

        @Override
        public String toString() {
            return (inbound ? "inbound " : "outbound ") + channel.remoteAddress();
        }
    }

    public PeerSession(PeerSettings settings, EventLoop loop, Connector connector, SessionListener listener) {
        this(settings, loop, connector, listener, new PeerCounters());
    }

    /**
     * With the counters of an earlier session of the same peer, so that what it counted (the NOTIFICATION that
     * ended it above all) survives the peer being re-created with new settings.
     */
    public PeerSession(PeerSettings settings, EventLoop loop, Connector connector, SessionListener listener,
            PeerCounters counters) {
        this.counters = counters;
        this.settings = settings;
        this.loop = loop;
        this.connector = connector;
        this.listener = listener;
        this.localOpen = OpenNegotiation.localOpen(settings);
    }

    public PeerSettings settings() {
        return settings;
    }

    public String name() {
        return settings.name();
    }

    public SessionState state() {
        return state;
    }

    /** What the Established session agreed on; empty when not Established. */
    public Optional<Negotiated> negotiated() {
        return state == SessionState.ESTABLISHED ? Optional.ofNullable(negotiated) : Optional.empty();
    }

    public PeerCounters counters() {
        return counters;
    }

    /**
     * Stops or resumes reading from the Established connection, so that TCP's window holds the peer back while
     * whoever consumes its UPDATEs catches up. {@code paused} is read when the change is applied on the event
     * loop, so calls racing each other end in the latest state. Thread-safe; no-op without an Established
     * connection; a new connection always starts reading. Should a pause outlast the hold time, the hold timer
     * resumes reading instead of closing the session: the peer's KEEPALIVEs are waiting unread, not missing.
     */
    public void pauseReading(java.util.function.BooleanSupplier paused) {
        loop.execute(() -> {
            Connection c = established;
            if (c != null) {
                c.channel.config().setAutoRead(!paused.getAsBoolean());
            }
        });
    }

    /** Milliseconds since Established, or 0. */
    public long uptimeMillis() {
        return state == SessionState.ESTABLISHED ? System.currentTimeMillis() - establishedSinceMillis : 0;
    }

    /**
     * Wall-clock milliseconds when the session last entered or left Established, or when this peer was created if
     * it never was: with {@link #state()} it gives a router's Up/Down time (up for so long, or down for so long).
     */
    public long upDownSinceMillis() {
        return upDownSinceMillis;
    }

    /** The last error in an administrator's words (NOTIFICATION sent or received, connection failure). */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    public EventLoop eventLoop() {
        return loop;
    }

    // ---------------------------------------------------------------- commands (any thread)

    /** RFC 4271 ManualStart (or ManualStart_with_PassiveTcpEstablishment for a passive peer). */
    public void start() {
        startRequested = true;
        onLoop(() -> {
            if (started) {
                return;
            }
            started = true;
            consecutiveFailures = 0;
            beginConnecting();
        });
    }

    /**
     * Administrative shutdown: Cease / Administrative Shutdown (RFC 4486) carrying an RFC 8203 message, and no
     * reconnection until {@link #start()}.
     */
    public CompletableFuture<Void> stop(String communication) {
        return stopAndRestart(NotificationMessage.administrativeShutdown(communication),
                "administrative shutdown" + (communication.isEmpty() ? "" : ": " + communication), null);
    }

    /**
     * Closes every connection WITHOUT a NOTIFICATION and stays Idle: a speaker about to restart, when graceful
     * restart (RFC 4724) was negotiated. The peer then sees the TCP connection end, keeps our routes as stale for
     * the restart time we announced, and takes them back when we return; a NOTIFICATION would make it flush them
     * at once (RFC 4724 §4; RFC 8538 keeps them after one only when both sides sent its N bit, which we do not).
     */
    public CompletableFuture<Void> closeForRestart() {
        return stopAndRestart(null, "closed for a graceful restart (no NOTIFICATION sent)", null);
    }

    /**
     * Closes every connection with this NOTIFICATION (e.g. Cease / Maximum Number of Prefixes Reached, RFC 4486)
     * and stays Idle; unless {@code restartAfter} is null, starts again after that delay. {@link #stop} cancels
     * the pending restart.
     */
    public CompletableFuture<Void> stopAndRestart(NotificationMessage notification, Duration restartAfter) {
        return stopAndRestart(notification, "sent NOTIFICATION " + notification, restartAfter);
    }

    private CompletableFuture<Void> stopAndRestart(NotificationMessage notification, String reason,
            Duration restartAfter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        startRequested = false;
        onLoop(() -> {
            started = false;
            cancelDelayedStart();
            cancelPeerTimers();
            if (connecting != null) {
                connecting.cancel(false);
                connecting = null;
            }
            for (Connection c : new Connection[] {established, outgoing, incoming}) {
                if (c == null) {
                    continue;
                }
                if (notification == null) {
                    lastError = reason;
                    drop(c, reason);
                } else {
                    closeWith(c, notification, reason);
                }
            }
            setState(SessionState.IDLE);
            if (restartAfter != null) {
                delayedStart = loop.schedule(() -> {
                    delayedStart = null;
                    start();
                }, restartAfter.toMillis(), TimeUnit.MILLISECONDS);
            }
            done.complete(null);
        });
        return done;
    }

    private void cancelDelayedStart() {
        if (delayedStart != null) {
            delayedStart.cancel(false);
            delayedStart = null;
        }
    }

    /** Administrative reset: Cease / Administrative Reset, then connect again. */
    public void reset(String communication) {
        onLoop(() -> {
            if (established != null) {
                closeWith(established, NotificationMessage.administrativeReset(communication),
                        "administrative reset" + (communication.isEmpty() ? "" : ": " + communication));
            }
        });
    }

    /** Sends an UPDATE (or any message) on the Established session; fails if there is none. */
    public CompletableFuture<Void> send(BgpMessage m) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            Connection c = established;
            if (c == null) {
                done.completeExceptionally(new IllegalStateException(name() + " is " + state + ", not Established"));
                return;
            }
            write(c, m).addListener(f -> {
                if (f.isSuccess()) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(f.cause());
                }
            });
        });
        return done;
    }

    /** Asks the peer to send its routes for a family again (RFC 2918), if it supports route refresh. */
    public CompletableFuture<Void> requestRouteRefresh(AfiSafi family) {
        Negotiated n = negotiated;
        if (state != SessionState.ESTABLISHED || n == null || !n.routeRefresh()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    name() + ": route refresh needs an Established session with the capability"));
        }
        return send(new RouteRefreshMessage(family, RouteRefreshMessage.NORMAL));
    }

    // ---------------------------------------------------------------- transport callbacks (event loop)

    /** An inbound TCP connection from this peer's address was accepted. */
    public void inboundConnected(Channel ch) {
        assert loop.inEventLoop();
        if (!(started || startRequested) || (idleHoldTimer != null && !idleHoldTimer.isDone())) {
            // Idle refuses connections (RFC 4271 §8.2.2)
            LOG.debug("{}: refusing inbound connection in Idle", name());
            ch.close();
            return;
        }
        Connection c = new Connection(ch, true);
        if (established != null) {
            // §6.8: a collision with an Established connection closes the new one
            sendOpen(c);
            closeWith(c, NotificationMessage.of(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION), null);
            return;
        }
        if (incoming != null) {
            drop(incoming, "replaced by a newer inbound connection");
        }
        incoming = c;
        sendOpen(c);
        refreshState();
    }

    public void messageReceived(Channel ch, BgpMessage m) {
        Connection c = connectionOf(ch);
        if (c == null) {
            return;
        }
        counters.received(m);
        // Java 17 has no pattern switch: dispatch on the sealed kind's type tag instead
        switch (m.type()) {
            case OPEN -> onOpen(c, (OpenMessage) m);
            case KEEPALIVE -> onKeepalive(c);
            case UPDATE -> onUpdate(c, (UpdateMessage) m);
            case NOTIFICATION -> onNotification(c, (NotificationMessage) m);
            case ROUTE_REFRESH -> onRouteRefresh(c, (RouteRefreshMessage) m);
            default -> fsmError(c);
        }
    }

    /** The decoder found an error the RFCs answer with a NOTIFICATION and a closed connection. */
    public void decodeFailed(Channel ch, BgpDecodeException e) {
        Connection c = connectionOf(ch);
        if (c == null) {
            ch.close();
            return;
        }
        if (e.code() == 3) {
            counters.outcome(PeerCounters.UpdateOutcome.SESSION_RESET);
        }
        LOG.warn("{}: {} from {}", name(), e.getMessage(), ch.remoteAddress());
        closeWith(c, e.toNotification(), "sent NOTIFICATION " + e.getMessage());
    }

    public void connectionClosed(Channel ch) {
        Connection c = connectionOf(ch);
        if (c == null) {
            return;
        }
        String reason = c.sentNotification != null ? lastError : "connection closed by peer";
        failed(c, reason, c.sentNotification, null);
    }

    // ---------------------------------------------------------------- FSM

    private void beginConnecting() {
        if (!started) {
            return;
        }
        if (settings.passive()) {
            refreshState();
            return;
        }
        connectOut();
        scheduleConnectRetry();
    }

    private void connectOut() {
        if (!started || outgoing != null || established != null || connecting != null) {
            return;
        }
        ChannelFuture f = connector.connect(this);
        connecting = f;
        refreshState();
        f.addListener((ChannelFutureListener) cf -> {
            if (connecting == cf) {
                connecting = null;
            }
            if (!cf.isSuccess()) {
                if (!cf.isCancelled()) {
                    lastError = "cannot connect to " + settings.remoteAddress().getHostAddress() + ":"
                            + settings.remotePort() + ": " + cf.cause().getMessage();
                    LOG.debug("{}: {}", name(), lastError);
                }
                refreshState();
                return;
            }
            if (!started || established != null) {
                cf.channel().close();
                return;
            }
            Connection c = new Connection(cf.channel(), false);
            outgoing = c;
            sendOpen(c);
            refreshState();
        });
    }

    private void scheduleConnectRetry() {
        if (connectRetryTimer != null) {
            connectRetryTimer.cancel(false);
        }
        long ms = settings.connectRetryTime().toMillis();
        connectRetryTimer = loop.scheduleAtFixedRate(() -> {
            if (started && established == null && outgoing == null && connecting == null) {
                connectOut();
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void sendOpen(Connection c) {
        c.channel.attr(CODEC).set(CodecContext.BEFORE_OPEN);
        write(c, localOpen);
        c.state = SessionState.OPEN_SENT;
        restartHoldTimer(c);
    }

    private void onOpen(Connection c, OpenMessage open) {
        if (c.state != SessionState.OPEN_SENT) {
            fsmError(c);
            return;
        }
        Negotiated n;
        try {
            n = OpenNegotiation.negotiate(settings, localOpen, open, (InetSocketAddress) c.channel.localAddress(),
                    (InetSocketAddress) c.channel.remoteAddress());
        } catch (BgpDecodeException e) {
            LOG.warn("{}: refusing OPEN: {}", name(), e.getMessage());
            closeWith(c, e.toNotification(), "sent NOTIFICATION " + e.getMessage());
            return;
        }
        // §6.8 connection collision: the other connection is past OpenSent or waiting for its OPEN
        Connection other = c == outgoing ? incoming : c == incoming ? outgoing : null;
        if (other != null) {
            boolean weAreLower = Integer.compareUnsigned(settings.routerId(), open.bgpIdentifier()) < 0;
            // the side with the higher identifier keeps the connection it opened
            Connection loser = weAreLower ? (outgoing) : (incoming);
            LOG.info("{}: connection collision, closing the {} connection (Cease / Connection Collision Resolution)",
                    name(), loser == outgoing ? "outbound" : "inbound");
            closeWith(loser, NotificationMessage.of(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION), null);
            if (loser == c) {
                return;
            }
        }
        c.agreed = n;
        c.channel.attr(CODEC).set(n.codecContext());
        write(c, KeepaliveMessage.INSTANCE);
        c.state = SessionState.OPEN_CONFIRM;
        c.holdSeconds = n.holdTimeSeconds();
        restartHoldTimer(c);
        startKeepalives(c);
        refreshState();
    }

    private void onKeepalive(Connection c) {
        switch (c.state) {
            case OPEN_CONFIRM -> becomeEstablished(c);
            case ESTABLISHED -> restartHoldTimer(c);
            default -> fsmError(c);
        }
    }

    private void becomeEstablished(Connection c) {
        c.state = SessionState.ESTABLISHED;
        established = c;
        if (c == outgoing) {
            outgoing = null;
        } else {
            incoming = null;
        }
        for (Connection other : new Connection[] {outgoing, incoming}) {
            if (other != null) {
                closeWith(other, NotificationMessage.of(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION), null);
            }
        }
        if (connecting != null) {
            connecting.cancel(false);
            connecting = null;
        }
        consecutiveFailures = 0;
        negotiated = c.agreed;
        establishedSinceMillis = System.currentTimeMillis();
        counters.establishedOnce();
        restartHoldTimer(c);
        refreshState();
        LOG.info("{}: Established with {} (AS {}, ID {}, hold {} s, families {})", name(),
                c.channel.remoteAddress(), c.agreed.remoteAs(), c.agreed.remoteIdText(), c.agreed.holdTimeSeconds(),
                c.agreed.families());
        listener.onEvent(this, new SessionEvent.Up(c.agreed));
    }

    private void onUpdate(Connection c, UpdateMessage u) {
        if (c.state != SessionState.ESTABLISHED) {
            fsmError(c);
            return;
        }
        restartHoldTimer(c);
        counters.outcome(switch (u.errorAction()) {
            case NONE -> PeerCounters.UpdateOutcome.ACCEPTED;
            case ATTRIBUTE_DISCARD -> PeerCounters.UpdateOutcome.ATTRIBUTE_DISCARD;
            case TREAT_AS_WITHDRAW -> PeerCounters.UpdateOutcome.TREAT_AS_WITHDRAW;
        });
        if (!u.problems().isEmpty()) {
            LOG.warn("{}: UPDATE handled as {} (RFC 7606): {}", name(), u.errorAction(), u.problems());
        }
        Optional<AfiSafi> eor = u.endOfRib();
        if (eor.isPresent()) {
            listener.onEvent(this, new SessionEvent.EndOfRib(eor.get()));
        } else {
            listener.onEvent(this, new SessionEvent.Routes(u));
        }
    }

    private void onRouteRefresh(Connection c, RouteRefreshMessage rr) {
        if (c.state != SessionState.ESTABLISHED) {
            fsmError(c);
            return;
        }
        restartHoldTimer(c);
        // RFC 2918 §4: a family not negotiated is ignored
        if (c.agreed.families().contains(rr.family())) {
            listener.onEvent(this, new SessionEvent.RefreshRequested(rr.family(), rr.subtype()));
        }
    }

    private void onNotification(Connection c, NotificationMessage n) {
        String reason = "received NOTIFICATION " + n;
        LOG.warn("{}: {}", name(), reason);
        lastError = reason;
        c.channel.close();
        failed(c, reason, null, n);
    }

    /** RFC 6608: an unexpected message in OpenSent, OpenConfirm or Established. */
    private void fsmError(Connection c) {
        ErrorSubcode sub = switch (c.state) {
            case OPEN_SENT -> ErrorSubcode.UNEXPECTED_MESSAGE_IN_OPENSENT;
            case OPEN_CONFIRM -> ErrorSubcode.UNEXPECTED_MESSAGE_IN_OPENCONFIRM;
            case ESTABLISHED -> ErrorSubcode.UNEXPECTED_MESSAGE_IN_ESTABLISHED;
            default -> ErrorSubcode.FSM_UNSPECIFIED;
        };
        closeWith(c, NotificationMessage.of(sub), "sent NOTIFICATION " + NotificationMessage.of(sub));
    }

    private void restartHoldTimer(Connection c) {
        if (c.holdTimer != null) {
            c.holdTimer.cancel(false);
        }
        if (c.holdSeconds == 0) {
            return;
        }
        c.holdTimer = loop.schedule(() -> {
            if (connectionOf(c.channel) != c) {
                return;
            }
            if (!c.channel.config().isAutoRead()) {
                // we stopped reading (back-pressure): what the peer sent is waiting, not missing
                LOG.warn("{}: reading was paused for the whole hold time ({} s): resuming it", name(),
                        c.holdSeconds);
                c.channel.config().setAutoRead(true);
                restartHoldTimer(c);
                return;
            }
            closeWith(c, NotificationMessage.of(ErrorSubcode.HOLD_TIMER_EXPIRED),
                    "hold timer expired after " + c.holdSeconds + " s");
        }, c.holdSeconds, TimeUnit.SECONDS);
    }

    private void startKeepalives(Connection c) {
        int ka = c.agreed.keepaliveSeconds();
        if (ka == 0) {
            return; // hold time 0: no KEEPALIVEs (RFC 4271 §4.4)
        }
        c.keepaliveTimer = loop.scheduleAtFixedRate(() -> {
            if (c.channel.isActive()) {
                write(c, KeepaliveMessage.INSTANCE);
            }
        }, ka, ka, TimeUnit.SECONDS);
    }

    /** Sends the NOTIFICATION, then closes once it is written. */
    private void closeWith(Connection c, NotificationMessage n, String reason) {
        c.sentNotification = n;
        if (reason != null) {
            lastError = reason;
        }
        Channel ch = c.channel;
        if (ch.isActive()) {
            write(c, n).addListener(f -> ch.close());
        } else {
            ch.close();
        }
        failed(c, reason == null ? "closed (" + n + ")" : reason, n, null);
    }

    private void drop(Connection c, String reason) {
        c.channel.close();
        failed(c, reason, null, null);
    }

    /** A connection ended; if it was the session, report Down and go to Idle with a growing back-off. */
    private void failed(Connection c, String reason, NotificationMessage sent, NotificationMessage received) {
        if (c.holdTimer != null) {
            c.holdTimer.cancel(false);
        }
        if (c.keepaliveTimer != null) {
            c.keepaliveTimer.cancel(false);
        }
        boolean wasSession = c == established;
        if (c == established) {
            established = null;
        } else if (c == outgoing) {
            outgoing = null;
        } else if (c == incoming) {
            incoming = null;
        } else {
            return; // already accounted for
        }
        if (wasSession) {
            negotiated = null;
            LOG.warn("{}: session down: {}", name(), reason);
            refreshState();
            listener.onEvent(this, new SessionEvent.Down(reason, sent, received));
        }
        boolean collisionLoser = sent != null && sent.reason().orElse(null)
                == ErrorSubcode.CONNECTION_COLLISION_RESOLUTION;
        if (established != null || outgoing != null || incoming != null || collisionLoser || !started) {
            refreshState();
            return;
        }
        // Nothing left: Idle, then try again after a back-off that grows with each consecutive failure
        // (RFC 4271 §8.1.1 DampPeerOscillations).
        consecutiveFailures++;
        Duration wait = settings.connectRetryTime().multipliedBy(1L << Math.min(consecutiveFailures - 1, 6));
        if (wait.compareTo(MAX_IDLE_HOLD) > 0) {
            wait = MAX_IDLE_HOLD;
        }
        if (consecutiveFailures == 1 && wasSession) {
            wait = Duration.ofSeconds(1); // a session that was up comes back quickly the first time
        }
        cancelPeerTimers();
        setState(SessionState.IDLE);
        idleHoldTimer = loop.schedule(() -> {
            idleHoldTimer = null;
            beginConnecting();
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelPeerTimers() {
        if (connectRetryTimer != null) {
            connectRetryTimer.cancel(false);
            connectRetryTimer = null;
        }
        if (idleHoldTimer != null) {
            idleHoldTimer.cancel(false);
            idleHoldTimer = null;
        }
    }

    private ChannelFuture write(Connection c, BgpMessage m) {
        counters.sent(m);
        return c.channel.writeAndFlush(m);
    }

    private Connection connectionOf(Channel ch) {
        for (Connection c : new Connection[] {established, outgoing, incoming}) {
            if (c != null && c.channel == ch) {
                return c;
            }
        }
        return null;
    }

    /** The peer's state is that of its most advanced connection (RFC 4271 speaks of one; we may hold two). */
    private void refreshState() {
        SessionState s;
        if (established != null) {
            s = SessionState.ESTABLISHED;
        } else if (stateOf(outgoing) == SessionState.OPEN_CONFIRM || stateOf(incoming) == SessionState.OPEN_CONFIRM) {
            s = SessionState.OPEN_CONFIRM;
        } else if (outgoing != null || incoming != null) {
            s = SessionState.OPEN_SENT;
        } else if (!started || (idleHoldTimer != null && !idleHoldTimer.isDone())) {
            s = SessionState.IDLE;
        } else if (connecting != null) {
            s = SessionState.CONNECT;
        } else {
            s = SessionState.ACTIVE;
        }
        setState(s);
    }

    private static SessionState stateOf(Connection c) {
        return c == null ? null : c.state;
    }

    private void setState(SessionState s) {
        SessionState old = state;
        if (old != s) {
            if (old == SessionState.ESTABLISHED || s == SessionState.ESTABLISHED) {
                upDownSinceMillis = System.currentTimeMillis();
            }
            state = s;
            LOG.debug("{}: {} -> {}", name(), old, s);
            listener.onEvent(this, new SessionEvent.StateChanged(old, s));
        }
    }

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    @Override
    public String toString() {
        return "peer " + name() + " (" + settings.remoteAddress().getHostAddress() + ", AS " + settings.remoteAs()
                + ", " + state + ")";
    }

    /** For tests and status: the message type counts. */
    public long received(MessageType t) {
        return counters.in(t);
    }
}
