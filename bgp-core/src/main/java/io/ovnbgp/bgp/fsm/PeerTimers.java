package io.ovnbgp.bgp.fsm;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A peer's timers that outlive its connections (each {@link Connection} has its hold and keepalive timers, the
 * {@link Dialer} the ConnectRetry timer): the Idle hold after every connection failed, which grows with each
 * consecutive failure (RFC 4271 §8.1.1 DampPeerOscillations), and a start delayed by
 * {@link PeerSession#stopAndRestart}. Runs on the peer's event loop only.
 */
final class PeerTimers {
    private static final Duration MAX_IDLE_HOLD = Duration.ofSeconds(120);
    /** A session that was Established comes back this soon the first time it goes down. */
    private static final Duration QUICK_RETURN = Duration.ofSeconds(1);
    /** The Idle hold doubles at most this many times from the ConnectRetry time. */
    private static final int MAX_DOUBLINGS = 6;

    private final EventLoop loop;
    private final Backoff idleBackoff;
    private ScheduledFuture<?> idleHold;
    private ScheduledFuture<?> delayedStart;

    /** @param connectRetryTime the first Idle hold, doubling from there */
    PeerTimers(EventLoop loop, Duration connectRetryTime) {
        this.loop = loop;
        Duration max = min(connectRetryTime.multipliedBy(1L << MAX_DOUBLINGS), MAX_IDLE_HOLD);
        this.idleBackoff = new Backoff(min(connectRetryTime, MAX_IDLE_HOLD), max);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * Every connection failed (and {@link #cancelIdleHold} was called): stays Idle for the back-off of this
     * failure, then runs {@code retry}. A session that was Established comes back quickly the first time.
     */
    void idleHold(boolean wasEstablished, Runnable retry) {
        boolean first = idleBackoff.failures() == 0;
        Duration wait = idleBackoff.next();
        if (first && wasEstablished) {
            wait = QUICK_RETURN;
        }
        idleHold = loop.schedule(
                () -> {
                    idleHold = null;
                    retry.run();
                },
                wait.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Whether the Idle hold is running: the peer refuses connections meanwhile. */
    boolean inIdleHold() {
        return idleHold != null && !idleHold.isDone();
    }

    /** Started, or Established: the next failure waits the shortest time again. */
    void resetBackoff() {
        idleBackoff.reset();
    }

    void cancelIdleHold() {
        if (idleHold != null) {
            idleHold.cancel(false);
            idleHold = null;
        }
    }

    void delayStart(Duration after, Runnable start) {
        delayedStart = loop.schedule(
                () -> {
                    delayedStart = null;
                    start.run();
                },
                after.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void cancelDelayedStart() {
        if (delayedStart != null) {
            delayedStart.cancel(false);
            delayedStart = null;
        }
    }
}
