package io.ovnbgp.bgp.wire;

import java.util.Arrays;

/**
 * LARGE_COMMUNITY (RFC 8092): triplets of 32-bit Global Administrator, Local Data Part 1 and 2,
 * flattened into one int array (three ints per community).
 */
public record LargeCommunities(int[] values) implements PathAttribute {

    public static final LargeCommunities NONE = new LargeCommunities(new int[0]);

    public LargeCommunities {
        if (values.length % 3 != 0) {
            throw new IllegalArgumentException("large communities come in triplets; got " + values.length + " ints");
        }
        values = values.clone();
    }

    public static LargeCommunities of(long... triplets) {
        if (triplets.length % 3 != 0) {
            throw new IllegalArgumentException("large communities come in triplets");
        }
        int[] v = new int[triplets.length];
        for (int i = 0; i < v.length; i++) {
            if (triplets[i] < 0 || triplets[i] > 0xFFFFFFFFL) {
                throw new IllegalArgumentException(triplets[i] + " is not an unsigned 32-bit value");
            }
            v[i] = (int) triplets[i];
        }
        return new LargeCommunities(v);
    }

    /** Parses "4200000001:1:2" into its triplet. */
    public static long[] parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a large community: '" + text + "'");
        }
        long[] out = new long[3];
        try {
            for (int i = 0; i < 3; i++) {
                out[i] = Long.parseLong(parts[i]);
                if (out[i] < 0 || out[i] > 0xFFFFFFFFL) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a large community: '" + text + "'", e);
        }
        return out;
    }

    @Override
    public int typeCode() {
        return AttributeType.LARGE_COMMUNITY.code();
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    /** The number of communities (triplets). */
    public int size() {
        return values.length / 3;
    }

    public boolean isEmpty() {
        return values.length == 0;
    }

    public long globalAdministrator(int i) {
        return values[3 * i] & 0xFFFFFFFFL;
    }

    public long localData1(int i) {
        return values[3 * i + 1] & 0xFFFFFFFFL;
    }

    public long localData2(int i) {
        return values[3 * i + 2] & 0xFFFFFFFFL;
    }

    public boolean contains(long global, long local1, long local2) {
        for (int i = 0; i < size(); i++) {
            if (globalAdministrator(i) == global && localData1(i) == local1 && localData2(i) == local2) {
                return true;
            }
        }
        return false;
    }

    /** The same communities with repeats removed, first occurrence kept (RFC 8092 §5 asks receivers to do this). */
    LargeCommunities withoutDuplicates() {
        int[] out = new int[values.length];
        int n = 0;
        outer:
        for (int i = 0; i < values.length; i += 3) {
            for (int j = 0; j < n; j += 3) {
                if (out[j] == values[i] && out[j + 1] == values[i + 1] && out[j + 2] == values[i + 2]) {
                    continue outer;
                }
            }
            out[n++] = values[i];
            out[n++] = values[i + 1];
            out[n++] = values[i + 2];
        }
        return n == values.length ? this : new LargeCommunities(Arrays.copyOf(out, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LargeCommunities c && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < size(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(globalAdministrator(i))
                    .append(':')
                    .append(localData1(i))
                    .append(':')
                    .append(localData2(i));
        }
        return sb.toString();
    }
}
