package io.ovnbgp.bgp.fsm;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Opens a peer's outgoing connections: one attempt at a time, at once when the session starts (or leaves its Idle
 * hold), then on each tick of the ConnectRetry timer (RFC 4271 §8.1.1) while the session wants one. What becomes
 * of a finished attempt is the session's call. Runs on the peer's event loop only.
 */
final class Dialer {
    private final EventLoop loop;
    private final Duration connectRetryTime;
    private final Supplier<ChannelFuture> connect;
    private final Runnable attemptStarted;
    private final Consumer<ChannelFuture> attemptDone;
    private ChannelFuture connecting;
    private ScheduledFuture<?> connectRetry;

    /**
     * @param connect        opens a connection (the transport)
     * @param attemptStarted told once an attempt is under way
     * @param attemptDone    told how an attempt ended, cancelled ones included
     */
    Dialer(
            EventLoop loop,
            Duration connectRetryTime,
            Supplier<ChannelFuture> connect,
            Runnable attemptStarted,
            Consumer<ChannelFuture> attemptDone) {
        this.loop = loop;
        this.connectRetryTime = connectRetryTime;
        this.connect = connect;
        this.attemptStarted = attemptStarted;
        this.attemptDone = attemptDone;
    }

    /** An attempt is under way: the session is in Connect. */
    boolean isConnecting() {
        return connecting != null;
    }

    /** Dials now and on each ConnectRetry tick from now on, each time {@code wanted} and no attempt is running. */
    void start(BooleanSupplier wanted) {
        dial(wanted);
        if (connectRetry != null) {
            connectRetry.cancel(false);
        }
        long ms = connectRetryTime.toMillis();
        connectRetry = loop.scheduleAtFixedRate(() -> dial(wanted), ms, ms, TimeUnit.MILLISECONDS);
    }

    private void dial(BooleanSupplier wanted) {
        if (connecting != null || !wanted.getAsBoolean()) {
            return;
        }
        ChannelFuture f = connect.get();
        connecting = f;
        attemptStarted.run();
        f.addListener((ChannelFutureListener) cf -> {
            if (connecting == cf) {
                connecting = null;
            }
            attemptDone.accept(cf);
        });
    }

    /** Stops the ConnectRetry timer; an attempt under way goes on. */
    void stopRetrying() {
        if (connectRetry != null) {
            connectRetry.cancel(false);
            connectRetry = null;
        }
    }

    /** Cancels the attempt under way, if any. */
    void cancelAttempt() {
        if (connecting != null) {
            connecting.cancel(false);
            connecting = null;
        }
    }
}
