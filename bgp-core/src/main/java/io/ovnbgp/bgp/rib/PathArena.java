package io.ovnbgp.bgp.rib;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every path of the RIB, one peer's path for one prefix, as a row of plain arrays indexed by an {@code int}
 * handle: the peer, the accepted and the pre-policy attribute sets (by their interner id), the next path of the
 * prefix's chain and the decision's flags. Adj-RIB-In and Loc-RIB in one row (BIRD's model).
 *
 * <p>Why columns and not one object per path: a full table is a million paths, and a million small objects,
 * each stored into the prefix table's big array while still young, cost the collector most of an ingest (G1's
 * write barrier on every store, every young collection copying them again). Rows of ints are filled in order,
 * hold no reference the collector has to trace, and a freed row is reused. Handle {@link #NONE} (0) is no path.
 * RIB thread only.
 */
final class PathArena {
    static final int NONE = 0;

    static final byte BEST = 1;
    static final byte MULTIPATH = 2;
    static final byte STALE = 4;

    private static final int MIN_CAPACITY = 1 << 10;

    private final AttributeInterner interner;
    /** Peers by their slot ({@link PeerState#slot}); a detached peer's slot is never reused. */
    private final List<PeerState> peers = new ArrayList<>();

    private int[] peer = new int[MIN_CAPACITY];
    private int[] attrs = new int[MIN_CAPACITY];
    private int[] raw = new int[MIN_CAPACITY];
    private int[] next = new int[MIN_CAPACITY];
    private byte[] flags = new byte[MIN_CAPACITY];
    /** The first row never used (row 0 is {@link #NONE}). */
    private int top = 1;
    /** Freed rows, chained through {@link #next}. */
    private int free = NONE;

    private int size;

    PathArena(AttributeInterner interner) {
        this.interner = interner;
    }

    /** Gives the peer its slot, once. */
    void register(PeerState p) {
        if (p.slot < 0) {
            p.slot = peers.size();
            peers.add(p);
        }
    }

    /** A new path, not linked into any chain yet. */
    int add(PeerState p, RouteAttrs a, RouteAttrs r) {
        int q;
        if (free != NONE) {
            q = free;
            free = next[q];
        } else {
            if (top == peer.length) {
                grow();
            }
            q = top++;
        }
        peer[q] = p.slot;
        attrs[q] = AttributeInterner.id(a);
        raw[q] = AttributeInterner.id(r);
        next[q] = NONE;
        flags[q] = 0;
        size++;
        return q;
    }

    /** The row goes back to be reused; the caller has unlinked it. */
    void free(int q) {
        attrs[q] = 0;
        raw[q] = 0;
        flags[q] = 0;
        next[q] = free;
        free = q;
        size--;
    }

    private void grow() {
        int capacity = peer.length * 2;
        peer = Arrays.copyOf(peer, capacity);
        attrs = Arrays.copyOf(attrs, capacity);
        raw = Arrays.copyOf(raw, capacity);
        next = Arrays.copyOf(next, capacity);
        flags = Arrays.copyOf(flags, capacity);
    }

    PeerState peer(int q) {
        return peers.get(peer[q]);
    }

    boolean ofPeer(int q, PeerState p) {
        return peer[q] == p.slot;
    }

    /** The accepted attributes; null when import policy rejected the path (kept for soft reconfiguration). */
    RouteAttrs attrs(int q) {
        return interner.byId(attrs[q]);
    }

    /** The attributes as received (soft-reconfiguration inbound only), else null. */
    RouteAttrs raw(int q) {
        return interner.byId(raw[q]);
    }

    void setAttrs(int q, RouteAttrs a) {
        attrs[q] = AttributeInterner.id(a);
    }

    void setRaw(int q, RouteAttrs r) {
        raw[q] = AttributeInterner.id(r);
    }

    /** Same attribute sets as {@code a} and {@code r}, by identity. */
    boolean sameAttrs(int q, RouteAttrs a, RouteAttrs r) {
        return attrs[q] == AttributeInterner.id(a) && raw[q] == AttributeInterner.id(r);
    }

    int next(int q) {
        return next[q];
    }

    void setNext(int q, int n) {
        next[q] = n;
    }

    boolean is(int q, byte flag) {
        return (flags[q] & flag) != 0;
    }

    void set(int q, byte flag, boolean on) {
        flags[q] = (byte) (on ? flags[q] | flag : flags[q] & ~flag);
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
