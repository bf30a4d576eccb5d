package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.Arrays;
import java.util.List;

/**
 * One RIB task's Loc-RIB changes, in order, until the task ends and {@link RouteChangeQueue#publishAll} takes
 * them: parallel arrays reused from task to task, so a change costs no object of its own. RIB thread only.
 */
final class ChangeBatch {
    private Prefix[] prefixes = new Prefix[64];
    private Object[] hops = new Object[64];
    private long[] nanos = new long[64];
    private int size;

    /** {@code nextHops} must be immutable: the queue keeps it as it is. */
    void add(Prefix x, List<IpAddress> nextHops, long arrivalNanos) {
        if (size == prefixes.length) {
            prefixes = Arrays.copyOf(prefixes, size * 2);
            hops = Arrays.copyOf(hops, size * 2);
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        prefixes[size] = x;
        hops[size] = nextHops;
        nanos[size] = arrivalNanos;
        size++;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Prefix prefix(int i) {
        return prefixes[i];
    }

    @SuppressWarnings("unchecked")
    List<IpAddress> nextHops(int i) {
        return (List<IpAddress>) hops[i];
    }

    long nanos(int i) {
        return nanos[i];
    }

    /** Forgets the changes (and lets their prefixes go). */
    void clear() {
        Arrays.fill(prefixes, 0, size, null);
        Arrays.fill(hops, 0, size, null);
        size = 0;
    }
}
