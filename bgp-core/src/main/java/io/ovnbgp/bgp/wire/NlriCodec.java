package io.ovnbgp.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The &lt;length, prefix&gt; encoding of RFC 4271 §4.3, used by the NLRI, Withdrawn Routes and MP attributes. */
final class NlriCodec {

    private NlriCodec() {}

    /**
     * Reads prefixes from {@code [from, to)}. Trailing bits beyond a prefix's length are ignored
     * (RFC 4271 §4.3 calls them irrelevant) and cleared, so such input does not re-encode to the
     * same octets; every other valid input does.
     */
    static List<Prefix> read(ByteBuf buf, int from, int to, boolean v6) throws MalformedField {
        if (from == to) {
            return List.of();
        }
        List<Prefix> out = new ArrayList<>();
        int max = v6 ? 128 : 32;
        int pos = from;
        while (pos < to) {
            int len = buf.getUnsignedByte(pos++);
            if (len > max) {
                throw new MalformedField("prefix length " + len + " exceeds " + max);
            }
            int octets = (len + 7) >>> 3;
            if (octets > to - pos) {
                throw new MalformedField(
                        "prefix of length " + len + " needs " + octets + " octets but " + (to - pos) + " remain");
            }
            if (v6) {
                long hi = 0;
                long lo = 0;
                for (int i = 0; i < 16; i++) {
                    long b = i < octets ? buf.getUnsignedByte(pos + i) : 0;
                    if (i < 8) {
                        hi = (hi << 8) | b;
                    } else {
                        lo = (lo << 8) | b;
                    }
                }
                out.add(Prefix.ipv6(hi, lo, len));
            } else {
                int a = 0;
                for (int i = 0; i < 4; i++) {
                    a = (a << 8) | (i < octets ? buf.getUnsignedByte(pos + i) : 0);
                }
                out.add(Prefix.ipv4(a, len));
            }
            pos += octets;
        }
        return out;
    }

    static int length(List<Prefix> prefixes) {
        int n = 0;
        for (Prefix p : prefixes) {
            n += 1 + ((p.length() + 7) >>> 3);
        }
        return n;
    }

    static void write(ByteBuf out, List<Prefix> prefixes) {
        for (Prefix p : prefixes) {
            int len = p.length();
            int octets = (len + 7) >>> 3;
            out.writeByte(len);
            if (p.isIpv6()) {
                for (int i = 0; i < octets; i++) {
                    long word = i < 8 ? p.hi() : p.lo();
                    out.writeByte((int) (word >>> (56 - 8 * (i & 7))));
                }
            } else {
                int a = (int) p.lo();
                for (int i = 0; i < octets; i++) {
                    out.writeByte(a >>> (24 - 8 * i));
                }
            }
        }
    }
}
