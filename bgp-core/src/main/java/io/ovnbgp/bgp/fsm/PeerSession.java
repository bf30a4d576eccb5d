package io.ovnbgp.bgp.fsm;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.BgpDecodeException;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.RouteRefreshMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * One peer's BGP session as the rest of the program sees it: its settings and status, readable from any thread,
 * and the commands, which hop onto the speaker's event loop where its RFC 4271 §8 state machine
 * ({@link SessionFsm}) runs. The transport reports each connection's events here.
 */
public final class PeerSession {
    private final PeerSettings settings;
    private final EventLoop loop;
    private final PeerCounters counters;
    private final SessionStatus status = new SessionStatus();
    private final SessionFsm fsm;

    /**
     * With the counters of an earlier session of the same peer, so that what it counted (the NOTIFICATION that
     * ended it above all) survives the peer being re-created with new settings.
     */
    public PeerSession(
            PeerSettings settings,
            EventLoop loop,
            Transport transport,
            SessionListener listener,
            PeerCounters counters) {
        this.settings = settings;
        this.loop = loop;
        this.counters = counters;
        this.fsm = new SessionFsm(this, status, loop, transport, listener, counters);
    }

    public PeerSettings settings() {
        return settings;
    }

    public String name() {
        return settings.name();
    }

    public SessionState state() {
        return status.state();
    }

    /** What the Established session agreed on; empty when not Established. */
    public Optional<Negotiated> negotiated() {
        return state() == SessionState.ESTABLISHED ? Optional.ofNullable(status.negotiated()) : Optional.empty();
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
    public void pauseReading(BooleanSupplier paused) {
        loop.execute(() -> fsm.pauseReading(paused.getAsBoolean()));
    }

    /** Milliseconds since Established, or 0. */
    public long uptimeMillis() {
        return status.uptimeMillis();
    }

    /**
     * Wall-clock milliseconds when the session last entered or left Established, or when this peer was created if
     * it never was: with {@link #state()} it gives a router's Up/Down time (up for so long, or down for so long).
     */
    public long upDownSinceMillis() {
        return status.upDownSinceMillis();
    }

    /** The last error in an administrator's words (NOTIFICATION sent or received, connection failure). */
    public Optional<String> lastError() {
        return Optional.ofNullable(status.lastError());
    }

    // ---------------------------------------------------------------- commands (any thread)

    /** RFC 4271 ManualStart (or ManualStart_with_PassiveTcpEstablishment for a passive peer). */
    public void start() {
        fsm.startRequested(true);
        onLoop(fsm::start);
    }

    /**
     * Administrative shutdown: Cease / Administrative Shutdown (RFC 4486) carrying an RFC 8203 message, and no
     * reconnection until {@link #start()}.
     */
    public CompletableFuture<Void> stop(String communication) {
        return stopAndRestart(
                NotificationMessage.administrativeShutdown(communication),
                "administrative shutdown" + (communication.isEmpty() ? "" : ": " + communication),
                null);
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

    private CompletableFuture<Void> stopAndRestart(
            NotificationMessage notification, String reason, Duration restartAfter) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        fsm.startRequested(false);
        // complete once the old connections are gone: the peer has then read our NOTIFICATION and closed (or the
        // linger ran out), so a replacement session's new connection cannot reach it first (FRR takes a new
        // connection from an Established graceful-restart peer as a restart, dropping the unread NOTIFICATION)
        onLoop(() -> {
            List<ChannelFuture> closing = fsm.stop(notification, reason, restartAfter);
            PromiseCombiner all = new PromiseCombiner(ImmediateEventExecutor.INSTANCE);
            closing.forEach(all::add);
            Promise<Void> p = ImmediateEventExecutor.INSTANCE.newPromise();
            p.addListener(f -> done.complete(null));
            all.finish(p);
        });
        return done;
    }

    /** Administrative reset: Cease / Administrative Reset, then connect again. */
    public void reset(String communication) {
        onLoop(() -> fsm.reset(communication));
    }

    /** Sends an UPDATE (or any message) on the Established session; fails if there is none. */
    public CompletableFuture<Void> send(BgpMessage m) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> fsm.send(m, done));
        return done;
    }

    /** Asks the peer to send its routes for a family again (RFC 2918), if it supports route refresh. */
    public CompletableFuture<Void> requestRouteRefresh(AfiSafi family) {
        Negotiated n = status.negotiated();
        if (state() != SessionState.ESTABLISHED || n == null || !n.routeRefresh()) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    name() + ": route refresh needs an Established session with the capability"));
        }
        return send(new RouteRefreshMessage(family, RouteRefreshMessage.NORMAL));
    }

    // ---------------------------------------------------------------- the transport's events (event loop)

    /** An inbound TCP connection from this peer's address was accepted. */
    public void inboundConnected(Channel ch) {
        fsm.inboundConnected(ch);
    }

    public void messageReceived(Channel ch, BgpMessage m) {
        fsm.messageReceived(ch, m);
    }

    /** The decoder found an error the RFCs answer with a NOTIFICATION and a closed connection. */
    public void decodeFailed(Channel ch, BgpDecodeException e) {
        fsm.decodeFailed(ch, e);
    }

    public void connectionClosed(Channel ch) {
        fsm.connectionClosed(ch);
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
                + ", " + state() + ")";
    }
}
