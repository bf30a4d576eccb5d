package io.ovnbgp.bgp.wire;

/** Hex for log and error text; bounded because the data of a NOTIFICATION can be 64 KiB. */
final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    static String of(byte[] bytes, int maxBytes) {
        int n = Math.min(bytes.length, maxBytes);
        StringBuilder sb = new StringBuilder(n * 2 + 3);
        for (int i = 0; i < n; i++) {
            sb.append(DIGITS[(bytes[i] >> 4) & 0xF]).append(DIGITS[bytes[i] & 0xF]);
        }
        if (n < bytes.length) {
            sb.append("...");
        }
        return sb.toString();
    }
}
