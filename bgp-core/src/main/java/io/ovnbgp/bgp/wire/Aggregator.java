package io.ovnbgp.bgp.wire;

/**
 * AGGREGATOR (RFC 4271 §5.1.7) with a 4-octet AS (RFC 6793): on 2-octet sessions the value of
 * AS4_AGGREGATOR has already been folded in when this is decoded.
 */
public record Aggregator(long as, IpAddress address) implements PathAttribute {

    public Aggregator {
        if (as < 0 || as > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("AS " + as + " is not a 4-octet value");
        }
        if (address == null || address.v6()) {
            throw new IllegalArgumentException("AGGREGATOR carries an IPv4 address");
        }
    }

    @Override
    public int typeCode() {
        return AttributeType.AGGREGATOR.code();
    }

    @Override
    public String toString() {
        return as + " " + address;
    }
}
