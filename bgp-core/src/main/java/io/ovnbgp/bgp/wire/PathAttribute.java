package io.ovnbgp.bgp.wire;

/**
 * One path attribute kind as a value. MP_REACH_NLRI and MP_UNREACH_NLRI are not among them: their
 * NLRI belong to the UPDATE ({@link UpdateMessage#mpReach()}), and the MP next hop, which all
 * those prefixes share, sits in {@link PathAttributes#mpNextHop()}. AS4_PATH and AS4_AGGREGATOR
 * exist only on the wire of 2-octet-AS sessions and are folded into {@link AsPath} and
 * {@link Aggregator} on decode (RFC 6793 §4.2.3).
 */
public sealed interface PathAttribute
        permits Origin,
                AsPath,
                NextHop,
                MultiExitDisc,
                LocalPref,
                AtomicAggregate,
                Aggregator,
                Communities,
                ExtendedCommunities,
                LargeCommunities,
                RawAttribute {

    /** The Attribute Type Code. */
    int typeCode();
}
