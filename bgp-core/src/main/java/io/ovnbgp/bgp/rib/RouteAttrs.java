package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.MpNextHop;
import io.ovnbgp.bgp.wire.PathAttributes;

/**
 * One interned attribute set, shared by every path (of every peer) that carries it, with a reference count kept
 * by the RIB (BIRD's rta model) and the values the decision reads, read out of their {@code Optional}s once: the
 * decision runs for every prefix with two paths (a million times for two peers' full tables), and reading them
 * through the optionals each time allocated more than anything else on the RIB thread. Equality is that of the
 * {@link PathAttributes}.
 */
final class RouteAttrs {
    /** RFC 4271 §5.1.5 / common practice: the LOCAL_PREF of a path that has none. */
    static final long DEFAULT_LOCAL_PREF = 100;

    final PathAttributes attrs;
    /** NEXT_HOP, else the global address of the MP_REACH_NLRI next hop; null when the set has neither. */
    final IpAddress nextHop;

    final int asPathLength;
    private final long localPref;
    private final long med;
    private final int origin;
    private final long neighbourAs;
    /** Paths (pre- or post-policy) referring to this set; 0 = may be dropped by {@link AttributeInterner#purge}. */
    int refs;
    /** The interner's number for this set while it is held (what a {@link PathArena} row stores); 0 = none yet. */
    int id;

    RouteAttrs(PathAttributes a) {
        this.attrs = a;
        this.asPathLength = a.asPath().map(AsPath::pathLength).orElse(0);
        this.nextHop =
                a.nextHop().orElseGet(() -> a.mpNextHop().map(MpNextHop::global).orElse(null));
        this.localPref = a.localPref().orElse(DEFAULT_LOCAL_PREF);
        this.med = a.med().orElse(0);
        this.origin = a.origin().map(o -> o.value()).orElse(2);
        this.neighbourAs = a.asPath().map(p -> p.firstAs().orElse(-1)).orElse(-1L);
    }

    long localPref() {
        return localPref;
    }

    /** MED, a missing one counting as 0 (RFC 4271 §9.1.2.2). */
    long med() {
        return med;
    }

    /** ORIGIN value; a missing one counts as INCOMPLETE. */
    int origin() {
        return origin;
    }

    /** The neighbouring AS for MED comparison, or -1 when the path does not start with an AS_SEQUENCE. */
    long neighbourAs() {
        return neighbourAs;
    }

    AsPath asPath() {
        return attrs.asPath().orElse(AsPath.EMPTY);
    }

    boolean containsAs(long as) {
        return attrs.asPath().map(p -> p.contains(as)).orElse(false);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof RouteAttrs r && r.attrs.equals(attrs));
    }

    @Override
    public int hashCode() {
        return attrs.hashCode();
    }

    @Override
    public String toString() {
        return attrs.toString();
    }
}
