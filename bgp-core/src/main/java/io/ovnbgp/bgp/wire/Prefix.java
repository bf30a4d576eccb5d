package io.ovnbgp.bgp.wire;

/**
 * An IPv4 or IPv6 prefix, compact enough to hold millions of: two longs of address bits, a length
 * and the family. Host bits beyond the length are always zero, which is what makes value equality
 * meaningful ("10.1.0.0/8" and "10.0.0.0/8" are the same route).
 *
 * <p>IPv4 bits live in the low 32 bits of {@code lo}; IPv6 uses {@code hi} then {@code lo}.
 */
public final class Prefix implements Comparable<Prefix> {

    private final long hi;
    private final long lo;
    private final byte length;
    private final boolean v6;

    private Prefix(boolean v6, long hi, long lo, int length) {
        this.v6 = v6;
        this.hi = hi;
        this.lo = lo;
        this.length = (byte) length;
    }

    /** An IPv4 prefix; host bits beyond {@code length} are cleared. */
    public static Prefix ipv4(int address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("IPv4 prefix length " + length + " is outside 0..32");
        }
        return new Prefix(false, 0, (address & v4Mask(length)) & 0xFFFFFFFFL, length);
    }

    /** An IPv6 prefix; host bits beyond {@code length} are cleared. */
    public static Prefix ipv6(long hi, long lo, int length) {
        if (length < 0 || length > 128) {
            throw new IllegalArgumentException("IPv6 prefix length " + length + " is outside 0..128");
        }
        return new Prefix(true, hi & hiMask(length), lo & loMask(length), length);
    }

    /** A prefix of this address; host bits beyond {@code length} are cleared. */
    public static Prefix of(IpAddress address, int length) {
        return address.v6() ? ipv6(address.hi(), address.lo(), length) : ipv4(address.v4Bits(), length);
    }

    /**
     * Parses "10.0.0.0/8" or "2001:db8::/32". Unlike the wire decoder this rejects host bits
     * beyond the length: in configuration they are almost always a typo.
     */
    public static Prefix parse(String text) {
        String s = text.trim();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("prefix '" + text + "' has no '/length'");
        }
        IpAddress address = IpAddress.parse(s.substring(0, slash));
        String len = s.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("prefix '" + text + "' has a bad length");
        }
        Prefix p = of(address, Integer.parseInt(len));
        if (p.hi != address.hi() || p.lo != address.lo()) {
            throw new IllegalArgumentException(
                    "prefix '" + text + "' has host bits set beyond /" + len + " (did you mean " + p + "?)");
        }
        return p;
    }

    static int v4Mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    static long hiMask(int length) {
        return length >= 64 ? -1L : length == 0 ? 0L : -1L << (64 - length);
    }

    static long loMask(int length) {
        return length <= 64 ? 0L : length == 128 ? -1L : -1L << (128 - length);
    }

    public boolean isIpv6() {
        return v6;
    }

    public int length() {
        return length & 0xFF; // a byte holds 0..128 only as unsigned
    }

    /** 32 or 128. */
    public int maxLength() {
        return v6 ? 128 : 32;
    }

    /** The unicast family this prefix belongs to. */
    public AfiSafi family() {
        return v6 ? AfiSafi.IPV6_UNICAST : AfiSafi.IPV4_UNICAST;
    }

    /** The network address (host bits zero). */
    public IpAddress address() {
        return v6 ? IpAddress.v6(hi, lo) : IpAddress.v4((int) lo);
    }

    /** High 64 address bits (IPv6), zero for IPv4. */
    public long hi() {
        return hi;
    }

    /** Low 64 address bits (IPv6), or the 32 IPv4 bits. */
    public long lo() {
        return lo;
    }

    /** Whether {@code other} is this prefix or a more specific one inside it. */
    public boolean contains(Prefix other) {
        int len = length();
        if (other.v6 != v6 || other.length() < len) {
            return false;
        }
        if (v6) {
            return (other.hi & hiMask(len)) == hi && (other.lo & loMask(len)) == lo;
        }
        return ((int) other.lo & v4Mask(len)) == (int) lo;
    }

    /** Whether the address falls inside this prefix. */
    public boolean contains(IpAddress address) {
        return contains(of(address, address.v6() ? 128 : 32));
    }

    @Override
    public int compareTo(Prefix o) {
        if (v6 != o.v6) {
            return v6 ? 1 : -1;
        }
        int c = Long.compareUnsigned(hi, o.hi);
        if (c == 0) {
            c = Long.compareUnsigned(lo, o.lo);
        }
        return c != 0 ? c : Integer.compare(length(), o.length());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prefix p && p.v6 == v6 && p.length == length && p.hi == hi && p.lo == lo;
    }

    @Override
    public int hashCode() {
        long h = hi * 0x9E3779B97F4A7C15L + lo;
        h = h * 31 + length() + (v6 ? 1000 : 0);
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return (v6 ? AddressText.formatV6(hi, lo) : AddressText.formatV4((int) lo)) + "/" + length();
    }
}
