package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.LargeCommunities;
import io.ovnbgp.bgp.wire.Origin;

/**
 * What a locally originated prefix carries before each peer's export policy adds its part.
 *
 * @param tag   the kind of prefix ("podNetwork", "loadBalancerIPs", ...), matched by
 *              {@link io.ovnbgp.bgp.policy.AdvertisePolicy#tags()}
 * @param med   MULTI_EXIT_DISC, or null; the export policy's MED wins
 */
public record OriginAttributes(String tag, Origin origin, Communities communities, LargeCommunities largeCommunities,
                               Long med) {

    public static final OriginAttributes DEFAULT = new OriginAttributes("", Origin.IGP, Communities.NONE,
            LargeCommunities.NONE, null);

    public OriginAttributes {
        tag = tag == null ? "" : tag;
        origin = origin == null ? Origin.IGP : origin;
        communities = communities == null ? Communities.NONE : communities;
        largeCommunities = largeCommunities == null ? LargeCommunities.NONE : largeCommunities;
        if (med != null && (med < 0 || med > 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("MED " + med + " is not an unsigned 32-bit value");
        }
    }

    public static OriginAttributes tagged(String tag) {
        return new OriginAttributes(tag, Origin.IGP, Communities.NONE, LargeCommunities.NONE, null);
    }

    public OriginAttributes withCommunities(Communities c) {
        return new OriginAttributes(tag, origin, c, largeCommunities, med);
    }

    public OriginAttributes withMed(Long m) {
        return new OriginAttributes(tag, origin, communities, largeCommunities, m);
    }
}
