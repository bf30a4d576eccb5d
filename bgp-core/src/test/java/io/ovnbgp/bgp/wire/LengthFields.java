package io.ovnbgp.bgp.wire;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the length fields of a valid message are, so mutation tests can bend exactly those:
 * header Length, UPDATE's two section lengths, every attribute length, AS_PATH segment lengths,
 * MP next hop lengths, prefix lengths; OPEN's parameter and capability lengths.
 */
final class LengthFields {

    /** A field of {@code width} octets at {@code offset}. */
    record Field(int offset, int width) {}

    private final byte[] m;
    private final boolean fourOctetAs;
    private final List<Field> out = new ArrayList<>();

    private LengthFields(byte[] m, boolean fourOctetAs) {
        this.m = m;
        this.fourOctetAs = fourOctetAs;
    }

    static List<Field> of(byte[] message, boolean fourOctetAs) {
        LengthFields f = new LengthFields(message, fourOctetAs);
        f.walk();
        return f.out;
    }

    private int u8(int at) {
        return m[at] & 0xFF;
    }

    private int u16(int at) {
        return (u8(at) << 8) | u8(at + 1);
    }

    private void walk() {
        out.add(new Field(16, 2));
        switch (u8(18)) {
            case 1 -> open();
            case 2 -> update();
            default -> {}
        }
    }

    private void open() {
        out.add(new Field(28, 1));
        boolean extended = u8(28) == 255 && u8(29) == 255;
        int pos = extended ? 32 : 29;
        if (extended) {
            out.add(new Field(30, 2));
        }
        while (pos < m.length) {
            int len = extended ? u16(pos + 1) : u8(pos + 1);
            out.add(new Field(pos + 1, extended ? 2 : 1));
            int value = pos + (extended ? 3 : 2);
            for (int c = value; c < value + len; c += 2 + u8(c + 1)) {
                out.add(new Field(c + 1, 1));
            }
            pos = value + len;
        }
    }

    private void update() {
        out.add(new Field(19, 2));
        int withdrawnEnd = 21 + u16(19);
        prefixes(21, withdrawnEnd);
        out.add(new Field(withdrawnEnd, 2));
        int pos = withdrawnEnd + 2;
        int attributesEnd = pos + u16(withdrawnEnd);
        while (pos < attributesEnd) {
            boolean extended = (u8(pos) & 0x10) != 0;
            int type = u8(pos + 1);
            int len = extended ? u16(pos + 2) : u8(pos + 2);
            out.add(new Field(pos + 2, extended ? 2 : 1));
            int v = pos + (extended ? 4 : 3);
            switch (type) {
                case 2 -> segments(v, v + len, fourOctetAs ? 4 : 2);
                case 17 -> segments(v, v + len, 4);
                case 14 -> {
                    out.add(new Field(v + 3, 1));
                    if (u8(v + 2) == 1 && u8(v + 1) <= 2) {
                        prefixes(v + 5 + u8(v + 3), v + len);
                    }
                }
                case 15 -> {
                    if (u8(v + 2) == 1 && u8(v + 1) <= 2) {
                        prefixes(v + 3, v + len);
                    }
                }
                default -> {}
            }
            pos = v + len;
        }
        prefixes(attributesEnd, m.length);
    }

    private void segments(int from, int to, int asSize) {
        for (int p = from; p < to; p += 2 + asSize * u8(p + 1)) {
            out.add(new Field(p + 1, 1));
        }
    }

    private void prefixes(int from, int to) {
        for (int p = from; p < to; p += 1 + (u8(p) + 7) / 8) {
            out.add(new Field(p, 1));
        }
    }
}
