package io.ovnbgp.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** OPEN bodies (RFC 4271 §4.2) with Capabilities (RFC 5492) and extended Optional Parameters (RFC 9072). */
final class OpenCodec {

    private static final int CAPABILITIES_PARAMETER = 2;
    /** RFC 9072 §2: Non-Ext OP Len and Non-Ext OP Type both 255 announce the extended form. */
    private static final int EXTENDED_MARK = 255;

    private OpenCodec() {}

    /** Decodes the OPEN body in {@code [start, end)}; the caller has checked that it holds at least 10 octets. */
    static OpenMessage decode(ByteBuf buf, int start, int end) throws BgpDecodeException {
        int version = buf.getUnsignedByte(start);
        if (version != OpenMessage.BGP_VERSION) {
            // RFC 4271 §6.2: the data is the version we would speak, as 2 octets: only 4 here.
            throw new BgpDecodeException(
                    ErrorSubcode.UNSUPPORTED_VERSION_NUMBER,
                    new byte[] {0, OpenMessage.BGP_VERSION},
                    "peer offers version " + version + "; this speaker supports version 4 only");
        }
        int myAs = buf.getUnsignedShort(start + 1);
        int holdTime = buf.getUnsignedShort(start + 3);
        int bgpId = buf.getInt(start + 5);
        int optLength = buf.getUnsignedByte(start + 9);
        if (holdTime == 1 || holdTime == 2) {
            throw new BgpDecodeException(
                    ErrorSubcode.UNACCEPTABLE_HOLD_TIME,
                    "Hold Time " + holdTime + " s; it must be 0 or at least 3 (RFC 4271 §4.2)");
        }
        if (bgpId == 0) {
            throw new BgpDecodeException(ErrorSubcode.BAD_BGP_IDENTIFIER, "BGP Identifier 0.0.0.0 (RFC 6286 §2.1)");
        }
        List<Capability> capabilities = new ArrayList<>();
        OpenLayout layout = readOptionalParameters(buf, start + 10, end, optLength, capabilities);
        return new OpenMessage(version, myAs, holdTime, bgpId, capabilities, layout);
    }

    /**
     * Reads the Optional Parameters in {@code [from, end)}, in the classic form or the RFC 9072 extended one, into
     * {@code capabilities}; returns how they were laid out.
     */
    private static OpenLayout readOptionalParameters(
            ByteBuf buf, int from, int end, int optLength, List<Capability> capabilities) throws BgpDecodeException {
        int pos = from;
        boolean extended = false;
        int paramsEnd;
        if (optLength == EXTENDED_MARK && pos < end && buf.getUnsignedByte(pos) == EXTENDED_MARK) {
            if (end - pos < 3) {
                throw new BgpDecodeException(
                        ErrorSubcode.OPEN_UNSPECIFIC, "Extended Optional Parameters Length cut short (RFC 9072)");
            }
            extended = true;
            paramsEnd = pos + 3 + buf.getUnsignedShort(pos + 1);
            pos += 3;
        } else {
            paramsEnd = pos + optLength;
        }
        if (paramsEnd != end) {
            throw new BgpDecodeException(
                    ErrorSubcode.OPEN_UNSPECIFIC,
                    "Optional Parameters Length " + (paramsEnd - pos) + " does not match the " + (end - pos)
                            + " octets the message holds for them");
        }
        List<Integer> grouping = new ArrayList<>();
        int headerLength = extended ? 3 : 2;
        while (pos < paramsEnd) {
            if (paramsEnd - pos < headerLength) {
                throw new BgpDecodeException(ErrorSubcode.OPEN_UNSPECIFIC, "Optional Parameter header cut short");
            }
            int type = buf.getUnsignedByte(pos);
            int length = extended ? buf.getUnsignedShort(pos + 1) : buf.getUnsignedByte(pos + 1);
            int valueStart = pos + headerLength;
            if (length > paramsEnd - valueStart) {
                throw new BgpDecodeException(
                        ErrorSubcode.OPEN_UNSPECIFIC,
                        "Optional Parameter Length " + length + " overruns the " + (paramsEnd - valueStart)
                                + " octets left");
            }
            if (type != CAPABILITIES_PARAMETER) {
                throw new BgpDecodeException(
                        ErrorSubcode.UNSUPPORTED_OPTIONAL_PARAMETER,
                        "Optional Parameter type " + type + "; only Capabilities (2) is supported");
            }
            grouping.add(readCapabilities(buf, valueStart, valueStart + length, capabilities));
            pos = valueStart + length;
        }
        int[] counts = grouping.stream().mapToInt(Integer::intValue).toArray();
        return new OpenLayout(extended, counts);
    }

    private static int readCapabilities(ByteBuf buf, int from, int to, List<Capability> out) throws BgpDecodeException {
        int pos = from;
        int count = 0;
        while (pos < to) {
            if (to - pos < 2) {
                throw new BgpDecodeException(ErrorSubcode.OPEN_UNSPECIFIC, "capability header cut short");
            }
            int code = buf.getUnsignedByte(pos);
            int length = buf.getUnsignedByte(pos + 1);
            if (length > to - pos - 2) {
                throw new BgpDecodeException(
                        ErrorSubcode.OPEN_UNSPECIFIC,
                        "Capability Length " + length + " of capability " + code + " overruns the " + (to - pos - 2)
                                + " octets left in its Optional Parameter");
            }
            out.add(readCapability(buf, code, pos + 2, length));
            count++;
            pos += 2 + length;
        }
        return count;
    }

    private static Capability readCapability(ByteBuf buf, int code, int at, int length) throws BgpDecodeException {
        switch (code) {
            case Capability.MULTIPROTOCOL -> {
                expectLength(code, "Multiprotocol Extensions", length, 4);
                // octet 2 is Reserved (RFC 4760 §8)
                return new Capability.Multiprotocol(new AfiSafi(buf.getUnsignedShort(at), buf.getUnsignedByte(at + 3)));
            }
            case Capability.ROUTE_REFRESH -> {
                expectLength(code, "Route Refresh", length, 0);
                return new Capability.RouteRefresh();
            }
            case Capability.ENHANCED_ROUTE_REFRESH -> {
                expectLength(code, "Enhanced Route Refresh", length, 0);
                return new Capability.EnhancedRouteRefresh();
            }
            case Capability.EXTENDED_MESSAGE -> {
                expectLength(code, "Extended Message", length, 0);
                return new Capability.ExtendedMessage();
            }
            case Capability.FOUR_OCTET_AS -> {
                expectLength(code, "4-octet AS", length, 4);
                return new Capability.FourOctetAs(buf.getUnsignedInt(at));
            }
            case Capability.GRACEFUL_RESTART -> {
                if (length < 2 || (length - 2) % 4 != 0) {
                    throw new BgpDecodeException(
                            ErrorSubcode.OPEN_UNSPECIFIC,
                            "Graceful Restart capability length " + length
                                    + " is not 2 plus a multiple of 4 (RFC 4724 §3)");
                }
                int flagsAndTime = buf.getUnsignedShort(at);
                List<Capability.GrFamily> families = new ArrayList<>((length - 2) / 4);
                for (int p = at + 2; p < at + length; p += 4) {
                    AfiSafi family = new AfiSafi(buf.getUnsignedShort(p), buf.getUnsignedByte(p + 2));
                    families.add(new Capability.GrFamily(family, (buf.getUnsignedByte(p + 3) & 0x80) != 0));
                }
                return new Capability.GracefulRestart(
                        (flagsAndTime & 0x8000) != 0,
                        (flagsAndTime & 0x4000) != 0,
                        flagsAndTime & Capability.GracefulRestart.MAX_RESTART_TIME,
                        families);
            }
            default -> {
                return new Capability.Unknown(code, ByteBufUtil.getBytes(buf, at, length));
            }
        }
    }

    private static void expectLength(int code, String name, int length, int expected) throws BgpDecodeException {
        if (length != expected) {
            throw new BgpDecodeException(
                    ErrorSubcode.OPEN_UNSPECIFIC,
                    name + " capability (code " + code + ") has length " + length + ", expected " + expected);
        }
    }

    static void encode(OpenMessage m, ByteBuf out) {
        List<Capability> caps = m.capabilities();
        OpenLayout layout = m.layout();
        int[] groups;
        if (layout != null && layout.fits(caps.size())) {
            groups = new int[layout.parameters()];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = layout.capabilitiesIn(i);
            }
        } else {
            // One capability per parameter, as FRR and GoBGP send them.
            groups = new int[caps.size()];
            Arrays.fill(groups, 1);
        }
        int[] groupLengths = new int[groups.length];
        int total = 0;
        boolean needsExtended = false;
        for (int g = 0, c = 0; g < groups.length; g++) {
            for (int k = 0; k < groups[g]; k++, c++) {
                groupLengths[g] += 2 + capabilityLength(caps.get(c));
            }
            needsExtended |= groupLengths[g] > 0xFF;
            total += groupLengths[g];
        }
        boolean extended =
                (layout != null && layout.extendedParameters()) || needsExtended || total + 2 * groups.length > 0xFF;
        out.writeByte(m.version());
        out.writeShort(m.myAs16());
        out.writeShort(m.holdTime());
        out.writeInt(m.bgpIdentifier());
        if (extended) {
            out.writeByte(EXTENDED_MARK);
            out.writeByte(EXTENDED_MARK);
            out.writeShort(total + 3 * groups.length);
        } else {
            out.writeByte(total + 2 * groups.length);
        }
        for (int g = 0, c = 0; g < groups.length; g++) {
            out.writeByte(CAPABILITIES_PARAMETER);
            if (extended) {
                out.writeShort(groupLengths[g]);
            } else {
                out.writeByte(groupLengths[g]);
            }
            for (int k = 0; k < groups[g]; k++, c++) {
                writeCapability(caps.get(c), out);
            }
        }
    }

    private static int capabilityLength(Capability c) {
        if (c instanceof Capability.Multiprotocol || c instanceof Capability.FourOctetAs) {
            return 4;
        }
        if (c instanceof Capability.GracefulRestart gr) {
            return 2 + 4 * gr.families().size();
        }
        if (c instanceof Capability.Unknown u) {
            return u.value().length;
        }
        return 0; // Route Refresh, Enhanced Route Refresh, Extended Message
    }

    private static void writeCapability(Capability c, ByteBuf out) {
        out.writeByte(c.code());
        out.writeByte(capabilityLength(c));
        if (c instanceof Capability.Multiprotocol mp) {
            out.writeShort(mp.family().afi());
            out.writeByte(0);
            out.writeByte(mp.family().safi());
        } else if (c instanceof Capability.FourOctetAs four) {
            out.writeInt((int) four.as());
        } else if (c instanceof Capability.GracefulRestart gr) {
            out.writeShort(
                    (gr.restartState() ? 0x8000 : 0) | (gr.notification() ? 0x4000 : 0) | gr.restartTimeSeconds());
            for (Capability.GrFamily f : gr.families()) {
                out.writeShort(f.family().afi());
                out.writeByte(f.family().safi());
                out.writeByte(f.forwardingPreserved() ? 0x80 : 0);
            }
        } else if (c instanceof Capability.Unknown u) {
            out.writeBytes(u.value());
        }
    }
}
