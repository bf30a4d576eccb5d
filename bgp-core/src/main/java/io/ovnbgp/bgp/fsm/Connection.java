package io.ovnbgp.bgp.fsm;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.ScheduledFuture;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.KeepaliveMessage;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.OpenMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection of a peer: where it is in the OPEN exchange, its hold and keepalive timers, and its close.
 * A peer may hold two while the OPENs cross ({@link PeerConnections}); which one lives on is the session's call.
 * Runs on the peer's event loop only.
 */
final class Connection {
    /** How long a connection that sent a NOTIFICATION waits for the peer to close it before closing it. */
    static final Duration NOTIFICATION_LINGER = Duration.ofSeconds(1);

    /** The session's log lines keep the logger they had before the connection was its own class. */
    private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);
    /** RFC 4271 §8: a large hold time while waiting for the peer's OPEN (4 minutes suggested). */
    private static final int OPEN_HOLD_SECONDS = 240;

    private final Channel channel;
    private final boolean inbound;
    private final SessionFsm session;
    private SessionState state = SessionState.OPEN_SENT;
    private Negotiated agreed;
    private int holdSeconds = OPEN_HOLD_SECONDS;
    private NotificationMessage sentNotification;
    private ScheduledFuture<?> holdTimer;
    private ScheduledFuture<?> keepaliveTimer;
    /** Set once the session let it go: a timer that fires late does nothing. */
    private boolean retired;

    Connection(Channel channel, boolean inbound, SessionFsm session) {
        this.channel = channel;
        this.inbound = inbound;
        this.session = session;
    }

    boolean inbound() {
        return inbound;
    }

    boolean isOn(Channel ch) {
        return channel == ch;
    }

    SessionState state() {
        return state;
    }

    /** What the OPENs agreed on; null before OpenConfirm. */
    Negotiated agreed() {
        return agreed;
    }

    int holdSeconds() {
        return holdSeconds;
    }

    /** The NOTIFICATION this side closed the connection with, or null. */
    NotificationMessage sentNotification() {
        return sentNotification;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    /** Completes when the TCP connection is closed (by the peer, or by us after a NOTIFICATION's linger). */
    ChannelFuture closed() {
        return channel.closeFuture();
    }

    ChannelFuture write(BgpMessage m) {
        session.counters().sent(m);
        return channel.writeAndFlush(m);
    }

    /** Our OPEN, with the codec of an OPEN exchange; then OpenSent under the long hold time. */
    void sendOpen(OpenMessage open) {
        session.transport().useCodec(channel, CodecContext.BEFORE_OPEN);
        write(open);
        state = SessionState.OPEN_SENT;
        restartHoldTimer();
    }

    /** The peer's OPEN was accepted: its codec from now on, our KEEPALIVE, OpenConfirm under the agreed timers. */
    void openAccepted(Negotiated n) {
        agreed = n;
        session.transport().useCodec(channel, n.codecContext());
        write(KeepaliveMessage.INSTANCE);
        state = SessionState.OPEN_CONFIRM;
        holdSeconds = n.holdTimeSeconds();
        restartHoldTimer();
        startKeepalives();
    }

    void established() {
        state = SessionState.ESTABLISHED;
        restartHoldTimer();
    }

    /** Stops or resumes reading (back-pressure); the hold timer knows a paused connection is not a silent peer. */
    void pauseReading(boolean paused) {
        channel.config().setAutoRead(!paused);
    }

    /** Something arrived: the peer is alive. Hold time 0 means no timer at all (RFC 4271 §4.2). */
    void restartHoldTimer() {
        if (holdTimer != null) {
            holdTimer.cancel(false);
        }
        if (holdSeconds == 0) {
            return;
        }
        holdTimer = session.loop().schedule(this::holdTimerFired, holdSeconds, TimeUnit.SECONDS);
    }

    private void holdTimerFired() {
        if (retired) {
            return;
        }
        if (!channel.config().isAutoRead()) {
            // we stopped reading (back-pressure): what the peer sent is waiting, not missing
            LOG.warn("{}: reading was paused for the whole hold time ({} s): resuming it", session.name(), holdSeconds);
            channel.config().setAutoRead(true);
            restartHoldTimer();
            return;
        }
        session.holdTimerExpired(this);
    }

    private void startKeepalives() {
        int ka = agreed.keepaliveSeconds();
        if (ka == 0) {
            return; // hold time 0: no KEEPALIVEs (RFC 4271 §4.4)
        }
        keepaliveTimer = session.loop()
                .scheduleAtFixedRate(
                        () -> {
                            if (channel.isActive()) {
                                write(KeepaliveMessage.INSTANCE);
                            }
                        },
                        ka,
                        ka,
                        TimeUnit.SECONDS);
    }

    /** Sends the NOTIFICATION, then closes once it is written. */
    void closeWith(NotificationMessage n) {
        sentNotification = n;
        if (channel.isActive()) {
            write(n).addListener(f -> closeAfterNotification());
        } else {
            channel.close();
        }
    }

    /**
     * After a NOTIFICATION the peer closes; we close only if it has not within {@link #NOTIFICATION_LINGER}. A FIN
     * right behind the NOTIFICATION can overtake it at the peer: FRR reads both and may handle the closed
     * connection before the message ("NSF peer closed the session", the reason lost, and a graceful-restart peer
     * then keeps our routes as stale instead of flushing them). What still arrives is read and ignored: the
     * connection is retired.
     */
    private void closeAfterNotification() {
        if (channel.isActive()) {
            channel.eventLoop().schedule(() -> channel.close(), NOTIFICATION_LINGER.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Closes without a NOTIFICATION. */
    void close() {
        channel.close();
    }

    /** The session let it go: its timers stop. */
    void retire() {
        retired = true;
        if (holdTimer != null) {
            holdTimer.cancel(false);
        }
        if (keepaliveTimer != null) {
            keepaliveTimer.cancel(false);
        }
    }

    @Override
    public String toString() {
        return (inbound ? "inbound " : "outbound ") + channel.remoteAddress();
    }
}
