package io.ovnbgp.bgp.wire;

/** NEXT_HOP (RFC 4271 §5.1.3): the IPv4 next hop of the classic NLRI field. */
public record NextHop(IpAddress address) implements PathAttribute {

    public NextHop {
        if (address == null || address.v6()) {
            throw new IllegalArgumentException("NEXT_HOP carries an IPv4 address; IPv6 next hops go in MP_REACH_NLRI");
        }
    }

    @Override
    public int typeCode() {
        return AttributeType.NEXT_HOP.code();
    }

    @Override
    public String toString() {
        return address.toString();
    }
}
