package io.ovnbgp.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * BGP-4 messages to and from octets (RFC 4271 §4 and the extensions listed in
 * {@link BgpMessage}'s kinds). Stateless: what a session negotiated comes in a
 * {@link CodecContext}. The caller owns every ByteBuf passed in; nothing here retains, releases
 * or keeps a reference to one.
 */
public final class MessageCodec {

    /** Marker, Length and Type (RFC 4271 §4.1). */
    public static final int HEADER_LENGTH = 19;

    private static final int MARKER_LENGTH = 16;
    /** OPEN and KEEPALIVE never grow beyond 4096, even with Extended Message (RFC 8654 §3). */
    private static final int MAX_OPEN_OR_KEEPALIVE = CodecContext.MAX_MESSAGE_LENGTH;

    private MessageCodec() {}

    /**
     * For a framing handler: the length of the message that starts at {@code in}'s reader index,
     * or -1 while fewer than 19 octets (a whole header) are readable. Does not move any index.
     *
     * @throws BgpDecodeException Connection Not Synchronized for a bad marker (checked on
     *                            whatever part of it is already there), Bad Message Length for a
     *                            length below 19 or above what {@code ctx} allows
     */
    public static int frameLength(ByteBuf in, CodecContext ctx) throws BgpDecodeException {
        int start = in.readerIndex();
        int readable = in.readableBytes();
        checkMarker(in, start, Math.min(readable, MARKER_LENGTH));
        if (readable < HEADER_LENGTH) {
            return -1;
        }
        int length = in.getUnsignedShort(start + MARKER_LENGTH);
        if (length < HEADER_LENGTH || length > ctx.maxMessageLength()) {
            throw badLength(
                    length, "Length " + length + " is outside " + HEADER_LENGTH + ".." + ctx.maxMessageLength());
        }
        return length;
    }

    /**
     * Decodes one whole message: {@code frame}'s readable octets must be exactly one message,
     * header included. Indices are left as they were.
     *
     * <p>UPDATE errors that RFC 7606 handles without a session reset do not throw: they come back
     * as {@link UpdateMessage#errorAction()} with {@link UpdateMessage#problems()}.
     *
     * @throws BgpDecodeException when the RFCs call for a NOTIFICATION; it carries that NOTIFICATION
     */
    public static BgpMessage decode(ByteBuf frame, CodecContext ctx) throws BgpDecodeException {
        int start = frame.readerIndex();
        int readable = frame.readableBytes();
        checkMarker(frame, start, Math.min(readable, MARKER_LENGTH));
        if (readable < HEADER_LENGTH) {
            byte[] lengthField =
                    readable >= MARKER_LENGTH + 2 ? ByteBufUtil.getBytes(frame, start + MARKER_LENGTH, 2) : new byte[0];
            throw new BgpDecodeException(
                    ErrorSubcode.BAD_MESSAGE_LENGTH,
                    lengthField,
                    "only " + readable + " octets, less than a message header");
        }
        int length = frame.getUnsignedShort(start + MARKER_LENGTH);
        int typeCode = frame.getUnsignedByte(start + MARKER_LENGTH + 2);
        if (length < HEADER_LENGTH || length > ctx.maxMessageLength()) {
            throw badLength(
                    length, "Length " + length + " is outside " + HEADER_LENGTH + ".." + ctx.maxMessageLength());
        }
        if (length != readable) {
            throw badLength(length, "Length " + length + " but the frame holds " + readable + " octets");
        }
        MessageType type = MessageType.ofCode(typeCode);
        if (type == null) {
            throw new BgpDecodeException(
                    ErrorSubcode.BAD_MESSAGE_TYPE,
                    new byte[] {(byte) typeCode},
                    "Type " + typeCode + " is not a BGP message type");
        }
        return decodeBody(frame, type, start, length, ctx);
    }

    /** The body of a message whose header has been checked: {@code length} octets from {@code start}. */
    private static BgpMessage decodeBody(ByteBuf frame, MessageType type, int start, int length, CodecContext ctx)
            throws BgpDecodeException {
        int body = start + HEADER_LENGTH;
        int end = start + length;
        switch (type) {
            case OPEN -> {
                requireLength(length, type, MAX_OPEN_OR_KEEPALIVE);
                return OpenCodec.decode(frame, body, end);
            }
            case UPDATE -> {
                requireLength(length, type, ctx.maxMessageLength());
                return UpdateDecoder.decode(frame, body, end, ctx);
            }
            case NOTIFICATION -> {
                requireLength(length, type, ctx.maxMessageLength());
                return new NotificationMessage(
                        frame.getUnsignedByte(body),
                        frame.getUnsignedByte(body + 1),
                        ByteBufUtil.getBytes(frame, body + 2, end - body - 2));
            }
            case KEEPALIVE -> {
                if (length != HEADER_LENGTH) {
                    throw badLength(length, "KEEPALIVE of length " + length + "; it must be exactly 19");
                }
                return KeepaliveMessage.INSTANCE;
            }
            case ROUTE_REFRESH -> {
                return decodeRouteRefresh(frame, start, length);
            }
            default -> throw new AssertionError(type);
        }
    }

    private static RouteRefreshMessage decodeRouteRefresh(ByteBuf frame, int start, int length)
            throws BgpDecodeException {
        if (length != MessageType.ROUTE_REFRESH.minLength()) {
            // RFC 7313 §5: the complete message goes back as the data.
            throw new BgpDecodeException(
                    ErrorSubcode.INVALID_MESSAGE_LENGTH,
                    ByteBufUtil.getBytes(frame, start, length),
                    "ROUTE-REFRESH of length " + length + "; it must be exactly 23");
        }
        int body = start + HEADER_LENGTH;
        AfiSafi family = new AfiSafi(frame.getUnsignedShort(body), frame.getUnsignedByte(body + 3));
        return new RouteRefreshMessage(family, frame.getUnsignedByte(body + 2));
    }

    /**
     * Appends {@code m} to {@code out}, header included. A decoded UPDATE or OPEN is written back
     * octet for octet (except for trailing bits beyond a prefix length, which decoding clears).
     *
     * @throws IllegalArgumentException when the message would exceed the length {@code ctx}
     *                                  allows; {@code out} is then left as it was
     */
    public static void encode(BgpMessage m, CodecContext ctx, ByteBuf out) {
        int start = out.writerIndex();
        for (int i = 0; i < MARKER_LENGTH; i++) {
            out.writeByte(0xFF);
        }
        out.writeShort(0);
        out.writeByte(m.type().code());
        int max = ctx.maxMessageLength();
        switch (m.type()) {
            case OPEN -> {
                OpenCodec.encode((OpenMessage) m, out);
                max = MAX_OPEN_OR_KEEPALIVE;
            }
            case UPDATE -> UpdateEncoder.encode((UpdateMessage) m, ctx, out);
            case NOTIFICATION -> {
                NotificationMessage n = (NotificationMessage) m;
                out.writeByte(n.code());
                out.writeByte(n.subcode());
                out.writeBytes(n.data());
            }
            case KEEPALIVE -> max = MAX_OPEN_OR_KEEPALIVE;
            case ROUTE_REFRESH -> {
                RouteRefreshMessage r = (RouteRefreshMessage) m;
                out.writeShort(r.family().afi());
                out.writeByte(r.subtype());
                out.writeByte(r.family().safi());
            }
            default -> throw new AssertionError(m.type());
        }
        int length = out.writerIndex() - start;
        if (length > max) {
            out.writerIndex(start);
            throw new IllegalArgumentException(m.type() + " of " + length + " octets exceeds the " + max
                    + "-octet maximum of this session; split it");
        }
        out.setShort(start + MARKER_LENGTH, length);
    }

    private static void checkMarker(ByteBuf in, int start, int octets) throws BgpDecodeException {
        for (int i = 0; i < octets; i++) {
            if (in.getByte(start + i) != (byte) 0xFF) {
                throw new BgpDecodeException(
                        ErrorSubcode.CONNECTION_NOT_SYNCHRONIZED, "Marker octet " + i + " is not all ones");
            }
        }
    }

    private static void requireLength(int length, MessageType type, int max) throws BgpDecodeException {
        if (length < type.minLength() || length > max) {
            throw badLength(length, type + " of length " + length + " is outside " + type.minLength() + ".." + max);
        }
    }

    private static BgpDecodeException badLength(int length, String detail) {
        // RFC 4271 §6.1: the data is the erroneous Length field.
        return new BgpDecodeException(
                ErrorSubcode.BAD_MESSAGE_LENGTH, new byte[] {(byte) (length >>> 8), (byte) length}, detail);
    }
}
