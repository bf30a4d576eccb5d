package io.ovnbgp.bgp.wire;

import java.util.Arrays;

/**
 * One AS_PATH segment. AS numbers are 4-octet values stored in an int array and read as unsigned
 * via {@link #as(int)}: a path is held for every route, so it should not be a list of Longs.
 */
public record AsPathSegment(Type type, int[] asns) {

    /** Path Segment Type values (RFC 4271 §4.3, RFC 5065 §3). */
    public enum Type {
        AS_SET(1),
        AS_SEQUENCE(2),
        AS_CONFED_SEQUENCE(3),
        AS_CONFED_SET(4);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Type ofCode(int code) {
            return code >= 1 && code <= 4 ? values()[code - 1] : null;
        }

        public boolean isConfederation() {
            return this == AS_CONFED_SEQUENCE || this == AS_CONFED_SET;
        }

        public boolean isSet() {
            return this == AS_SET || this == AS_CONFED_SET;
        }
    }

    /** The Path Segment Length octet limits a segment to 255 AS numbers. */
    public static final int MAX_ASNS = 255;

    public AsPathSegment {
        if (type == null) {
            throw new IllegalArgumentException("segment type is required");
        }
        if (asns.length == 0 || asns.length > MAX_ASNS) {
            throw new IllegalArgumentException("a segment holds 1.." + MAX_ASNS + " AS numbers, not " + asns.length);
        }
        asns = asns.clone();
    }

    public static AsPathSegment of(Type type, long... asns) {
        int[] a = new int[asns.length];
        for (int i = 0; i < asns.length; i++) {
            if (asns[i] < 0 || asns[i] > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("AS " + asns[i] + " is not a 4-octet value");
            }
            a[i] = (int) asns[i];
        }
        return new AsPathSegment(type, a);
    }

    /** A copy of the AS numbers (as signed ints holding unsigned values). */
    @Override
    public int[] asns() {
        return asns.clone();
    }

    public int size() {
        return asns.length;
    }

    /** The i-th AS number, unsigned. */
    public long as(int i) {
        return asns[i] & 0xFFFFFFFFL;
    }

    /** This segment's share of the AS path length (RFC 4271 §9.1.2.2, RFC 5065 §5.3). */
    public int pathLength() {
        return switch (type) {
            case AS_SEQUENCE -> asns.length;
            case AS_SET -> 1;
            case AS_CONFED_SEQUENCE, AS_CONFED_SET -> 0;
        };
    }

    boolean contains(int as) {
        for (int a : asns) {
            if (a == as) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsPathSegment s && s.type == type && Arrays.equals(s.asns, asns);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(asns);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        String open = switch (type) {
            case AS_SET -> "{";
            case AS_CONFED_SEQUENCE -> "(";
            case AS_CONFED_SET -> "[";
            case AS_SEQUENCE -> "";
        };
        String close = switch (type) {
            case AS_SET -> "}";
            case AS_CONFED_SEQUENCE -> ")";
            case AS_CONFED_SET -> "]";
            case AS_SEQUENCE -> "";
        };
        String sep = type.isSet() ? "," : " ";
        sb.append(open);
        for (int i = 0; i < asns.length; i++) {
            if (i > 0) {
                sb.append(sep);
            }
            sb.append(as(i));
        }
        return sb.append(close).toString();
    }
}
