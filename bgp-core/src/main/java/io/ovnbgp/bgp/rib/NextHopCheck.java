package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;

/**
 * RFC 4271 §6.3: a route whose NEXT_HOP is semantically incorrect is ignored (logged, no NOTIFICATION, the
 * session stays). Here that is a next hop nothing can be forwarded to: this speaker's own address on the
 * session, or an address that is never a neighbour's (unspecified, loopback, multicast, reserved). Such a route
 * would otherwise become a static route in OVN pointing nowhere, or at the node itself.
 */
final class NextHopCheck {
    private NextHopCheck() {}

    /** Why {@code nextHop} cannot be used, in an administrator's words; null when it can. */
    static String problem(IpAddress nextHop, IpAddress ownAddress) {
        if (nextHop.equals(ownAddress)) {
            return "our own address on the session";
        }
        if (!nextHop.v6()) {
            int first = (nextHop.v4Bits() >>> 24) & 0xFF;
            if (first == 0) {
                return "in 0.0.0.0/8 (this network)";
            }
            if (first == 127) {
                return "in 127.0.0.0/8 (loopback)";
            }
            if (first >= 224) {
                return first < 240 ? "multicast (224.0.0.0/4)" : "reserved (240.0.0.0/4)";
            }
            return null;
        }
        if (nextHop.hi() == 0 && nextHop.lo() == 0) {
            return "the unspecified address ::";
        }
        if (nextHop.hi() == 0 && nextHop.lo() == 1) {
            return "the loopback address ::1";
        }
        if ((nextHop.hi() >>> 56) == 0xFF) {
            return "multicast (ff00::/8)";
        }
        if (nextHop.hi() == 0 && (nextHop.lo() >>> 32) == 0xFFFF) {
            return "an IPv4-mapped address (::ffff:0:0/96)";
        }
        return null;
    }
}
