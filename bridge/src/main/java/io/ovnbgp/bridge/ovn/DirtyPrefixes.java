package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The prefixes to diff in the next transaction, in the order they became dirty, each with the {@link System#nanoTime}
 * arrival of the earliest UPDATE behind it (0 when none, e.g. a resync: no sync lag to measure); and whether our
 * rows whose prefix text reads as no prefix are to be looked at. What arrives while a transaction is in flight is
 * coalesced here. Writer thread only.
 */
final class DirtyPrefixes {
    /** What one transaction took: the prefixes with their arrivals, and whether the unreadable rows. */
    record Batch(Map<Prefix, Long> arrivals, boolean unreadable) {}

    private final LinkedHashMap<Prefix, Long> dirty = new LinkedHashMap<>();
    private boolean unreadable;

    void mark(Prefix p, long arrivalNanos) {
        Long old = dirty.get(p);
        if (old == null || old == 0 || (arrivalNanos != 0 && arrivalNanos - old < 0)) {
            dirty.put(p, arrivalNanos);
        }
    }

    void markAll(Set<Prefix> prefixes) {
        prefixes.forEach(p -> mark(p, 0));
    }

    /** The prefix of a row of ours changed (or the row did). */
    void mark(StaticRoute row) {
        OwnedRouteIndex.prefixOf(row).ifPresentOrElse(p -> mark(p, 0), this::markUnreadable);
    }

    void markUnreadable() {
        unreadable = true;
    }

    boolean isEmpty() {
        return dirty.isEmpty() && !unreadable;
    }

    boolean unreadable() {
        return unreadable;
    }

    /** The dirty prefixes with their arrivals, oldest mark first (a view: do not change it while iterating). */
    Map<Prefix, Long> entries() {
        return dirty;
    }

    /** The batch was written: its prefixes are clean unless marked again meanwhile with another arrival. */
    void done(Batch batch) {
        batch.arrivals().forEach((p, arrival) -> {
            if (Objects.equals(dirty.get(p), arrival)) {
                dirty.remove(p);
            }
        });
        if (batch.unreadable()) {
            unreadable = false;
        }
    }
}
