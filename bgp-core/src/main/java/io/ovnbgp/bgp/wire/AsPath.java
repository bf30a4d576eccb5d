package io.ovnbgp.bgp.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;

/**
 * AS_PATH (RFC 4271 §5.1.2) with 4-octet AS numbers (RFC 6793). On a 2-octet session the decoder
 * has already merged AS4_PATH in, so this is always the full-width path.
 */
public record AsPath(List<AsPathSegment> segments) implements PathAttribute {

    public static final AsPath EMPTY = new AsPath(List.of());
    /** RFC 6793 §2: stands in for a 4-octet AS where only 2 octets fit. */
    public static final int AS_TRANS = 23456;

    public AsPath {
        segments = List.copyOf(segments);
    }

    /** A path of one AS_SEQUENCE (split into segments of 255 when longer). */
    public static AsPath sequence(long... asns) {
        List<AsPathSegment> segs = new ArrayList<>();
        for (int from = 0; from < asns.length; from += AsPathSegment.MAX_ASNS) {
            int to = Math.min(asns.length, from + AsPathSegment.MAX_ASNS);
            segs.add(AsPathSegment.of(AsPathSegment.Type.AS_SEQUENCE, Arrays.copyOfRange(asns, from, to)));
        }
        return new AsPath(segs);
    }

    @Override
    public int typeCode() {
        return AttributeType.AS_PATH.code();
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** AS path length for the decision process: a set counts one, confederation segments none (RFC 4271 §9.1.2.2, RFC 5065). */
    public int pathLength() {
        int n = 0;
        for (AsPathSegment s : segments) {
            n += s.pathLength();
        }
        return n;
    }

    /** The neighbouring AS: the first AS of a leading AS_SEQUENCE, if the path starts with one. */
    public OptionalLong firstAs() {
        if (segments.isEmpty() || segments.get(0).type() != AsPathSegment.Type.AS_SEQUENCE) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(segments.get(0).as(0));
    }

    /** Whether the AS appears anywhere, in any segment type (loop detection, RFC 4271 §9.1.2). */
    public boolean contains(long as) {
        for (AsPathSegment s : segments) {
            if (s.contains((int) as)) {
                return true;
            }
        }
        return false;
    }

    /** This path with {@code as} prepended {@code times} times to the leading AS_SEQUENCE. */
    public AsPath prepend(long as, int times) {
        if (times <= 0) {
            return this;
        }
        List<AsPathSegment> out = new ArrayList<>(segments);
        long[] front = new long[0];
        if (!out.isEmpty() && out.get(0).type() == AsPathSegment.Type.AS_SEQUENCE) {
            AsPathSegment first = out.remove(0);
            front = new long[first.size()];
            for (int i = 0; i < front.length; i++) {
                front[i] = first.as(i);
            }
        }
        long[] all = new long[times + front.length];
        Arrays.fill(all, 0, times, as);
        System.arraycopy(front, 0, all, times, front.length);
        List<AsPathSegment> result = new ArrayList<>(sequence(all).segments());
        result.addAll(out);
        return new AsPath(result);
    }

    /** "65001 65002 {65003,65004} (65005)" in the usual looking-glass notation. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (AsPathSegment s : segments) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(s);
        }
        return sb.toString();
    }
}
