package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.Prefix;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * The RIB's prefix → path-chain map: the chain's first path, a {@link PathArena} handle ({@link PathArena#NONE}
 * for none). IPv4 prefixes, the bulk of any table, live in an open-addressing table keyed by one {@code long}
 * (address and length), with linear probing: no key object and no node per prefix, and a lookup touches two
 * arrays of primitives instead of chasing a node and a {@link Prefix}. IPv6 prefixes go to a {@link HashMap}.
 * Owned by the RIB thread; not thread-safe.
 */
final class PrefixTable {
    /** Visits one entry: returns the chain's new head, the same head to keep it, or NONE to remove the prefix. */
    interface Visitor {
        int visit(Prefix prefix, int head);
    }

    private static final int MIN_CAPACITY = 1 << 10;
    /** Marks a used slot: a key is never 0, whatever the prefix (0.0.0.0/0 included). */
    private static final long USED = 1L << 48;

    private long[] keys = new long[MIN_CAPACITY];
    private int[] values = new int[MIN_CAPACITY];
    private int size4;
    private final HashMap<Prefix, Integer> v6 = new HashMap<>();

    private static long key(Prefix x) {
        return USED | (x.lo() << 8) | x.length();
    }

    private static Prefix prefix(long key) {
        return Prefix.ipv4((int) (key >>> 8), (int) (key & 0xFF));
    }

    private int slot(long key) {
        // Fibonacci hashing: the high bits of the product spread consecutive addresses over the table
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(keys.length)));
    }

    /** The chain's first path, or {@link PathArena#NONE}. */
    int get(Prefix x) {
        if (x.isIpv6()) {
            return v6.getOrDefault(x, PathArena.NONE);
        }
        long k = key(x);
        int mask = keys.length - 1;
        for (int i = slot(k); ; i = (i + 1) & mask) {
            long c = keys[i];
            if (c == k) {
                return values[i];
            }
            if (c == 0) {
                return PathArena.NONE;
            }
        }
    }

    /** Maps the prefix to {@code head}, which must not be NONE (use {@link #remove}). */
    void put(Prefix x, int head) {
        if (head == PathArena.NONE) {
            throw new IllegalArgumentException("no head for " + x);
        }
        if (x.isIpv6()) {
            v6.put(x, head);
            return;
        }
        long k = key(x);
        int mask = keys.length - 1;
        int i = slot(k);
        while (keys[i] != 0 && keys[i] != k) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            keys[i] = k;
            size4++;
        }
        values[i] = head;
        if (size4 * 4L > keys.length * 3L) {
            resize(keys.length * 2);
        }
    }

    void remove(Prefix x) {
        if (x.isIpv6()) {
            v6.remove(x);
            return;
        }
        long k = key(x);
        int mask = keys.length - 1;
        for (int i = slot(k); ; i = (i + 1) & mask) {
            long c = keys[i];
            if (c == 0) {
                return;
            }
            if (c == k) {
                deleteSlot(i);
                return;
            }
        }
    }

    /** Empties slot {@code i} and moves later entries of its probe run back, so that no lookup stops early. */
    private void deleteSlot(int i) {
        int mask = keys.length - 1;
        size4--;
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = slot(keys[j]);
            // the entry at j may fill the hole if its home is not in the cyclic range (hole, j]
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        values[hole] = PathArena.NONE;
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[capacity];
        values = new int[capacity];
        int mask = capacity - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != 0) {
                int i = slot(k);
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }

    int size() {
        return size4 + v6.size();
    }

    /**
     * Visits every prefix once (IPv4, then IPv6) and applies what the visitor returns. The visitor may read the
     * table but must not change it other than through its return value.
     */
    void update(Visitor visitor) {
        long[] gone = null;
        int goneCount = 0;
        for (int i = 0; i < keys.length; i++) {
            long k = keys[i];
            if (k == 0 || values[i] == PathArena.NONE) {
                continue;
            }
            int after = visitor.visit(prefix(k), values[i]);
            values[i] = after;
            if (after == PathArena.NONE) {
                // removed after the pass: a removal now would shift later entries under the cursor
                if (gone == null) {
                    gone = new long[16];
                } else if (goneCount == gone.length) {
                    gone = Arrays.copyOf(gone, goneCount * 2);
                }
                gone[goneCount++] = k;
            }
        }
        for (int g = 0; g < goneCount; g++) {
            remove(prefix(gone[g]));
        }
        Iterator<Map.Entry<Prefix, Integer>> it = v6.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Prefix, Integer> e = it.next();
            int after = visitor.visit(e.getKey(), e.getValue());
            if (after == PathArena.NONE) {
                it.remove();
            } else if (after != e.getValue()) {
                e.setValue(after);
            }
        }
    }

    /** Visits every prefix (read only). */
    void forEach(ObjIntConsumer<Prefix> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0 && values[i] != PathArena.NONE) {
                action.accept(prefix(keys[i]), values[i]);
            }
        }
        v6.forEach(action::accept);
    }
}
