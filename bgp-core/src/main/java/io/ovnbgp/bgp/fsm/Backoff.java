package io.ovnbgp.bgp.fsm;

import java.time.Duration;

/**
 * Delays between attempts that fail one after the other: {@code min} for the first, doubling with each further
 * failure, never above {@code max}; {@link #reset()} after a success. The only back-off of bgp-core (a peer's
 * Idle hold time, RFC 4271 §8.1.1 DampPeerOscillations); ovsdb-model keeps its own, as it cannot see this module.
 * A zero {@code min} never waits.
 *
 * <p>Not thread-safe: it belongs to one owner (a session's event loop).
 */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private Duration current;
    private int failures;

    public Backoff(Duration min, Duration max) {
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("back-off needs 0 <= min <= max, got " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
        this.current = min;
    }

    /** Counts one more failure and returns the delay before the next attempt. */
    public Duration next() {
        Duration d = current;
        failures++;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return d;
    }

    /** Failures counted since the last {@link #reset()}. */
    public int failures() {
        return failures;
    }

    /** After a success: the next failure waits {@code min} again. */
    public void reset() {
        current = min;
        failures = 0;
    }
}
