package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.ObjIntConsumer;

/**
 * The RIB's prefix → path-chain map: the chain's first path, a {@link PathArena} handle ({@link PathArena#NONE}
 * for none). IPv4 prefixes, the bulk of any table, live in open-addressing pages keyed by one {@code long}
 * (address and length), with linear probing: no key object and no node per prefix, and a lookup touches two
 * arrays of primitives instead of chasing a node and a {@link Prefix}. IPv6 prefixes go to a {@link HashMap}.
 * Owned by the RIB thread; not thread-safe.
 *
 * <p>The pages grow by extendible hashing: a directory indexed by the hash's top bits names the page, and a page
 * that fills splits in place into itself and one new page. A table that doubled instead would leave its old
 * arrays behind at every doubling (24 MB of a million-prefix table, half of it the last time), promoted garbage
 * that only a full collection gives back and that the process's peak memory includes; here growth leaves only
 * the directory's old copies, a few kilobytes.
 */
final class PrefixTable {
    /** Visits one entry: returns the chain's new head, the same head to keep it, or NONE to remove the prefix. */
    interface Visitor {
        int visit(Prefix prefix, int head);
    }

    private static final int PAGE_BITS = 11;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int MASK = PAGE - 1;
    /** A page splits when it holds more than this: short probe runs, as a table three quarters full has. */
    private static final int PAGE_MAX = PAGE / 4 * 3;
    /** Marks a used slot: a key is never 0, whatever the prefix (0.0.0.0/0 included). */
    private static final long USED = 1L << 48;

    /** One page of IPv4 slots; {@code depth}: how many top bits of the hash its keys share. */
    private static final class Page {
        final long[] keys = new long[PAGE];
        final int[] values = new int[PAGE];
        int size;
        int depth;
    }

    /** Indexed by the top {@code globalDepth} bits of the hash; a page of depth d appears 2^(global - d) times. */
    private Page[] directory = {new Page()};

    private int globalDepth;
    /** Every page once, for the walks. */
    private final List<Page> pages = new ArrayList<>(List.of(directory[0]));
    /** A page's entries while it splits (reused: a split allocates only the new page). */
    private final long[] scratchKeys = new long[PAGE];

    private final int[] scratchValues = new int[PAGE];
    private int size4;
    private final HashMap<Prefix, Integer> v6 = new HashMap<>();

    private static long key(Prefix x) {
        return USED | (x.lo() << 8) | x.length();
    }

    private static Prefix prefix(long key) {
        return Prefix.ipv4((int) (key >>> 8), (int) (key & 0xFF));
    }

    /** A full 64-bit mix: the top bits pick the page, the low bits the slot, so both must be good. */
    private static long hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        return h ^ (h >>> 32);
    }

    private Page page(long h) {
        return globalDepth == 0 ? directory[0] : directory[(int) (h >>> (64 - globalDepth))];
    }

    /** The chain's first path, or {@link PathArena#NONE}. */
    int get(Prefix x) {
        if (x.isIpv6()) {
            return v6.getOrDefault(x, PathArena.NONE);
        }
        long k = key(x);
        long h = hash(k);
        Page p = page(h);
        for (int i = (int) h & MASK; ; i = (i + 1) & MASK) {
            long c = p.keys[i];
            if (c == k) {
                return p.values[i];
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
        long h = hash(k);
        Page p = page(h);
        if (insert(p, k, h, head)) {
            size4++;
            while (p.size > PAGE_MAX) {
                split(p);
                p = page(h);
            }
        }
    }

    /** Puts the key into the page; whether it is new there. */
    private static boolean insert(Page p, long k, long h, int value) {
        int i = (int) h & MASK;
        while (p.keys[i] != 0 && p.keys[i] != k) {
            i = (i + 1) & MASK;
        }
        boolean added = p.keys[i] == 0;
        if (added) {
            p.keys[i] = k;
            p.size++;
        }
        p.values[i] = value;
        return added;
    }

    /** Splits a full page by the next bit of the hash: the keys with it set move to a new page. */
    private void split(Page p) {
        if (p.depth == globalDepth) {
            Page[] wider = new Page[directory.length * 2];
            for (int i = 0; i < directory.length; i++) {
                wider[2 * i] = directory[i];
                wider[2 * i + 1] = directory[i];
            }
            directory = wider;
            globalDepth++;
        }
        Page q = new Page();
        int bit = 63 - p.depth;
        p.depth++;
        q.depth = p.depth;
        pages.add(q);
        int n = 0;
        for (int i = 0; i < PAGE; i++) {
            if (p.keys[i] != 0) {
                scratchKeys[n] = p.keys[i];
                scratchValues[n++] = p.values[i];
            }
        }
        Arrays.fill(p.keys, 0);
        Arrays.fill(p.values, PathArena.NONE);
        p.size = 0;
        for (int j = 0; j < n; j++) {
            long h = hash(scratchKeys[j]);
            insert(((h >>> bit) & 1) == 0 ? p : q, scratchKeys[j], h, scratchValues[j]);
        }
        // the directory entries of p whose index has that bit set name q now
        int indexBit = globalDepth - p.depth;
        for (int i = 0; i < directory.length; i++) {
            if (directory[i] == p && ((i >>> indexBit) & 1) == 1) {
                directory[i] = q;
            }
        }
    }

    void remove(Prefix x) {
        if (x.isIpv6()) {
            v6.remove(x);
            return;
        }
        long k = key(x);
        long h = hash(k);
        Page p = page(h);
        for (int i = (int) h & MASK; ; i = (i + 1) & MASK) {
            long c = p.keys[i];
            if (c == 0) {
                return;
            }
            if (c == k) {
                deleteSlot(p, i);
                size4--;
                return;
            }
        }
    }

    /** Empties slot {@code i} and moves later entries of its probe run back, so that no lookup stops early. */
    private static void deleteSlot(Page p, int i) {
        p.size--;
        int hole = i;
        for (int j = (i + 1) & MASK; p.keys[j] != 0; j = (j + 1) & MASK) {
            int home = (int) hash(p.keys[j]) & MASK;
            // the entry at j may fill the hole if its home is not in the cyclic range (hole, j]
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                p.keys[hole] = p.keys[j];
                p.values[hole] = p.values[j];
                hole = j;
            }
        }
        p.keys[hole] = 0;
        p.values[hole] = PathArena.NONE;
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
        for (Page p : pages) {
            for (int i = 0; i < PAGE; i++) {
                long k = p.keys[i];
                if (k == 0 || p.values[i] == PathArena.NONE) {
                    continue;
                }
                int after = visitor.visit(prefix(k), p.values[i]);
                p.values[i] = after;
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
        for (Page p : pages) {
            for (int i = 0; i < PAGE; i++) {
                if (p.keys[i] != 0 && p.values[i] != PathArena.NONE) {
                    action.accept(prefix(p.keys[i]), p.values[i]);
                }
            }
        }
        v6.forEach(action::accept);
    }
}
