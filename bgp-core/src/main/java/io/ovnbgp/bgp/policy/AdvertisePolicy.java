package io.ovnbgp.bgp.policy;

import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.LargeCommunities;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Export policy of one peer (config {@code advertise}). Only locally originated prefixes are ever exported; this
 * decides which of them a peer gets and with what attributes.
 *
 * @param tags             which locally originated prefixes go out, by the tag they were originated with (e.g.
 *                         "podNetwork", "loadBalancerIPs"); null = every tag, empty = none
 * @param communities      added to the communities the prefix was originated with
 * @param largeCommunities added likewise
 * @param asPathPrepend    extra copies of our AS on eBGP sessions (0-32)
 * @param med              MULTI_EXIT_DISC to send, or null for the originated value (or none)
 * @param nextHopSelf      next hop = the session's local address where its family matches the prefix
 * @param ipv4NextHop      next hop for IPv4 prefixes when next-hop-self does not give one (IPv6 session or
 *                         nextHopSelf false); null = do not export those
 * @param ipv6NextHop      likewise for IPv6 prefixes (e.g. on an IPv4 session)
 */
public record AdvertisePolicy(
        Set<String> tags,
        Communities communities,
        LargeCommunities largeCommunities,
        int asPathPrepend,
        Long med,
        boolean nextHopSelf,
        IpAddress ipv4NextHop,
        IpAddress ipv6NextHop) {

    /** Every locally originated prefix, no extra attributes, next hop self. */
    public static final AdvertisePolicy DEFAULT =
            new AdvertisePolicy(null, Communities.NONE, LargeCommunities.NONE, 0, null, true, null, null);
    /** Nothing. */
    public static final AdvertisePolicy NOTHING = DEFAULT.withTags(Set.of());

    public AdvertisePolicy {
        tags = tags == null ? null : Set.copyOf(tags);
        communities = communities == null ? Communities.NONE : communities;
        largeCommunities = largeCommunities == null ? LargeCommunities.NONE : largeCommunities;
        if (asPathPrepend < 0 || asPathPrepend > 32) {
            throw new IllegalArgumentException("asPathPrepend " + asPathPrepend + " outside 0..32");
        }
        if (med != null && (med < 0 || med > 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("MED " + med + " is not an unsigned 32-bit value");
        }
        if (ipv4NextHop != null && ipv4NextHop.v6()) {
            throw new IllegalArgumentException("ipv4NextHop " + ipv4NextHop + " is not IPv4");
        }
        if (ipv6NextHop != null && !ipv6NextHop.v6()) {
            throw new IllegalArgumentException("ipv6NextHop " + ipv6NextHop + " is not IPv6");
        }
    }

    public boolean exportsTag(String tag) {
        return tags == null || tags.contains(tag);
    }

    /** True when the policy exports any of the tags. */
    public boolean exportsAnyTag(Set<String> tags) {
        if (this.tags == null) {
            return true;
        }
        for (String t : tags) {
            if (this.tags.contains(t)) {
                return true;
            }
        }
        return false;
    }

    public OptionalLong medValue() {
        return med == null ? OptionalLong.empty() : OptionalLong.of(med);
    }

    public AdvertisePolicy withTags(Set<String> t) {
        return new AdvertisePolicy(
                t, communities, largeCommunities, asPathPrepend, med, nextHopSelf, ipv4NextHop, ipv6NextHop);
    }

    public AdvertisePolicy withCommunities(Communities c) {
        return new AdvertisePolicy(
                tags, c, largeCommunities, asPathPrepend, med, nextHopSelf, ipv4NextHop, ipv6NextHop);
    }

    public AdvertisePolicy withLargeCommunities(LargeCommunities c) {
        return new AdvertisePolicy(tags, communities, c, asPathPrepend, med, nextHopSelf, ipv4NextHop, ipv6NextHop);
    }

    public AdvertisePolicy withAsPathPrepend(int n) {
        return new AdvertisePolicy(tags, communities, largeCommunities, n, med, nextHopSelf, ipv4NextHop, ipv6NextHop);
    }

    public AdvertisePolicy withMed(Long m) {
        return new AdvertisePolicy(
                tags, communities, largeCommunities, asPathPrepend, m, nextHopSelf, ipv4NextHop, ipv6NextHop);
    }

    public AdvertisePolicy withNextHopSelf(boolean self) {
        return new AdvertisePolicy(
                tags, communities, largeCommunities, asPathPrepend, med, self, ipv4NextHop, ipv6NextHop);
    }

    public AdvertisePolicy withIpv4NextHop(IpAddress nh) {
        return new AdvertisePolicy(
                tags, communities, largeCommunities, asPathPrepend, med, nextHopSelf, nh, ipv6NextHop);
    }

    public AdvertisePolicy withIpv6NextHop(IpAddress nh) {
        return new AdvertisePolicy(
                tags, communities, largeCommunities, asPathPrepend, med, nextHopSelf, ipv4NextHop, nh);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdvertisePolicy p
                && Objects.equals(p.tags, tags)
                && p.communities.equals(communities)
                && p.largeCommunities.equals(largeCommunities)
                && p.asPathPrepend == asPathPrepend
                && Objects.equals(p.med, med)
                && p.nextHopSelf == nextHopSelf
                && Objects.equals(p.ipv4NextHop, ipv4NextHop)
                && Objects.equals(p.ipv6NextHop, ipv6NextHop);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                tags, communities, largeCommunities, asPathPrepend, med, nextHopSelf, ipv4NextHop, ipv6NextHop);
    }
}
