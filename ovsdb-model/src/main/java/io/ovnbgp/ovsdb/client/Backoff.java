package io.ovnbgp.ovsdb.client;

import java.time.Duration;

/**
 * Reconnect delays: {@code min}, doubling up to {@code max}. With several members (a RAFT cluster) the delay
 * doubles once per round through all of them, so that a cluster in the middle of an election is asked again
 * soon; {@link #reset()} after a good connection.
 */
public final class Backoff {
    private final Duration min;
    private final Duration max;
    private final int perRound;
    private Duration current;
    private int usedInRound;

    public Backoff(Duration min, Duration max) {
        this(min, max, 1);
    }

    public Backoff(Duration min, Duration max, int members) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < min <= max, got " + min + " and " + max);
        }
        if (members < 1) {
            throw new IllegalArgumentException("back-off needs at least one member, got " + members);
        }
        this.min = min;
        this.max = max;
        this.perRound = members;
        this.current = min;
    }

    /** The delay before the next attempt; after a full round of attempts the delay doubles, up to the maximum. */
    public synchronized Duration next() {
        Duration d = current;
        if (++usedInRound >= perRound) {
            usedInRound = 0;
            Duration doubled = current.multipliedBy(2);
            current = doubled.compareTo(max) > 0 ? max : doubled;
        }
        return d;
    }

    public synchronized void reset() {
        current = min;
        usedInRound = 0;
    }
}
