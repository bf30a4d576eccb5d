package io.ovnbgp.bgp.wire;

/** Textual IPv4/IPv6 forms, kept here so that no address ever goes through InetAddress (which may resolve names). */
final class AddressText {

    private AddressText() {}

    static String formatV4(int bits) {
        return ((bits >>> 24) & 0xFF) + "." + ((bits >>> 16) & 0xFF) + "." + ((bits >>> 8) & 0xFF) + "."
                + (bits & 0xFF);
    }

    /** RFC 5952 canonical text: lower case, no leading zeros, the longest run of two or more zero groups as "::". */
    static String formatV6(long hi, long lo) {
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xFFFF;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xFFFF;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** Parses dotted-quad IPv4; returns the address bits or throws IllegalArgumentException. */
    static int parseV4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + s + "'");
        }
        int bits = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new IllegalArgumentException("not an IPv4 address: '" + s + "'");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + s + "'");
            }
            bits = (bits << 8) | v;
        }
        return bits;
    }

    /** Parses IPv6 text (RFC 4291 §2.2, including "::" and a trailing dotted quad) into {hi, lo}. */
    static long[] parseV6(String s) {
        int dc = s.indexOf("::");
        if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
            throw new IllegalArgumentException("not an IPv6 address (two '::'): '" + s + "'");
        }
        int[] head = dc >= 0 ? groups(s.substring(0, dc), s, false) : groups(s, s, true);
        int[] tail = dc >= 0 ? groups(s.substring(dc + 2), s, true) : new int[0];
        int total = head.length + tail.length;
        if (dc < 0 ? total != 8 : total > 7) {
            throw new IllegalArgumentException("not an IPv6 address (wrong number of groups): '" + s + "'");
        }
        int[] g = new int[8];
        System.arraycopy(head, 0, g, 0, head.length);
        System.arraycopy(tail, 0, g, 8 - tail.length, tail.length);
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | g[i];
            lo = (lo << 16) | g[i + 4];
        }
        return new long[] {hi, lo};
    }

    private static int[] groups(String part, String whole, boolean dottedTailAllowed) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] items = part.split(":", -1);
        boolean dotted = dottedTailAllowed && items[items.length - 1].indexOf('.') >= 0;
        int[] out = new int[items.length + (dotted ? 1 : 0)];
        for (int i = 0; i < items.length; i++) {
            String it = items[i];
            if (dotted && i == items.length - 1) {
                int v4 = parseV4(it);
                out[i] = v4 >>> 16;
                out[i + 1] = v4 & 0xFFFF;
                continue;
            }
            if (it.isEmpty() || it.length() > 4) {
                throw new IllegalArgumentException("not an IPv6 address: '" + whole + "'");
            }
            int v = 0;
            for (int k = 0; k < it.length(); k++) {
                int d = Character.digit(it.charAt(k), 16);
                if (d < 0) {
                    throw new IllegalArgumentException("not an IPv6 address: '" + whole + "'");
                }
                v = (v << 4) | d;
            }
            out[i] = v;
        }
        return out;
    }
}
