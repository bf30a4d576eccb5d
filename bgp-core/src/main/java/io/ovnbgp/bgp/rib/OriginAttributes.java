package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.LargeCommunities;
import io.ovnbgp.bgp.wire.Origin;
import java.util.Set;

/**
 * What a locally originated prefix carries before each peer's export policy adds its part.
 *
 * @param tags  the kinds of prefix ("podNetwork", "loadBalancerIPs", ...), matched by
 *              {@link io.ovnbgp.bgp.policy.AdvertisePolicy#tags()}: a peer gets the prefix when its policy exports
 *              any of them (a node address that is also a Service's external IP is both)
 * @param med   MULTI_EXIT_DISC, or null; the export policy's MED wins
 */
public record OriginAttributes(
        Set<String> tags, Origin origin, Communities communities, LargeCommunities largeCommunities, Long med) {

    public static final OriginAttributes DEFAULT =
            new OriginAttributes(Set.of(""), Origin.IGP, Communities.NONE, LargeCommunities.NONE, null);

    public OriginAttributes {
        tags = tags == null || tags.isEmpty() ? Set.of("") : Set.copyOf(tags);
        origin = origin == null ? Origin.IGP : origin;
        communities = communities == null ? Communities.NONE : communities;
        largeCommunities = largeCommunities == null ? LargeCommunities.NONE : largeCommunities;
        if (med != null && (med < 0 || med > 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("MED " + med + " is not an unsigned 32-bit value");
        }
    }

    public static OriginAttributes tagged(String... tags) {
        return tagged(Set.of(tags));
    }

    public static OriginAttributes tagged(Set<String> tags) {
        return new OriginAttributes(tags, Origin.IGP, Communities.NONE, LargeCommunities.NONE, null);
    }

    public OriginAttributes withCommunities(Communities c) {
        return new OriginAttributes(tags, origin, c, largeCommunities, med);
    }

    public OriginAttributes withMed(Long m) {
        return new OriginAttributes(tags, origin, communities, largeCommunities, m);
    }
}
