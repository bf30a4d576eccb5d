package io.ovnbgp.bgp.rib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every path of the RIB, one peer's path for one prefix, as a row of plain arrays indexed by an {@code int}
 * handle: the peer, the accepted and the pre-policy attribute sets (by their interner id), the next path of the
 * prefix's chain and the decision's flags. Adj-RIB-In and Loc-RIB in one row (BIRD's model).
 *
 * <p>Why rows of ints and not one object per path: a full table is a million paths, and a million small objects,
 * each stored into the prefix table's big array while still young, cost the collector most of an ingest (G1's
 * write barrier on every store, every young collection copying them again). Rows of ints are filled in order,
 * hold no reference the collector has to trace, and a freed row is reused. Handle {@link #NONE} (0) is no path.
 *
 * <p>A row is four adjacent ints (peer slot and flags, accepted set, pre-policy set, next path), so a path is one
 * cache line, not one per column; and the rows live in fixed-size pages, added as the table grows, so growing
 * never copies the paths nor leaves the old, half-size arrays behind as garbage for the old generation to hold
 * until a full collection (with one array per column, doubling to a million paths left 17 MB of them). RIB
 * thread only.
 */
final class PathArena {
    static final int NONE = 0;

    static final byte BEST = 1;
    static final byte MULTIPATH = 2;
    static final byte STALE = 4;

    /** Rows per page: 8,192 rows of 16 bytes, a 128 KiB array, small enough to be allocated young. */
    private static final int PAGE_SHIFT = 13;

    private static final int PAGE_MASK = (1 << PAGE_SHIFT) - 1;
    /** Ints per row, and each one's offset in it. */
    private static final int ROW = 4;

    private static final int PEER_FLAGS = 0;
    private static final int ATTRS = 1;
    private static final int RAW = 2;
    private static final int NEXT = 3;

    private final AttributeInterner interner;
    /** Peers by their slot ({@link PeerState#slot}); a detached peer's slot is never reused. */
    private final List<PeerState> peers = new ArrayList<>();

    private int[][] pages = new int[8][];
    private int pageCount;
    /** The first row never used (row 0 is {@link #NONE}). */
    private int top = 1;
    /** Freed rows, chained through their next field. */
    private int free = NONE;

    private int size;

    PathArena(AttributeInterner interner) {
        this.interner = interner;
        addPage();
    }

    /** Gives the peer its slot, once. */
    void register(PeerState p) {
        if (p.slot < 0) {
            p.slot = peers.size();
            peers.add(p);
        }
    }

    private int[] page(int q) {
        return pages[q >>> PAGE_SHIFT];
    }

    private static int at(int q, int field) {
        return ((q & PAGE_MASK) * ROW) + field;
    }

    /** A new path, not linked into any chain yet. */
    int add(PeerState p, RouteAttrs a, RouteAttrs r) {
        int q;
        if (free != NONE) {
            q = free;
            free = next(q);
        } else {
            if (top >>> PAGE_SHIFT == pageCount) {
                addPage();
            }
            q = top++;
        }
        int[] pg = page(q);
        int i = at(q, 0);
        pg[i + PEER_FLAGS] = p.slot << 8;
        pg[i + ATTRS] = AttributeInterner.id(a);
        pg[i + RAW] = AttributeInterner.id(r);
        pg[i + NEXT] = NONE;
        size++;
        return q;
    }

    /** The row goes back to be reused; the caller has unlinked it. */
    void free(int q) {
        int[] pg = page(q);
        int i = at(q, 0);
        pg[i + PEER_FLAGS] = 0;
        pg[i + ATTRS] = 0;
        pg[i + RAW] = 0;
        pg[i + NEXT] = free;
        free = q;
        size--;
    }

    private void addPage() {
        if (pageCount == pages.length) {
            pages = Arrays.copyOf(pages, pageCount * 2);
        }
        pages[pageCount++] = new int[ROW << PAGE_SHIFT];
    }

    PeerState peer(int q) {
        return peers.get(page(q)[at(q, PEER_FLAGS)] >>> 8);
    }

    boolean ofPeer(int q, PeerState p) {
        return page(q)[at(q, PEER_FLAGS)] >>> 8 == p.slot;
    }

    /** The accepted attributes; null when import policy rejected the path (kept for soft reconfiguration). */
    RouteAttrs attrs(int q) {
        return interner.byId(page(q)[at(q, ATTRS)]);
    }

    /** The attributes as received (soft-reconfiguration inbound only), else null. */
    RouteAttrs raw(int q) {
        return interner.byId(page(q)[at(q, RAW)]);
    }

    void setAttrs(int q, RouteAttrs a) {
        page(q)[at(q, ATTRS)] = AttributeInterner.id(a);
    }

    void setRaw(int q, RouteAttrs r) {
        page(q)[at(q, RAW)] = AttributeInterner.id(r);
    }

    /** Same attribute sets as {@code a} and {@code r}, by identity. */
    boolean sameAttrs(int q, RouteAttrs a, RouteAttrs r) {
        int[] pg = page(q);
        int i = at(q, 0);
        return pg[i + ATTRS] == AttributeInterner.id(a) && pg[i + RAW] == AttributeInterner.id(r);
    }

    int next(int q) {
        return page(q)[at(q, NEXT)];
    }

    void setNext(int q, int n) {
        page(q)[at(q, NEXT)] = n;
    }

    boolean is(int q, byte flag) {
        return (page(q)[at(q, PEER_FLAGS)] & flag) != 0;
    }

    void set(int q, byte flag, boolean on) {
        int[] pg = page(q);
        int i = at(q, PEER_FLAGS);
        pg[i] = on ? pg[i] | flag : pg[i] & ~flag;
    }

    /** Usable by the decision: accepted, with a next hop. */
    boolean eligible(int q) {
        RouteAttrs a = attrs(q);
        return a != null && a.nextHop != null;
    }

    /** Paths held. */
    int size() {
        return size;
    }
}
