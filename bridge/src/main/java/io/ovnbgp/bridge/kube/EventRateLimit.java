package io.ovnbgp.bridge.kube;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (one per peer, one per ConfigMap): {@code burst} events at once, then one per
 * {@code refill}. An event over the limit is not lost without trace: the newest one waits as the key's pending
 * event and is posted when the next token comes, saying how many it stood for; the ones it replaced are counted.
 * So a flapping peer yields a few events, then at most one per {@code refill}, and the last state it reached is
 * always posted in the end. Thread-safe (short critical sections: the BGP event loop calls it).
 *
 * @param <E> what is rate-limited
 */
final class EventRateLimit<E> {
    /** What to post: the event and how many of the same key were not posted since the previous one. */
    record Admitted<E>(E event, long suppressedBefore) {}

    /** What the owner does with the outcome: post now, or call {@link #flush} after a delay. */
    interface Sink<E> {
        void post(String key, Admitted<E> admitted);

        void flushLater(String key, Duration delay);
    }

    private final int burst;
    private final Duration refill;
    private final LongSupplier nanos;
    private final Sink<E> sink;
    /** Guarded by this. */
    private final Map<String, Bucket<E>> buckets = new HashMap<>();
    /** Guarded by this. */
    private long suppressedTotal;

    private static final class Bucket<E> {
        double tokens;
        long refilledAt;
        E pending;
        long suppressed;
        boolean flushScheduled;
    }

    EventRateLimit(int burst, Duration refill, LongSupplier nanos, Sink<E> sink) {
        if (burst < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("burst " + burst + " and refill " + refill + " must be positive");
        }
        this.burst = burst;
        this.refill = refill;
        this.nanos = nanos;
        this.sink = sink;
    }

    void offer(String key, E event) {
        Admitted<E> now = null;
        Duration flushIn = null;
        synchronized (this) {
            Bucket<E> b = buckets.computeIfAbsent(key, k -> {
                Bucket<E> n = new Bucket<>();
                n.tokens = burst;
                n.refilledAt = nanos.getAsLong();
                return n;
            });
            refill(b);
            if (b.pending == null && b.tokens >= 1) {
                b.tokens--;
                now = take(b, event);
            } else {
                if (b.pending != null) {
                    b.suppressed++; // the older pending one is replaced: counted, never posted
                    suppressedTotal++;
                }
                b.pending = event;
                if (!b.flushScheduled) {
                    b.flushScheduled = true;
                    flushIn = untilNextToken(b);
                }
            }
        }
        // outside the lock: the sink may take its own
        if (now != null) {
            sink.post(key, now);
        } else if (flushIn != null) {
            sink.flushLater(key, flushIn);
        }
    }

    /** The delay asked for by {@link Sink#flushLater} is over: post the key's pending event if a token is there. */
    void flush(String key) {
        Admitted<E> now = null;
        Duration again = null;
        synchronized (this) {
            Bucket<E> b = buckets.get(key);
            if (b == null) {
                return;
            }
            b.flushScheduled = false;
            refill(b);
            if (b.pending == null) {
                return;
            }
            if (b.tokens >= 1) {
                b.tokens--;
                E e = b.pending;
                b.pending = null;
                now = take(b, e);
            } else {
                b.flushScheduled = true;
                again = untilNextToken(b);
            }
        }
        if (now != null) {
            sink.post(key, now);
        } else {
            sink.flushLater(key, again);
        }
    }

    /** Events not posted individually so far, over every key. */
    synchronized long suppressedTotal() {
        return suppressedTotal;
    }

    private Admitted<E> take(Bucket<E> b, E event) {
        Admitted<E> a = new Admitted<>(event, b.suppressed);
        b.suppressed = 0;
        return a;
    }

    private void refill(Bucket<E> b) {
        long t = nanos.getAsLong();
        double earned = (double) (t - b.refilledAt) / refill.toNanos();
        b.tokens = Math.min(burst, b.tokens + earned);
        b.refilledAt = t;
    }

    private Duration untilNextToken(Bucket<E> b) {
        double missing = Math.max(0, 1 - b.tokens);
        return Duration.ofNanos((long) Math.ceil(missing * refill.toNanos()));
    }
}
