package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.AfiSafi;
import java.util.Map;
import java.util.Set;

/**
 * A snapshot of one peer's RIB counters.
 *
 * @param received          prefixes announced by the peer since attach (cumulative)
 * @param withdrawn         prefixes withdrawn by the peer since attach (cumulative)
 * @param accepted          paths currently accepted by import policy (Adj-RIB-In post-policy)
 * @param acceptedIpv4      of which IPv4
 * @param acceptedIpv6      of which IPv6
 * @param rejected          announcements rejected by import policy (cumulative)
 * @param loopRejected      announcements rejected because the AS_PATH holds our AS (cumulative)
 * @param nextHopRejected   announcements ignored for a next hop nothing can be forwarded to (RFC 4271 §6.3:
 *                          our own address, loopback, multicast, ...), cumulative
 * @param keptRejected      rejected paths currently kept for soft-reconfiguration inbound
 * @param stale             paths currently marked stale (graceful restart, enhanced route refresh)
 * @param advertised        prefixes currently advertised to the peer (Adj-RIB-Out)
 * @param exportSkipped     local prefixes currently not exported for want of a next hop of their family
 * @param maxPrefixExceeded prefixes accepted while over the limit (WARN) or teardowns (TEARDOWN), cumulative
 * @param teardowns         sessions closed for exceeding the limit (cumulative)
 * @param endOfRib          families whose End-of-RIB the current session has sent (the peer has converged)
 * @param families          current counts per address family (IPv4 and IPv6 unicast, both always present)
 */
public record PeerRibStats(
        String peer,
        boolean up,
        long received,
        long withdrawn,
        long accepted,
        long acceptedIpv4,
        long acceptedIpv6,
        long rejected,
        long loopRejected,
        long nextHopRejected,
        long keptRejected,
        long stale,
        long advertised,
        long exportSkipped,
        long maxPrefixExceeded,
        long teardowns,
        Set<AfiSafi> endOfRib,
        Map<AfiSafi, FamilyCounts> families) {

    public PeerRibStats {
        endOfRib = Set.copyOf(endOfRib);
        families = Map.copyOf(families);
    }

    /**
     * What the RIB holds now for one peer and address family. Counters kept as paths change, not counted at
     * read time.
     *
     * @param received   the peer's paths the RIB holds, before import policy: the accepted ones plus the rejected
     *                   ones kept for soft-reconfiguration inbound (without it, a rejected announcement is not kept,
     *                   so this equals {@code accepted}); stale paths (graceful restart) included
     * @param accepted   paths accepted by import policy (Adj-RIB-In post-policy), stale ones included
     * @param advertised prefixes advertised to the peer (Adj-RIB-Out); 0 while the session is down
     */
    public record FamilyCounts(long received, long accepted, long advertised) {}

    /** The counts of a family; zeros for a family the RIB has no counters for. */
    public FamilyCounts family(AfiSafi f) {
        return families.getOrDefault(f, new FamilyCounts(0, 0, 0));
    }
}
