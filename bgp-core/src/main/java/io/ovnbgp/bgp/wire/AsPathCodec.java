package io.ovnbgp.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** AS_PATH / AS4_PATH segments on the wire (RFC 4271 §4.3, RFC 6793), and the RFC 6793 §4.2.3 merge. */
final class AsPathCodec {

    private AsPathCodec() {}

    /**
     * Reads segments of {@code asSize}-octet AS numbers. Malformed per RFC 7606 §7.2: an unknown
     * segment type, a zero segment length, a segment overrunning the attribute, or a single
     * octet left over; RFC 7607 adds AS 0 anywhere in the path.
     */
    static AsPath read(ByteBuf buf, int from, int to, int asSize) throws MalformedField {
        if (from == to) {
            return AsPath.EMPTY;
        }
        List<AsPathSegment> segments = new ArrayList<>(2);
        int pos = from;
        while (pos < to) {
            if (to - pos < 2) {
                throw new MalformedField("1 octet left after the last segment, too few for a segment header");
            }
            int typeCode = buf.getUnsignedByte(pos);
            int count = buf.getUnsignedByte(pos + 1);
            AsPathSegment.Type type = AsPathSegment.Type.ofCode(typeCode);
            if (type == null) {
                throw new MalformedField("unknown path segment type " + typeCode);
            }
            if (count == 0) {
                throw new MalformedField("path segment length 0");
            }
            int octets = count * asSize;
            if (octets > to - pos - 2) {
                throw new MalformedField(
                        "segment length " + count + " needs " + octets + " octets but " + (to - pos - 2) + " remain");
            }
            int[] asns = new int[count];
            for (int i = 0; i < count; i++) {
                int p = pos + 2 + i * asSize;
                asns[i] = asSize == 4 ? buf.getInt(p) : buf.getUnsignedShort(p);
                if (asns[i] == 0) {
                    throw new MalformedField("AS 0 in the path (RFC 7607)");
                }
            }
            segments.add(new AsPathSegment(type, asns));
            pos += 2 + octets;
        }
        return new AsPath(segments);
    }

    static int length(AsPath path, int asSize) {
        int n = 0;
        for (AsPathSegment s : path.segments()) {
            n += 2 + s.size() * asSize;
        }
        return n;
    }

    /** Writes segments; with 2-octet AS numbers, those that need 4 octets become AS_TRANS (RFC 6793 §4.2.2). */
    static void write(ByteBuf out, AsPath path, int asSize) {
        for (AsPathSegment s : path.segments()) {
            out.writeByte(s.type().code());
            out.writeByte(s.size());
            for (int i = 0; i < s.size(); i++) {
                long as = s.as(i);
                if (asSize == 4) {
                    out.writeInt((int) as);
                } else {
                    out.writeShort(as > 0xFFFF ? AsPath.AS_TRANS : (int) as);
                }
            }
        }
    }

    /** Whether a 2-octet session needs AS4_PATH to carry this path (RFC 6793 §4.2.2). */
    static boolean needsAs4Path(AsPath path) {
        for (AsPathSegment s : path.segments()) {
            for (int i = 0; i < s.size(); i++) {
                if (s.as(i) > 0xFFFF) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The path without AS_CONFED_* segments, which AS4_PATH must not carry (RFC 6793 §3). */
    static AsPath withoutConfederations(AsPath path) {
        List<AsPathSegment> out = new ArrayList<>(path.segments().size());
        for (AsPathSegment s : path.segments()) {
            if (!s.type().isConfederation()) {
                out.add(s);
            }
        }
        return out.size() == path.segments().size() ? path : new AsPath(out);
    }

    /**
     * RFC 6793 §4.2.3: the 4-octet path from a 2-octet AS_PATH and an AS4_PATH. If AS_PATH holds
     * fewer AS numbers than AS4_PATH (counted like the path length), AS4_PATH is ignored;
     * otherwise as many leading AS numbers of AS_PATH as make up the difference are prepended to
     * AS4_PATH, together with confederation segments that lead or touch the prepended part.
     */
    static AsPath reconcile(AsPath asPath, AsPath as4Path) {
        int n2 = asPath.pathLength();
        int n4 = as4Path.pathLength();
        if (n2 < n4) {
            return asPath;
        }
        int need = n2 - n4;
        List<AsPathSegment> front = new ArrayList<>();
        boolean adjacent = true; // the leading segment counts as adjacent
        for (AsPathSegment s : asPath.segments()) {
            if (s.type().isConfederation()) {
                if (need > 0 || adjacent) {
                    front.add(s);
                    continue;
                }
                break;
            }
            if (need == 0) {
                break;
            }
            if (s.type() == AsPathSegment.Type.AS_SET || s.size() <= need) {
                front.add(s);
                need -= s.pathLength();
            } else {
                int[] part = new int[need];
                for (int i = 0; i < need; i++) {
                    part[i] = (int) s.as(i);
                }
                front.add(new AsPathSegment(s.type(), part));
                need = 0;
            }
            adjacent = true;
        }
        List<AsPathSegment> out = new ArrayList<>(front);
        List<AsPathSegment> tail = as4Path.segments();
        for (int k = 0; k < tail.size(); k++) {
            AsPathSegment s = tail.get(k);
            int last = out.size() - 1;
            if (k == 0
                    && last >= 0
                    && out.get(last).type() == AsPathSegment.Type.AS_SEQUENCE
                    && s.type() == AsPathSegment.Type.AS_SEQUENCE
                    && out.get(last).size() + s.size() <= AsPathSegment.MAX_ASNS) {
                // the prepended part and AS4_PATH's first sequence are one sequence on the real path
                int[] a = out.get(last).asns();
                int[] b = s.asns();
                int[] joined = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, joined, a.length, b.length);
                out.set(last, new AsPathSegment(AsPathSegment.Type.AS_SEQUENCE, joined));
            } else {
                out.add(s);
            }
        }
        return new AsPath(out);
    }
}
