package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.PathAttributes;

/**
 * A read-only copy of one path in the Loc-RIB, for status pages and tests.
 *
 * @param attributes the interned post-policy attribute object (the same instance for every path sharing it)
 */
public record PathView(
        String peer,
        IpAddress peerAddress,
        int peerRouterId,
        boolean ebgp,
        PathAttributes attributes,
        IpAddress nextHop,
        boolean best,
        boolean multipath,
        boolean stale) {}
