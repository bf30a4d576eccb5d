package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.OvsdbSession;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener's own event thread and the queue in front of it, with back-pressure: when the listener falls
 * {@value #PAUSE_AT} calls behind, the connection the calls came from stops reading until the queue is down to
 * {@value #RESUME_AT}. The server then holds the updates back (ovsdb-server merges a slow client's pending
 * changes) instead of this queue growing without bound.
 */
final class ListenerQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerQueue.class);
    static final int PAUSE_AT = 64;
    static final int RESUME_AT = 16;

    private final ThreadPoolExecutor events;
    private final AtomicInteger backlog = new AtomicInteger();
    private final AtomicLong pauses = new AtomicLong();
    private volatile OvsdbSession paused;
    private volatile boolean listenerInTransact;
    private volatile Thread eventThread;

    ListenerQueue() {
        this.events = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "nb-events");
            t.setDaemon(true);
            return t;
        });
    }

    /** Listener calls queued or running; at most about {@link #PAUSE_AT} plus what one read already decoded. */
    int backlog() {
        return backlog.get();
    }

    /** How many times the connection stopped reading because the listener fell behind. */
    long pauses() {
        return pauses.get();
    }

    /** Whether the caller is the listener's event thread. */
    boolean onEventThread() {
        return Thread.currentThread() == eventThread;
    }

    /**
     * The listener is about to wait for its own transaction: a listener that writes while it is behind would wait
     * for a reply that the paused connection never reads, so reading goes on until {@link #transactDone}.
     */
    void transactStarted() {
        listenerInTransact = true;
        resumeReading();
    }

    void transactDone() {
        listenerInTransact = false;
    }

    /**
     * Queues a listener call. Called on the Netty thread for monitor updates: when the listener is
     * {@link #PAUSE_AT} calls behind, the connection stops reading (the server keeps the updates) until it is
     * down to {@link #RESUME_AT}. The queue itself stays unbounded in type so that no update is ever dropped; what
     * can arrive after the pause is what one read had already decoded.
     */
    void post(Runnable r, OvsdbSession from) {
        int n = backlog.incrementAndGet();
        if (from != null && n >= PAUSE_AT && paused == null && !listenerInTransact) {
            paused = from;
            pauses.incrementAndGet();
            from.setReading(false);
        }
        try {
            events.execute(() -> {
                eventThread = Thread.currentThread();
                try {
                    r.run();
                } catch (RuntimeException e) {
                    LOG.error("OVN Northbound listener failed", e);
                } finally {
                    if (backlog.decrementAndGet() <= RESUME_AT) {
                        resumeReading();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            backlog.decrementAndGet(); // closing
        }
    }

    /** Queues a listener call that does not come from a connection's reads (nothing to pause). */
    void post(Runnable r) {
        post(r, null);
    }

    private void resumeReading() {
        OvsdbSession p = paused;
        if (p != null) {
            paused = null;
            p.setReading(true);
        }
    }

    /** Lets queued calls finish, at most 5 s, then stops the event thread. */
    void close() {
        events.shutdown();
        try {
            if (!events.awaitTermination(5, TimeUnit.SECONDS)) {
                events.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
