package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.Wire.assertFailure;
import static io.ovnbgp.bgp.wire.Wire.failure;
import static io.ovnbgp.bgp.wire.Wire.hex;
import static io.ovnbgp.bgp.wire.Wire.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Marker, Length and Type (RFC 4271 §4.1, §6.1) and the framing helper. */
class HeaderCodecTest {

    private static final CodecContext CTX = Wire.FOUR_OCTET;

    @Test
    void badMarkerIsConnectionNotSynchronized() {
        byte[] m = Vectors.KEEPALIVE.clone();
        m[7] = 0;
        BgpDecodeException e = failure(m, CTX);
        assertFailure(e, ErrorSubcode.CONNECTION_NOT_SYNCHRONIZED);
        assertThat(e.getMessage())
                .isEqualTo("Message Header Error / Connection Not Synchronized: Marker octet 7 is not all ones");
    }

    @Test
    void lengthBelow19OrAbove4096IsBadMessageLengthWithTheLengthAsData() {
        byte[] m = Vectors.KEEPALIVE.clone();
        m[17] = 18;
        BgpDecodeException e = failure(m, CTX);
        assertFailure(e, ErrorSubcode.BAD_MESSAGE_LENGTH);
        assertThat(e.data()).containsExactly(0x00, 0x12);

        byte[] big = new byte[4097];
        System.arraycopy(Vectors.UPDATE_EOR_IPV4, 0, big, 0, 23);
        big[16] = 0x10;
        big[17] = 0x01;
        BgpDecodeException e2 = failure(big, CTX);
        assertFailure(e2, ErrorSubcode.BAD_MESSAGE_LENGTH);
        assertThat(e2.data()).containsExactly(0x10, 0x01);
    }

    @Test
    void extendedMessagesAllowLongUpdatesButNotLongOpens() throws Exception {
        // an UPDATE of 5000 octets with one unknown optional attribute filling it
        int valueLength = 5000 - 23 - 4;
        byte[] value = new byte[valueLength];
        byte[] update = Wire.update("", "d0 63 " + String.format("%04x", valueLength) + hex(value), "");
        assertThat(update).hasSize(5000);

        assertFailure(failure(update, CTX), ErrorSubcode.BAD_MESSAGE_LENGTH);
        Wire.roundTrip(update, Wire.FOUR_OCTET_EXTENDED, UpdateMessage.class);

        byte[] open = message(1, "04 fde9 00b4 c0000201 ff ff 1300" + "00".repeat(0x1300));
        assertFailure(failure(open, Wire.FOUR_OCTET_EXTENDED), ErrorSubcode.BAD_MESSAGE_LENGTH);
    }

    @Test
    void unknownTypeIsBadMessageTypeWithTheTypeAsData() {
        BgpDecodeException e = failure(message(6, ""), CTX);
        assertFailure(e, ErrorSubcode.BAD_MESSAGE_TYPE);
        assertThat(e.data()).containsExactly(6);
        assertFailure(failure(message(0, ""), CTX), ErrorSubcode.BAD_MESSAGE_TYPE);
    }

    @Test
    void perTypeMinimumsAreBadMessageLength() {
        assertFailure(failure(message(1, "04 fde9 00b4 c0000201"), CTX), ErrorSubcode.BAD_MESSAGE_LENGTH);
        assertFailure(failure(message(2, "0000 00"), CTX), ErrorSubcode.BAD_MESSAGE_LENGTH);
        assertFailure(failure(message(3, "06"), CTX), ErrorSubcode.BAD_MESSAGE_LENGTH);
    }

    @Test
    void frameThatDisagreesWithItsLengthIsBadMessageLength() {
        byte[] longer = Arrays.copyOf(Vectors.KEEPALIVE, 20);
        assertFailure(failure(longer, CTX), ErrorSubcode.BAD_MESSAGE_LENGTH);
        byte[] shorter = Arrays.copyOf(Vectors.UPDATE_FRR_IPV6, 100);
        assertFailure(failure(shorter, CTX), ErrorSubcode.BAD_MESSAGE_LENGTH);
        assertFailure(failure(Arrays.copyOf(Vectors.KEEPALIVE, 10), CTX), ErrorSubcode.BAD_MESSAGE_LENGTH);
    }

    @Test
    void decodeHonoursTheReaderIndex() throws Exception {
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeBytes(new byte[] {1, 2, 3});
            buf.readerIndex(3);
            buf.writeBytes(Vectors.ROUTE_REFRESH_IPV6);
            assertThat(MessageCodec.decode(buf, CTX)).isEqualTo(RouteRefreshMessage.request(AfiSafi.IPV6_UNICAST));
            assertThat(buf.readerIndex()).isEqualTo(3);
        } finally {
            buf.release();
        }
    }

    @Test
    void frameLengthWaitsForAWholeHeader() throws Exception {
        byte[] m = Vectors.UPDATE_FRR_IPV6;
        ByteBuf buf = Unpooled.buffer();
        try {
            for (int i = 0; i < 19; i++) {
                assertThat(MessageCodec.frameLength(buf, CTX)).isEqualTo(-1);
                buf.writeByte(m[i]);
            }
            assertThat(MessageCodec.frameLength(buf, CTX)).isEqualTo(m.length);
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void frameLengthRejectsABadMarkerAsSoonAsItArrives() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x00});
        try {
            assertThatThrownBy(() -> MessageCodec.frameLength(buf, CTX))
                    .isInstanceOfSatisfying(
                            BgpDecodeException.class, e -> assertFailure(e, ErrorSubcode.CONNECTION_NOT_SYNCHRONIZED));
        } finally {
            buf.release();
        }
    }

    @Test
    void frameLengthRejectsLengthsOutsideTheSessionLimit() {
        for (int length : List.of(0, 18, 4097, 65535)) {
            byte[] header = Vectors.KEEPALIVE.clone();
            header[16] = (byte) (length >>> 8);
            header[17] = (byte) length;
            ByteBuf buf = Unpooled.wrappedBuffer(header);
            try {
                assertThatThrownBy(() -> MessageCodec.frameLength(buf, CTX))
                        .isInstanceOfSatisfying(BgpDecodeException.class, e -> {
                            assertFailure(e, ErrorSubcode.BAD_MESSAGE_LENGTH);
                            assertThat(e.data()).containsExactly(header[16] & 0xFF, header[17] & 0xFF);
                        });
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void encodingTooLongAMessageFailsAndLeavesTheBufferAlone() {
        List<Prefix> many = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            many.add(Prefix.ipv4(0x0A000000 | (i << 8), 24));
        }
        UpdateMessage update = UpdateMessage.withdraw(many);
        ByteBuf buf = Unpooled.buffer();
        try {
            buf.writeByte(7);
            assertThatThrownBy(() -> MessageCodec.encode(update, CTX, buf))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("4096");
            assertThat(buf.writerIndex()).isEqualTo(1);
            MessageCodec.encode(update, Wire.FOUR_OCTET_EXTENDED, buf);
            assertThat(buf.readableBytes()).isEqualTo(1 + 23 + 4400);
        } finally {
            buf.release();
        }
    }
}
