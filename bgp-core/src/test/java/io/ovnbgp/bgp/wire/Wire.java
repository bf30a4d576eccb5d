package io.ovnbgp.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;

/** Test helpers: annotated hex, decode/encode with buffers that are always released. */
final class Wire {

    static final CodecContext FOUR_OCTET =
            new CodecContext(true, false, Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST));
    static final CodecContext TWO_OCTET =
            new CodecContext(false, false, Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST));
    static final CodecContext FOUR_OCTET_EXTENDED = new CodecContext(true, true, Set.of(AfiSafi.IPV4_UNICAST));

    private Wire() {}

    /** Hex with whitespace, '|' separators and '#' comments to the end of a line. */
    static byte[] hex(String annotated) {
        StringBuilder sb = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int hash = line.indexOf('#');
            sb.append(hash >= 0 ? line.substring(0, hash) : line);
        }
        return HexFormat.of().parseHex(sb.toString().replaceAll("[\\s|]", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** A message with a correct header around {@code bodyHex}. */
    static byte[] message(int type, String bodyHex) {
        byte[] body = hex(bodyHex);
        byte[] out = new byte[19 + body.length];
        Arrays.fill(out, 0, 16, (byte) 0xFF);
        out[16] = (byte) (out.length >>> 8);
        out[17] = (byte) out.length;
        out[18] = (byte) type;
        System.arraycopy(body, 0, out, 19, body.length);
        return out;
    }

    /** An UPDATE with correct Withdrawn Routes Length and Total Path Attribute Length. */
    static byte[] update(String withdrawnHex, String attributesHex, String nlriHex) {
        byte[] w = hex(withdrawnHex);
        byte[] a = hex(attributesHex);
        return message(
                2, String.format("%04x", w.length) + hex(w) + String.format("%04x", a.length) + hex(a) + nlriHex);
    }

    static BgpMessage decode(byte[] bytes, CodecContext ctx) throws BgpDecodeException {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            int reader = buf.readerIndex();
            BgpMessage m = MessageCodec.decode(buf, ctx);
            assertThat(buf.readerIndex())
                    .as("decode leaves the reader index alone")
                    .isEqualTo(reader);
            return m;
        } finally {
            buf.release();
        }
    }

    static <T extends BgpMessage> T decode(byte[] bytes, CodecContext ctx, Class<T> kind) throws BgpDecodeException {
        BgpMessage m = decode(bytes, ctx);
        assertThat(m).isInstanceOf(kind);
        return kind.cast(m);
    }

    static byte[] encode(BgpMessage m, CodecContext ctx) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MessageCodec.encode(m, ctx, buf);
            return ByteBufUtil.getBytes(buf);
        } finally {
            buf.release();
        }
    }

    /** Decodes, checks that re-encoding gives the same octets, returns the message. */
    static <T extends BgpMessage> T roundTrip(byte[] bytes, CodecContext ctx, Class<T> kind) throws BgpDecodeException {
        T m = decode(bytes, ctx, kind);
        assertThat(hex(encode(m, ctx))).as("re-encoding of %s", m).isEqualTo(hex(bytes));
        return m;
    }

    static BgpDecodeException failure(byte[] bytes, CodecContext ctx) {
        BgpDecodeException e = catchThrowableOfType(BgpDecodeException.class, () -> decode(bytes, ctx));
        assertThat(e).as("decoding %s must fail", hex(bytes)).isNotNull();
        return e;
    }

    static void assertFailure(BgpDecodeException e, ErrorSubcode expected) {
        assertThat(ErrorSubcode.of(e.code(), e.subcode())).as(e.getMessage()).isEqualTo(expected);
    }
}
