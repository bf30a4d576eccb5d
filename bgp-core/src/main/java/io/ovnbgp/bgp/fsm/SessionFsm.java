package io.ovnbgp.bgp.fsm;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.ovnbgp.bgp.wire.BgpDecodeException;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.OpenMessage;
import io.ovnbgp.bgp.wire.RouteRefreshMessage;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 4271 §8 state machine of one peer, behind {@link PeerSession}. Everything here runs on the speaker's
 * single event loop, so no field needs a lock; other threads only read its {@link SessionStatus}.
 *
 * <p>A peer can have two TCP connections at once, one we opened and one it opened: {@link PeerConnections} holds
 * them and the §6.8 collision rules. Each is a {@link Connection} with its own hold and keepalive timers; the
 * {@link Dialer} opens ours under the ConnectRetry timer, and {@link PeerTimers} keeps the Idle hold and its
 * back-off.
 */
final class SessionFsm {
    /** The session's log lines keep the logger they had before the state machine was its own class. */
    private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);

    private final PeerSession session;
    private final PeerSettings settings;
    private final EventLoop loop;
    private final Transport transport;
    private final SessionListener listener;
    private final OpenMessage localOpen;
    private final PeerCounters counters;
    private final PeerConnections connections = new PeerConnections();
    private final PeerTimers timers;
    private final Dialer dialer;
    private final InboundRoutes inbound;

    private boolean started;
    /**
     * Set by {@link PeerSession#start()} on the caller's thread, before the start runs on the loop: a peer that
     * connects in between is accepted instead of being refused as Idle.
     */
    private volatile boolean startRequested;

    private final SessionStatus status;

    SessionFsm(
            PeerSession session,
            SessionStatus status,
            EventLoop loop,
            Transport transport,
            SessionListener listener,
            PeerCounters counters) {
        this.session = session;
        this.status = status;
        this.settings = session.settings();
        this.loop = loop;
        this.transport = transport;
        this.listener = listener;
        this.counters = counters;
        this.localOpen = OpenNegotiation.localOpen(settings);
        this.timers = new PeerTimers(loop, settings.connectRetryTime());
        this.inbound = new InboundRoutes(session, listener, counters);
        this.dialer = new Dialer(
                loop,
                settings.connectRetryTime(),
                () -> transport.connect(session),
                this::refreshState,
                this::connectDone);
    }

    // ---------------------------------------------------------------- what its connections need

    String name() {
        return settings.name();
    }

    EventLoop loop() {
        return loop;
    }

    Transport transport() {
        return transport;
    }

    PeerCounters counters() {
        return counters;
    }

    // ---------------------------------------------------------------- commands (event loop, but startRequested)

    /** On the caller's thread, before {@link #start()} runs on the loop. */
    void startRequested(boolean requested) {
        startRequested = requested;
    }

    void start() {
        if (started) {
            return;
        }
        started = true;
        timers.resetBackoff();
        beginConnecting();
    }

    /** Closes every connection, with the NOTIFICATION unless null; stays Idle, or starts after a delay. */
    /** Stops; returns a future per connection it had, each completing once that connection has closed. */
    List<ChannelFuture> stop(NotificationMessage notification, String reason, Duration restartAfter) {
        List<ChannelFuture> closing = new ArrayList<>();
        started = false;
        timers.cancelDelayedStart();
        cancelPeerTimers();
        dialer.cancelAttempt();
        for (Connection c : connections.all()) {
            closing.add(c.closed());
            if (notification == null) {
                status.lastError(reason);
                drop(c, reason);
            } else {
                closeWith(c, notification, reason);
            }
        }
        setState(SessionState.IDLE);
        if (restartAfter != null) {
            timers.delayStart(restartAfter, session::start);
        }
        return closing;
    }

    void reset(String communication) {
        Connection c = connections.established();
        if (c != null) {
            closeWith(
                    c,
                    NotificationMessage.administrativeReset(communication),
                    "administrative reset" + (communication.isEmpty() ? "" : ": " + communication));
        }
    }

    void send(BgpMessage m, CompletableFuture<Void> done) {
        Connection c = connections.established();
        if (c == null) {
            done.completeExceptionally(
                    new IllegalStateException(name() + " is " + status.state() + ", not Established"));
            return;
        }
        c.write(m).addListener(f -> {
            if (f.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(f.cause());
            }
        });
    }

    void pauseReading(boolean paused) {
        Connection c = connections.established();
        if (c != null) {
            c.pauseReading(paused);
        }
    }

    // ---------------------------------------------------------------- the transport's events

    /** An inbound TCP connection from this peer's address was accepted. */
    void inboundConnected(Channel ch) {
        assert loop.inEventLoop();
        if (!(started || startRequested) || timers.inIdleHold()) {
            // Idle refuses connections (RFC 4271 §8.2.2)
            LOG.debug("{}: refusing inbound connection in Idle", name());
            ch.close();
            return;
        }
        Connection c = new Connection(ch, true, this);
        if (connections.inboundLosesAtOnce()) {
            c.sendOpen(localOpen);
            closeWith(c, PeerConnections.collisionNotification(), null);
            return;
        }
        Connection replaced = connections.incoming();
        if (replaced != null) {
            drop(replaced, "replaced by a newer inbound connection");
        }
        connections.addIncoming(c);
        c.sendOpen(localOpen);
        refreshState();
    }

    void messageReceived(Channel ch, BgpMessage m) {
        Connection c = connections.of(ch);
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
    void decodeFailed(Channel ch, BgpDecodeException e) {
        Connection c = connections.of(ch);
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

    void connectionClosed(Channel ch) {
        Connection c = connections.of(ch);
        if (c == null) {
            return;
        }
        String reason = c.sentNotification() != null ? status.lastError() : "connection closed by peer";
        failed(c, reason, c.sentNotification(), null);
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
        dialer.start(() -> started && connections.established() == null && !connections.hasOutgoing());
    }

    /** An outgoing attempt ended: the connection is ours if the session still wants one. */
    private void connectDone(ChannelFuture cf) {
        if (!cf.isSuccess()) {
            if (!cf.isCancelled()) {
                String error = "cannot connect to " + settings.remoteAddress().getHostAddress() + ":"
                        + settings.remotePort() + ": " + cf.cause().getMessage();
                status.lastError(error);
                LOG.debug("{}: {}", name(), error);
            }
            refreshState();
            return;
        }
        if (!started || connections.established() != null) {
            cf.channel().close();
            return;
        }
        Connection c = new Connection(cf.channel(), false, this);
        connections.addOutgoing(c);
        c.sendOpen(localOpen);
        refreshState();
    }

    private void cancelPeerTimers() {
        dialer.stopRetrying();
        timers.cancelIdleHold();
    }

    private void onOpen(Connection c, OpenMessage open) {
        if (c.state() != SessionState.OPEN_SENT) {
            fsmError(c);
            return;
        }
        Negotiated n;
        try {
            n = OpenNegotiation.negotiate(settings, localOpen, open, c.localAddress(), c.remoteAddress());
        } catch (BgpDecodeException e) {
            LOG.warn("{}: refusing OPEN: {}", name(), e.getMessage());
            closeWith(c, e.toNotification(), "sent NOTIFICATION " + e.getMessage());
            return;
        }
        Connection loser = connections.collisionLoser(c, settings.routerId(), open.bgpIdentifier());
        if (loser != null) {
            LOG.info(
                    "{}: connection collision, closing the {} connection (Cease / Connection Collision Resolution)",
                    name(),
                    loser.inbound() ? "inbound" : "outbound");
            closeWith(loser, PeerConnections.collisionNotification(), null);
            if (loser == c) {
                return;
            }
        }
        c.openAccepted(n);
        refreshState();
    }

    private void onKeepalive(Connection c) {
        switch (c.state()) {
            case OPEN_CONFIRM -> becomeEstablished(c);
            case ESTABLISHED -> c.restartHoldTimer();
            default -> fsmError(c);
        }
    }

    private void becomeEstablished(Connection c) {
        c.established();
        for (Connection loser : connections.establish(c)) {
            closeWith(loser, PeerConnections.collisionNotification(), null);
        }
        dialer.cancelAttempt();
        timers.resetBackoff();
        Negotiated n = c.agreed();
        status.established(n);
        counters.establishedOnce();
        refreshState();
        LOG.info(
                "{}: Established with {} (AS {}, ID {}, hold {} s, families {})",
                name(),
                c.remoteAddress(),
                n.remoteAs(),
                n.remoteIdText(),
                n.holdTimeSeconds(),
                n.families());
        listener.onEvent(session, new SessionEvent.Up(n));
    }

    private void onUpdate(Connection c, UpdateMessage u) {
        if (c.state() != SessionState.ESTABLISHED) {
            fsmError(c);
            return;
        }
        c.restartHoldTimer();
        inbound.update(u);
    }

    private void onRouteRefresh(Connection c, RouteRefreshMessage rr) {
        if (c.state() != SessionState.ESTABLISHED) {
            fsmError(c);
            return;
        }
        c.restartHoldTimer();
        inbound.refreshRequested(c.agreed(), rr);
    }

    private void onNotification(Connection c, NotificationMessage n) {
        String reason = "received NOTIFICATION " + n;
        LOG.warn("{}: {}", name(), reason);
        status.lastError(reason);
        c.close();
        failed(c, reason, null, n);
    }

    /** RFC 6608: an unexpected message in OpenSent, OpenConfirm or Established. */
    private void fsmError(Connection c) {
        ErrorSubcode sub = switch (c.state()) {
            case OPEN_SENT -> ErrorSubcode.UNEXPECTED_MESSAGE_IN_OPENSENT;
            case OPEN_CONFIRM -> ErrorSubcode.UNEXPECTED_MESSAGE_IN_OPENCONFIRM;
            case ESTABLISHED -> ErrorSubcode.UNEXPECTED_MESSAGE_IN_ESTABLISHED;
            default -> ErrorSubcode.FSM_UNSPECIFIED;
        };
        closeWith(c, NotificationMessage.of(sub), "sent NOTIFICATION " + NotificationMessage.of(sub));
    }

    /** The connection's hold timer ran out (a paused connection's does not: see {@link Connection}). */
    void holdTimerExpired(Connection c) {
        closeWith(
                c,
                NotificationMessage.of(ErrorSubcode.HOLD_TIMER_EXPIRED),
                "hold timer expired after " + c.holdSeconds() + " s");
    }

    /** Sends the NOTIFICATION, then closes once it is written. */
    private void closeWith(Connection c, NotificationMessage n, String reason) {
        if (reason != null) {
            status.lastError(reason);
        }
        c.closeWith(n);
        failed(c, reason == null ? "closed (" + n + ")" : reason, n, null);
    }

    private void drop(Connection c, String reason) {
        c.close();
        failed(c, reason, null, null);
    }

    /** A connection ended; if it was the session, report Down and go to Idle with a growing back-off. */
    private void failed(Connection c, String reason, NotificationMessage sent, NotificationMessage received) {
        c.retire();
        boolean wasSession = c == connections.established();
        if (!connections.remove(c)) {
            return; // already accounted for
        }
        if (wasSession) {
            status.down();
            LOG.warn("{}: session down: {}", name(), reason);
            refreshState();
            listener.onEvent(session, new SessionEvent.Down(reason, sent, received));
        }
        if (!connections.isEmpty() || PeerConnections.lostCollision(sent) || !started) {
            refreshState();
            return;
        }
        // Nothing left: Idle, then try again after a back-off that grows with each consecutive failure
        // (RFC 4271 §8.1.1 DampPeerOscillations).
        cancelPeerTimers();
        setState(SessionState.IDLE);
        timers.idleHold(wasSession, this::beginConnecting);
    }

    /** The peer's state is that of its most advanced connection (RFC 4271 speaks of one; we may hold two). */
    private void refreshState() {
        SessionState s;
        SessionState exchange = connections.openExchangeState();
        if (connections.established() != null) {
            s = SessionState.ESTABLISHED;
        } else if (exchange != null) {
            s = exchange;
        } else if (!started || timers.inIdleHold()) {
            s = SessionState.IDLE;
        } else if (dialer.isConnecting()) {
            s = SessionState.CONNECT;
        } else {
            s = SessionState.ACTIVE;
        }
        setState(s);
    }

    private void setState(SessionState s) {
        SessionState old = status.state();
        if (status.moveTo(s)) {
            LOG.debug("{}: {} -> {}", name(), old, s);
            listener.onEvent(session, new SessionEvent.StateChanged(old, s));
        }
    }
}
