package io.ovnbgp.bgp.rib;

/** What happens when a peer sends more accepted prefixes than its limit. */
public enum MaxPrefixAction {
    /**
     * Cease / Maximum Number of Prefixes Reached (RFC 4486 subcode 1, data AFI, SAFI, limit), then the session
     * restarts after {@link PeerRibConfig#restartAfter()}.
     */
    TEARDOWN,
    /** Log once per session and count; keep accepting. */
    WARN
}
