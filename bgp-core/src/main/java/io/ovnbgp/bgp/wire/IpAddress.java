package io.ovnbgp.bgp.wire;

/**
 * An IPv4 or IPv6 address as plain bits. IPv4 lives in the low 32 bits of {@code lo} with
 * {@code hi == 0}; IPv6 uses both longs, most significant first.
 */
public record IpAddress(boolean v6, long hi, long lo) {

    public IpAddress {
        if (!v6 && (hi != 0 || (lo >>> 32) != 0)) {
            throw new IllegalArgumentException("an IPv4 address has only 32 bits");
        }
    }

    public static IpAddress v4(int bits) {
        return new IpAddress(false, 0, bits & 0xFFFFFFFFL);
    }

    public static IpAddress v6(long hi, long lo) {
        return new IpAddress(true, hi, lo);
    }

    /** Parses "192.0.2.1" or "2001:db8::1"; never resolves host names. */
    public static IpAddress parse(String text) {
        String s = text.trim();
        if (s.indexOf(':') >= 0) {
            long[] v = AddressText.parseV6(s);
            return v6(v[0], v[1]);
        }
        return v4(AddressText.parseV4(s));
    }

    /** The IPv4 address bits; only meaningful when {@link #v6()} is false. */
    public int v4Bits() {
        return (int) lo;
    }

    /** The 4 or 16 octets in network order. */
    public byte[] toBytes() {
        byte[] out = new byte[v6 ? 16 : 4];
        if (v6) {
            for (int i = 0; i < 8; i++) {
                out[i] = (byte) (hi >>> (56 - 8 * i));
                out[i + 8] = (byte) (lo >>> (56 - 8 * i));
            }
        } else {
            for (int i = 0; i < 4; i++) {
                out[i] = (byte) (lo >>> (24 - 8 * i));
            }
        }
        return out;
    }

    /** fe80::/10, which an IPv6 MP_REACH next hop carries as its second address (RFC 2545 §3). */
    public boolean isIpv6LinkLocal() {
        return v6 && (hi >>> 54) == (0xfe80L >>> 6);
    }

    @Override
    public String toString() {
        return v6 ? AddressText.formatV6(hi, lo) : AddressText.formatV4((int) lo);
    }
}
