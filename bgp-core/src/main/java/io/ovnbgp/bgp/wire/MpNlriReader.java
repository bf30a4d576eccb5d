package io.ovnbgp.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * The MP_REACH_NLRI and MP_UNREACH_NLRI attributes of one UPDATE (RFC 4760): the NLRI it carries for families
 * other than the classic IPv4 fields. An error that leaves their NLRI unlocatable or unparseable throws, as
 * RFC 7606 §3(j) and §7.11 call for a session reset then; a family we do not parse is kept raw.
 */
final class MpNlriReader {

    /** What an UPDATE without MP attributes has: none of them; never read into. */
    static final MpNlriReader NONE = new MpNlriReader(null);

    private final AttributeRecorder out;

    private MpNlri mpReach;
    private MpNlri mpUnreach;
    private int mpReachReserved;
    /** MP_REACH_NLRI of a family kept raw: it announces something, even if not to us. */
    private boolean rawMpReach;

    MpNlriReader(AttributeRecorder out) {
        this.out = out;
    }

    /** The parsed MP_REACH_NLRI, or null. */
    MpNlri reach() {
        return mpReach;
    }

    /** The parsed MP_UNREACH_NLRI, or null. */
    MpNlri unreach() {
        return mpUnreach;
    }

    int reachReserved() {
        return mpReachReserved;
    }

    /** Whether an MP_REACH_NLRI announces something, parsed or not. */
    boolean announces() {
        return (mpReach != null && !mpReach.prefixes().isEmpty()) || rawMpReach;
    }

    void readMpReach(int flags, int headerStart, int valueStart, int length) throws BgpDecodeException {
        ByteBuf buf = out.buf();
        int valueEnd = valueStart + length;
        if (length < 5) {
            throw mpError(
                    headerStart,
                    valueEnd,
                    "MP_REACH_NLRI length " + length
                            + " is too short for AFI, SAFI, next hop length and the reserved octet");
        }
        AfiSafi family = new AfiSafi(buf.getUnsignedShort(valueStart), buf.getUnsignedByte(valueStart + 2));
        int nextHopLength = buf.getUnsignedByte(valueStart + 3);
        if (4 + nextHopLength + 1 > length) {
            throw mpError(
                    headerStart,
                    valueEnd,
                    "MP_REACH_NLRI Length of Next Hop Network Address " + nextHopLength + " overruns the attribute's "
                            + length + " octets");
        }
        if (!family.isUnicastIp()) {
            out.keepRaw(flags, AttributeType.MP_REACH_NLRI.code(), valueStart, length);
            rawMpReach = true;
            return;
        }
        MpNextHop nextHop = readNextHop(family, valueStart + 4, nextHopLength);
        if (nextHop == null) {
            throw mpError(
                    headerStart,
                    valueEnd,
                    "MP_REACH_NLRI Length of Next Hop Network Address " + nextHopLength + " is not valid for " + family
                            + ", so the NLRI cannot be located (RFC 7606 §7.11)");
        }
        mpReachReserved = buf.getUnsignedByte(valueStart + 4 + nextHopLength);
        try {
            List<Prefix> prefixes =
                    NlriCodec.read(buf, valueStart + 5 + nextHopLength, valueEnd, family.afi() == AfiSafi.AFI_IPV6);
            mpReach = new MpNlri(family, prefixes);
        } catch (MalformedField e) {
            throw mpError(headerStart, valueEnd, "MP_REACH_NLRI " + family + " NLRI: " + e.getMessage());
        }
        out.attrs().mpNextHop(nextHop);
        out.keep(flags, AttributeType.MP_REACH_NLRI.code());
    }

    /** IPv4: 4 octets, or IPv6 ones (RFC 8950); IPv6: global, optionally followed by link-local (RFC 2545). */
    private MpNextHop readNextHop(AfiSafi family, int at, int length) {
        ByteBuf buf = out.buf();
        if (length == 4 && family.afi() == AfiSafi.AFI_IPV4) {
            return MpNextHop.of(IpAddress.v4(buf.getInt(at)));
        }
        if (length == 16 || length == 32) {
            IpAddress global = IpAddress.v6(buf.getLong(at), buf.getLong(at + 8));
            IpAddress linkLocal = length == 32 ? IpAddress.v6(buf.getLong(at + 16), buf.getLong(at + 24)) : null;
            return new MpNextHop(global, linkLocal);
        }
        return null;
    }

    void readMpUnreach(int flags, int headerStart, int valueStart, int length) throws BgpDecodeException {
        ByteBuf buf = out.buf();
        int valueEnd = valueStart + length;
        if (length < 3) {
            throw mpError(headerStart, valueEnd, "MP_UNREACH_NLRI length " + length + " is too short for AFI and SAFI");
        }
        AfiSafi family = new AfiSafi(buf.getUnsignedShort(valueStart), buf.getUnsignedByte(valueStart + 2));
        if (!family.isUnicastIp()) {
            if (length == 3) {
                // An End-of-RIB of a family we do not parse is still worth recognizing.
                mpUnreach = new MpNlri(family, List.of());
                out.keep(flags, AttributeType.MP_UNREACH_NLRI.code());
            } else {
                out.keepRaw(flags, AttributeType.MP_UNREACH_NLRI.code(), valueStart, length);
            }
            return;
        }
        try {
            mpUnreach =
                    new MpNlri(family, NlriCodec.read(buf, valueStart + 3, valueEnd, family.afi() == AfiSafi.AFI_IPV6));
        } catch (MalformedField e) {
            throw mpError(headerStart, valueEnd, "MP_UNREACH_NLRI " + family + " withdrawn routes: " + e.getMessage());
        }
        out.keep(flags, AttributeType.MP_UNREACH_NLRI.code());
    }

    /** RFC 4760 §7 names Optional Attribute Error, with the attribute as data, for an incorrect MP attribute. */
    private BgpDecodeException mpError(int from, int to, String reason) {
        return new BgpDecodeException(ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR, out.copy(from, to), reason);
    }
}
