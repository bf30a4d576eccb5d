package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.policy.AdvertisePolicy;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.LargeCommunities;
import io.ovnbgp.bgp.wire.MpNextHop;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds what a peer is told. Its only input is the {@link LocalRib}: it has no reference to the Loc-RIB or any
 * Adj-RIB-In, and an {@link Advertisement} (the only thing an {@link AdjRibOut} accepts) can only be made here,
 * so a learned route can never be advertised (no transit), whatever the rest of the RIB does.
 */
final class Exporter {

    /** What {@link #export} makes of one local prefix for one peer: advertised, or skipped and why. */
    sealed interface ExportResult permits Advertisement, Skipped {}

    /**
     * One prefix as exported to one peer; only {@link Exporter} makes these. A class, not a record: a record's
     * constructor could not be private, and that is what keeps learned routes out of every Adj-RIB-Out.
     */
    static final class Advertisement implements ExportResult {
        final Prefix prefix;
        final PathAttributes attributes;

        private Advertisement(Prefix prefix, PathAttributes attributes) {
            this.prefix = prefix;
            this.attributes = attributes;
        }
    }

    /** Why a prefix was not exported to a peer. */
    enum Skipped implements ExportResult {
        /** Not (or no longer) originated here: the peer gets a withdrawal if it had it. */
        NOT_LOCAL,
        /** The peer's export policy takes none of its tags. */
        POLICY,
        /** The session does not carry the prefix's family. */
        FAMILY,
        /** No next hop of the prefix's family on this session; counted in {@code exportSkipped}. */
        NO_NEXT_HOP
    }

    /** What a session tells the exporter: who we are to this peer. */
    record Context(long localAs, boolean ebgp, IpAddress localAddress, Set<AfiSafi> families) {}

    private static final int MAX_SHARED_EXPORTS = 10_000;

    private final LocalRib local;
    private final AttributeInterner interner;
    /** One object per distinct exported set, so that an Adj-RIB-Out of many prefixes holds few. */
    private final Map<PathAttributes, PathAttributes> exported = new HashMap<>();

    Exporter(LocalRib local, AttributeInterner interner) {
        this.local = local;
        this.interner = interner;
    }

    /** The advertisement of a local prefix to a peer, or why there is none. */
    ExportResult export(Prefix p, AdvertisePolicy policy, Context ctx) {
        OriginAttributes o = local.get(p);
        if (o == null) {
            return Skipped.NOT_LOCAL;
        }
        if (!policy.exportsAnyTag(o.tags())) {
            return Skipped.POLICY;
        }
        if (!ctx.families().contains(p.family())) {
            return Skipped.FAMILY;
        }
        IpAddress nh = nextHop(p, policy, ctx);
        if (nh == null) {
            return Skipped.NO_NEXT_HOP;
        }
        PathAttributes.Builder b = PathAttributes.builder().origin(o.origin());
        AsPath path = ctx.ebgp() ? AsPath.EMPTY.prepend(ctx.localAs(), 1 + policy.asPathPrepend()) : AsPath.EMPTY;
        b.asPath(interner.internPath(path));
        if (p.isIpv6()) {
            b.mpNextHop(MpNextHop.of(nh));
        } else {
            b.nextHop(nh);
        }
        Long med = policy.med() != null ? policy.med() : o.med();
        if (med != null) {
            b.med(med);
        }
        if (!ctx.ebgp()) {
            b.localPref(RouteAttrs.DEFAULT_LOCAL_PREF); // RFC 4271 §5.1.5: to internal peers only
        }
        b.communities(merge(o.communities(), policy.communities()));
        b.largeCommunities(merge(o.largeCommunities(), policy.largeCommunities()));
        PathAttributes built = b.build();
        PathAttributes shared = exported.putIfAbsent(built, built);
        if (exported.size() > MAX_SHARED_EXPORTS) {
            exported.clear(); // only a memory saving: equal sets are grouped by value anyway
        }
        return new Advertisement(p, shared == null ? built : shared);
    }

    /**
     * Next hop self where the session's family matches the prefix's, else the configured next hop of the prefix's
     * family, else none (the prefix is not exported to this peer).
     */
    static IpAddress nextHop(Prefix p, AdvertisePolicy policy, Context ctx) {
        IpAddress self = ctx.localAddress();
        if (policy.nextHopSelf() && self != null && self.v6() == p.isIpv6()) {
            return self;
        }
        return p.isIpv6() ? policy.ipv6NextHop() : policy.ipv4NextHop();
    }

    static Communities merge(Communities a, Communities b) {
        if (b.isEmpty()) {
            return a;
        }
        Communities out = a;
        for (int i = 0; i < b.size(); i++) {
            out = out.with(b.get(i));
        }
        return out;
    }

    static LargeCommunities merge(LargeCommunities a, LargeCommunities b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        int[] av = a.values();
        int[] bv = b.values();
        int[] out = Arrays.copyOf(av, av.length + bv.length);
        int n = av.length;
        for (int i = 0; i < bv.length; i += 3) {
            if (!a.contains(bv[i] & 0xFFFFFFFFL, bv[i + 1] & 0xFFFFFFFFL, bv[i + 2] & 0xFFFFFFFFL)) {
                out[n++] = bv[i];
                out[n++] = bv[i + 1];
                out[n++] = bv[i + 2];
            }
        }
        return new LargeCommunities(Arrays.copyOf(out, n));
    }
}
