package io.ovnbgp.bgp.wire;

import java.util.Arrays;

/** EXTENDED_COMMUNITIES (RFC 4360): 8-octet values in received order. */
public record ExtendedCommunities(long[] values) implements PathAttribute {

    public static final ExtendedCommunities NONE = new ExtendedCommunities(new long[0]);

    public ExtendedCommunities {
        values = values.clone();
    }

    public static ExtendedCommunities of(long... values) {
        return new ExtendedCommunities(values);
    }

    /** A 2-octet-AS-specific Route Target (RFC 4360 §4: type 0x00, sub-type 0x02). */
    public static long routeTarget(int asn, long value) {
        if ((asn & ~0xFFFF) != 0 || value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("route target " + asn + ":" + value + " does not fit 2+4 octets");
        }
        return (0x0002L << 48) | ((long) asn << 32) | value;
    }

    @Override
    public int typeCode() {
        return AttributeType.EXTENDED_COMMUNITIES.code();
    }

    @Override
    public long[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    public boolean isEmpty() {
        return values.length == 0;
    }

    public long get(int i) {
        return values[i];
    }

    public boolean contains(long value) {
        for (long v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExtendedCommunities c && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(String.format("0x%016x", v));
        }
        return sb.toString();
    }
}
