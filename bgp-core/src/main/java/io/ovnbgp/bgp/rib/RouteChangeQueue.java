package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Loc-RIB's change stream, from the RIB thread to one consumer (the OVN writer). Changes come out in the
 * order their prefixes first changed; while a change waits, a newer one for the same prefix replaces its value
 * but keeps its place and its earliest arrival time, so a slow consumer sees at most one change per prefix and
 * the queue never holds more entries than the Loc-RIB has prefixes.
 *
 * <p>A full table's load publishes a change per prefix, so a waiting change is no object: it is a slot of a ring
 * of parallel arrays (the prefix as one {@code long} for IPv4, as in {@link PrefixTable}; the next-hop list, which
 * the RIB shares between prefixes; the arrival time), found for coalescing through an open-addressing index of
 * the same keys. The {@link RouteChange} is made when the consumer takes it, on the consumer's thread. Before,
 * each waiting change was a {@code RouteChange} and a {@code LinkedHashMap} entry made on the RIB thread: the
 * largest source of its allocation, and of garbage promoted when a young collection found them waiting.
 */
public final class RouteChangeQueue {
    private static final int MIN_CAPACITY = 1 << 8;
    /** Above this, an emptied queue gives its arrays back rather than keep a burst's worth of memory. */
    private static final int KEEP_CAPACITY = 1 << 12;
    /** Marks a used index slot and an IPv4 ring entry: a key is never 0, whatever the prefix. */
    private static final long USED = 1L << 48;
    /** A ring entry whose prefix is IPv6, kept in {@link #ringV6}. */
    private static final long V6 = 0;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private volatile Runnable onPublish = () -> {};

    // the ring, in order of first change: entry i (head <= i < head + size) is at slot i & (capacity - 1)
    private long[] ringKey = new long[MIN_CAPACITY];
    private Object[] ringHops = new Object[MIN_CAPACITY];
    private long[] ringNanos = new long[MIN_CAPACITY];
    /** IPv6 prefixes of the ring's IPv6 entries (null until one comes). */
    private Prefix[] ringV6;

    private int head;
    private int size;

    // IPv4 key -> ring slot; the IPv6 prefixes, rare, in a map
    private long[] indexKey = new long[MIN_CAPACITY * 2];
    private int[] indexSlot = new int[MIN_CAPACITY * 2];
    private final HashMap<Prefix, Integer> indexV6 = new HashMap<>();

    /**
     * Sets what runs after each publish (on the RIB thread, outside the queue's lock; null for nothing): a consumer
     * that also waits on other sources wakes at once instead of polling this queue with a timeout. Keep it quick
     * and non-blocking, e.g. a signal.
     */
    public void onPublish(Runnable wake) {
        this.onPublish = wake == null ? () -> {} : wake;
    }

    /** Called by the RIB thread. */
    void publish(Prefix prefix, List<IpAddress> nextHops, long arrivalNanos) {
        lock.lock();
        try {
            add(prefix, List.copyOf(nextHops), arrivalNanos);
            published.incrementAndGet();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        onPublish.run();
    }

    /** Called by the RIB thread with one task's changes, in order: one lock for all of them. */
    void publishAll(List<RouteChange> batch) {
        lock.lock();
        try {
            for (RouteChange c : batch) {
                add(c.prefix(), c.nextHops(), c.firstArrivalNanos());
            }
            published.addAndGet(batch.size());
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        onPublish.run();
    }

    /** Called by the RIB thread with one task's changes, in order (next-hop lists immutable): one lock for all. */
    void publishAll(ChangeBatch batch) {
        int n = batch.size();
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                add(batch.prefix(i), batch.nextHops(i), batch.nanos(i));
            }
            published.addAndGet(n);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        onPublish.run();
    }

    /** Waits until at least one change is there, then takes up to {@code max}, oldest first. */
    public List<RouteChange> drain(int max) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                notEmpty.await();
            }
            return take(max);
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #drain} but waits at most {@code timeout}; empty if nothing came. */
    public List<RouteChange> poll(int max, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (size == 0) {
                if (nanos <= 0) {
                    return List.of();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return take(max);
        } finally {
            lock.unlock();
        }
    }

    /** Whatever is there now, without waiting. */
    public List<RouteChange> drainNow(int max) {
        lock.lock();
        try {
            return take(max);
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** Changes published since start. */
    public long published() {
        return published.get();
    }

    /** Changes that replaced a waiting change for the same prefix. */
    public long coalesced() {
        return coalesced.get();
    }

    // ------------------------------------------------------------------------------------------ under the lock

    private static long key(Prefix x) {
        return USED | (x.lo() << 8) | x.length();
    }

    private void add(Prefix x, List<IpAddress> hops, long nanos) {
        int slot = find(x);
        if (slot >= 0) {
            coalesced.incrementAndGet();
            ringHops[slot] = hops;
            if (nanos - ringNanos[slot] < 0) {
                ringNanos[slot] = nanos;
            }
            return;
        }
        if (size == ringKey.length) {
            growRing();
        }
        int mask = ringKey.length - 1;
        slot = (head + size) & mask;
        size++;
        ringHops[slot] = hops;
        ringNanos[slot] = nanos;
        if (x.isIpv6()) {
            ringKey[slot] = V6;
            if (ringV6 == null) {
                ringV6 = new Prefix[ringKey.length];
            }
            ringV6[slot] = x;
            indexV6.put(x, slot);
        } else {
            long k = key(x);
            ringKey[slot] = k;
            indexPut(k, slot);
        }
    }

    /** The ring slot of the prefix's waiting change, or -1. */
    private int find(Prefix x) {
        if (x.isIpv6()) {
            Integer s = indexV6.get(x);
            return s == null ? -1 : s;
        }
        long k = key(x);
        int mask = indexKey.length - 1;
        for (int i = indexHome(k); ; i = (i + 1) & mask) {
            long c = indexKey[i];
            if (c == k) {
                return indexSlot[i];
            }
            if (c == 0) {
                return -1;
            }
        }
    }

    private List<RouteChange> take(int max) {
        int n = Math.min(max, size);
        List<RouteChange> out = new ArrayList<>(n);
        int mask = ringKey.length - 1;
        for (int j = 0; j < n; j++) {
            int slot = head;
            long k = ringKey[slot];
            Prefix x;
            if (k == V6) {
                x = ringV6[slot];
                ringV6[slot] = null;
                indexV6.remove(x);
            } else {
                x = Prefix.ipv4((int) (k >>> 8), (int) (k & 0xFF));
                indexRemove(k);
            }
            @SuppressWarnings("unchecked")
            List<IpAddress> hops = (List<IpAddress>) ringHops[slot];
            ringHops[slot] = null;
            out.add(new RouteChange(x, hops, ringNanos[slot]));
            head = (head + 1) & mask;
            size--;
        }
        if (size == 0) {
            head = 0;
            if (ringKey.length > KEEP_CAPACITY) {
                // a burst (a full table) is over: its arrays become garbage instead of staying for good
                ringKey = new long[MIN_CAPACITY];
                ringHops = new Object[MIN_CAPACITY];
                ringNanos = new long[MIN_CAPACITY];
                ringV6 = null;
                indexKey = new long[MIN_CAPACITY * 2];
                indexSlot = new int[MIN_CAPACITY * 2];
            }
        }
        return out;
    }

    /** Doubles the ring, its entries moved to the front in order; the index follows them. */
    private void growRing() {
        int capacity = ringKey.length;
        int mask = capacity - 1;
        long[] keys = new long[capacity * 2];
        Object[] hops = new Object[capacity * 2];
        long[] nanos = new long[capacity * 2];
        Prefix[] v6 = ringV6 == null ? null : new Prefix[capacity * 2];
        for (int j = 0; j < size; j++) {
            int from = (head + j) & mask;
            keys[j] = ringKey[from];
            hops[j] = ringHops[from];
            nanos[j] = ringNanos[from];
            if (v6 != null) {
                v6[j] = ringV6[from];
            }
        }
        ringKey = keys;
        ringHops = hops;
        ringNanos = nanos;
        ringV6 = v6;
        head = 0;
        // the index is kept at most half full of the ring's capacity: rebuild it at the new size
        indexKey = new long[capacity * 4];
        indexSlot = new int[capacity * 4];
        indexV6.clear();
        for (int j = 0; j < size; j++) {
            if (keys[j] == V6) {
                indexV6.put(v6[j], j);
            } else {
                indexPut(keys[j], j);
            }
        }
    }

    private int indexHome(long k) {
        // Fibonacci hashing, as in PrefixTable
        return (int) ((k * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(indexKey.length)));
    }

    private void indexPut(long k, int slot) {
        int mask = indexKey.length - 1;
        int i = indexHome(k);
        while (indexKey[i] != 0) {
            i = (i + 1) & mask;
        }
        indexKey[i] = k;
        indexSlot[i] = slot;
    }

    private void indexRemove(long k) {
        int mask = indexKey.length - 1;
        int i = indexHome(k);
        while (indexKey[i] != k) {
            i = (i + 1) & mask;
        }
        // backward-shift deletion, as in PrefixTable: no tombstones, no lookup stops early
        int hole = i;
        for (int j = (i + 1) & mask; indexKey[j] != 0; j = (j + 1) & mask) {
            int home = indexHome(indexKey[j]);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                indexKey[hole] = indexKey[j];
                indexSlot[hole] = indexSlot[j];
                hole = j;
            }
        }
        indexKey[hole] = 0;
    }
}
