package io.ovnbgp.bgp.wire;

import java.util.Optional;

/**
 * The Network Address of Next Hop of MP_REACH_NLRI (RFC 4760 §3): one address, or for IPv6 a
 * global and a link-local one (RFC 2545 §3, 32 octets). An IPv4 family may carry IPv6 next
 * hops (RFC 8950).
 *
 * @param linkLocal the second address of a 32-octet next hop, or null
 */
public record MpNextHop(IpAddress global, IpAddress linkLocal) {

    public MpNextHop {
        if (global == null) {
            throw new IllegalArgumentException("a next hop address is required");
        }
        if (linkLocal != null && (!linkLocal.v6() || !global.v6())) {
            throw new IllegalArgumentException("only IPv6 next hops come in global + link-local pairs");
        }
    }

    public static MpNextHop of(IpAddress address) {
        return new MpNextHop(address, null);
    }

    public Optional<IpAddress> linkLocalAddress() {
        return Optional.ofNullable(linkLocal);
    }

    /** The Length of Next Hop Network Address: 4, 16 or 32. */
    public int wireLength() {
        return global.v6() ? (linkLocal != null ? 32 : 16) : 4;
    }

    @Override
    public String toString() {
        return linkLocal == null ? global.toString() : global + " " + linkLocal;
    }
}
