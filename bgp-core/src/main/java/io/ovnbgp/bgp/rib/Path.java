package io.ovnbgp.bgp.rib;

/**
 * One peer's path for one prefix: a link in the chain the table maps the prefix to. Adj-RIB-In and Loc-RIB in
 * one object (BIRD's model): {@link #attrs} is what import policy accepted (null = rejected, kept only under
 * soft-reconfiguration inbound), {@link #raw} the attributes as received (soft-reconfiguration only), the flags
 * the decision's result. 4 references + 1 byte: 32 bytes with compressed oops.
 */
final class Path {
    static final byte BEST = 1;
    static final byte MULTIPATH = 2;
    static final byte STALE = 4;

    final PeerState peer;
    RouteAttrs attrs;
    RouteAttrs raw;
    Path next;
    byte flags;

    Path(PeerState peer, RouteAttrs attrs, RouteAttrs raw) {
        this.peer = peer;
        this.attrs = attrs;
        this.raw = raw;
    }

    boolean is(byte flag) {
        return (flags & flag) != 0;
    }

    void set(byte flag, boolean on) {
        flags = (byte) (on ? flags | flag : flags & ~flag);
    }

    boolean eligible() {
        return attrs != null && attrs.nextHop != null;
    }
}
