package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.UpdateErrorAction.ATTRIBUTE_DISCARD;
import static io.ovnbgp.bgp.wire.UpdateErrorAction.TREAT_AS_WITHDRAW;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one UPDATE body and applies RFC 7606: errors that only spoil an attribute become an
 * {@link UpdateErrorAction} on the result; only those that leave the NLRI unlocatable or
 * unparseable (or that RFC 7606 keeps as session resets) throw.
 */
final class UpdateDecoder {

    private final ByteBuf buf;
    private final CodecContext ctx;
    private final int asSize;

    private final PathAttributes.Builder attrs = PathAttributes.builder();
    private final List<AttributeProblem> problems = new ArrayList<>(0);
    private final List<WireLayout.Slot> slots = new ArrayList<>(8);
    private final boolean[] seen = new boolean[256];
    private MpNlri mpReach;
    private MpNlri mpUnreach;
    private int mpReachReserved;
    /** MP_REACH_NLRI of a family kept raw: it announces something, even if not to us. */
    private boolean rawMpReach;
    /** RFC 7606 §5.2 distinguishes UPDATEs that carry attributes besides MP_UNREACH_NLRI. */
    private boolean attributeOtherThanMpUnreach;
    /** Without classic NLRI a NEXT_HOP is to be ignored (RFC 4760 §3), so a broken one costs nothing. */
    private boolean classicNlri;

    // Pieces of a 2-octet session's UPDATE that RFC 6793 §4.2.3 merges after all are read.
    private AsPath asPath2;
    private AsPath as4Path;
    private Aggregator aggregator2;
    private Aggregator as4Aggregator;

    private UpdateDecoder(ByteBuf buf, CodecContext ctx) {
        this.buf = buf;
        this.ctx = ctx;
        this.asSize = ctx.fourOctetAs() ? 4 : 2;
    }

    /** Decodes the UPDATE body in {@code [start, end)}; the caller has checked that it holds at least 4 octets. */
    static UpdateMessage decode(ByteBuf buf, int start, int end, CodecContext ctx) throws BgpDecodeException {
        return new UpdateDecoder(buf, ctx).run(start, end);
    }

    private UpdateMessage run(int start, int end) throws BgpDecodeException {
        int withdrawnLength = buf.getUnsignedShort(start);
        int withdrawnStart = start + 2;
        int withdrawnEnd = withdrawnStart + withdrawnLength;
        if (withdrawnEnd + 2 > end) {
            throw new BgpDecodeException(
                    ErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
                    "Withdrawn Routes Length " + withdrawnLength + " exceeds the " + (end - start - 4)
                            + " octets the message leaves for it");
        }
        int attributesLength = buf.getUnsignedShort(withdrawnEnd);
        int attributesStart = withdrawnEnd + 2;
        int attributesEnd = attributesStart + attributesLength;
        if (attributesEnd > end) {
            throw new BgpDecodeException(
                    ErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
                    "Total Path Attribute Length " + attributesLength + " exceeds the " + (end - attributesStart)
                            + " octets left after the Withdrawn Routes");
        }
        List<Prefix> withdrawn = readClassicPrefixes(withdrawnStart, withdrawnEnd, "Withdrawn Routes");
        List<Prefix> nlri = readClassicPrefixes(attributesEnd, end, "Network Layer Reachability Information");
        classicNlri = !nlri.isEmpty();

        readAttributes(attributesStart, attributesEnd);
        if (!ctx.fourOctetAs()) {
            mergeAs4Attributes();
        }
        boolean announces =
                !nlri.isEmpty() || (mpReach != null && !mpReach.prefixes().isEmpty()) || rawMpReach;
        if (announces) {
            checkMandatory(!nlri.isEmpty());
        }
        UpdateErrorAction action = UpdateErrorAction.NONE;
        for (AttributeProblem p : problems) {
            action = action.strongest(p.action());
        }
        if (action == TREAT_AS_WITHDRAW && !announces && attributeOtherThanMpUnreach) {
            // Nothing to withdraw, so no proof the NLRI were parsed right (RFC 7606 §5.2).
            AttributeProblem first = problems.stream()
                    .filter(p -> p.action() == TREAT_AS_WITHDRAW)
                    .findFirst()
                    .orElseThrow();
            throw new BgpDecodeException(
                    first.subcode(),
                    first.data(),
                    first.describe() + "; the UPDATE announces no NLRI, so RFC 7606 §5.2 calls for a session reset");
        }
        PathAttributes attributes = attrs.build();
        WireLayout layout = new WireLayout(
                attributes, ctx.fourOctetAs(), slots, mpReachReserved, mpReach != null, mpUnreach != null);
        return new UpdateMessage(
                withdrawn,
                attributes,
                nlri,
                Optional.ofNullable(mpReach),
                Optional.ofNullable(mpUnreach),
                action,
                problems,
                layout);
    }

    private List<Prefix> readClassicPrefixes(int from, int to, String field) throws BgpDecodeException {
        try {
            return NlriCodec.read(buf, from, to, false);
        } catch (MalformedField e) {
            // RFC 4271 §6.3 names this subcode for the NLRI field; RFC 7606 §3(i) checks Withdrawn Routes the same way.
            throw new BgpDecodeException(ErrorSubcode.INVALID_NETWORK_FIELD, field + ": " + e.getMessage());
        }
    }

    private void readAttributes(int from, int to) throws BgpDecodeException {
        int pos = from;
        while (pos < to) {
            int left = to - pos;
            int flags = buf.getUnsignedByte(pos);
            boolean extended = (flags & AttributeType.EXTENDED_LENGTH) != 0;
            int headerLength = extended ? 4 : 3;
            if (left < headerLength) {
                attributeOtherThanMpUnreach = true;
                problem(
                        0,
                        TREAT_AS_WITHDRAW,
                        ErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
                        left + " octet(s) left, too few for an attribute header (RFC 7606 §4)",
                        pos,
                        to);
                return;
            }
            int type = buf.getUnsignedByte(pos + 1);
            int length = extended ? buf.getUnsignedShort(pos + 2) : buf.getUnsignedByte(pos + 2);
            int valueStart = pos + headerLength;
            int valueEnd = valueStart + length;
            if (valueEnd > to) {
                if (isMp(type)) {
                    throw new BgpDecodeException(
                            ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR,
                            copy(pos, to),
                            AttributeType.nameOf(type) + " Attribute Length " + length
                                    + " overruns the path attributes by " + (valueEnd - to)
                                    + " octets, so its NLRI cannot be parsed (RFC 7606 §3(j))");
                }
                attributeOtherThanMpUnreach = true;
                problem(
                        type,
                        TREAT_AS_WITHDRAW,
                        ErrorSubcode.ATTRIBUTE_LENGTH_ERROR,
                        "Attribute Length " + length + " overruns the path attributes by " + (valueEnd - to)
                                + " octets (RFC 7606 §4)",
                        pos,
                        to);
                return;
            }
            if (type != AttributeType.MP_UNREACH_NLRI.code()) {
                attributeOtherThanMpUnreach = true;
            }
            if (seen[type]) {
                if (isMp(type)) {
                    throw new BgpDecodeException(
                            ErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
                            AttributeType.nameOf(type) + " appears more than once (RFC 7606 §3(g))");
                }
                problem(
                        type,
                        ATTRIBUTE_DISCARD,
                        ErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
                        "appears more than once; all but the first discarded (RFC 7606 §3(g))",
                        pos,
                        valueEnd);
            } else {
                seen[type] = true;
                readAttribute(flags, type, pos, valueStart, length);
            }
            pos = valueEnd;
        }
    }

    private static boolean isMp(int type) {
        return type == AttributeType.MP_REACH_NLRI.code() || type == AttributeType.MP_UNREACH_NLRI.code();
    }

    private void readAttribute(int flags, int type, int headerStart, int valueStart, int length)
            throws BgpDecodeException {
        AttributeType t = AttributeType.ofCode(type);
        int valueEnd = valueStart + length;
        if (t == null) {
            if ((flags & AttributeType.OPTIONAL) == 0) {
                // RFC 7606 leaves this RFC 4271 §6.3 error a session reset.
                throw new BgpDecodeException(
                        ErrorSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
                        copy(headerStart, valueEnd),
                        "attribute type " + type + " is well-known (Optional bit clear) but not recognized");
            }
            keepRaw(flags, type, valueStart, length);
            return;
        }
        if ((flags & (AttributeType.OPTIONAL | AttributeType.TRANSITIVE)) != t.flags()) {
            UpdateErrorAction action = switch (t) {
                // RFC 7606 §3(f) for these two; RFC 6793 §6 chose attribute-discard for the AS4 pair.
                case ATOMIC_AGGREGATE, AGGREGATOR, AS4_PATH, AS4_AGGREGATOR -> ATTRIBUTE_DISCARD;
                default -> TREAT_AS_WITHDRAW;
            };
            problem(
                    type,
                    action,
                    ErrorSubcode.ATTRIBUTE_FLAGS_ERROR,
                    String.format(
                            "Optional/Transitive flags 0x%02x, expected 0x%02x (RFC 7606 §3(c))",
                            flags & (AttributeType.OPTIONAL | AttributeType.TRANSITIVE), t.flags()),
                    headerStart,
                    valueEnd);
            if (!isMp(type)) {
                return;
            }
            // MP attributes are still parsed: treat-as-withdraw needs their NLRI.
        }
        switch (t) {
            case ORIGIN -> readOrigin(flags, headerStart, valueStart, length);
            case AS_PATH -> readAsPath(flags, headerStart, valueStart, length);
            case NEXT_HOP -> {
                if (fixedLength(
                        type, length, 4, classicNlri ? TREAT_AS_WITHDRAW : ATTRIBUTE_DISCARD, headerStart, valueEnd)) {
                    attrs.nextHop(IpAddress.v4(buf.getInt(valueStart)));
                    keep(flags, type);
                }
            }
            case MULTI_EXIT_DISC -> {
                if (fixedLength(type, length, 4, TREAT_AS_WITHDRAW, headerStart, valueEnd)) {
                    attrs.med(buf.getUnsignedInt(valueStart));
                    keep(flags, type);
                }
            }
            case LOCAL_PREF -> {
                if (fixedLength(type, length, 4, TREAT_AS_WITHDRAW, headerStart, valueEnd)) {
                    attrs.localPref(buf.getUnsignedInt(valueStart));
                    keep(flags, type);
                }
            }
            case ATOMIC_AGGREGATE -> {
                if (fixedLength(type, length, 0, ATTRIBUTE_DISCARD, headerStart, valueEnd)) {
                    attrs.atomicAggregate(true);
                    keep(flags, type);
                }
            }
            case AGGREGATOR -> readAggregator(flags, headerStart, valueStart, length);
            case COMMUNITIES -> {
                if (multipleOf(type, length, 4, headerStart, valueEnd)) {
                    int[] v = new int[length / 4];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = buf.getInt(valueStart + 4 * i);
                    }
                    attrs.communities(new Communities(v));
                    keep(flags, type);
                }
            }
            case ORIGINATOR_ID -> {
                if (fixedLength(type, length, 4, TREAT_AS_WITHDRAW, headerStart, valueEnd)) {
                    keepRaw(flags, type, valueStart, length);
                }
            }
            case CLUSTER_LIST -> {
                if (multipleOf(type, length, 4, headerStart, valueEnd)) {
                    keepRaw(flags, type, valueStart, length);
                }
            }
            case MP_REACH_NLRI -> readMpReach(flags, headerStart, valueStart, length);
            case MP_UNREACH_NLRI -> readMpUnreach(flags, headerStart, valueStart, length);
            case EXTENDED_COMMUNITIES -> {
                if (multipleOf(type, length, 8, headerStart, valueEnd)) {
                    long[] v = new long[length / 8];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = buf.getLong(valueStart + 8 * i);
                    }
                    attrs.extendedCommunities(new ExtendedCommunities(v));
                    keep(flags, type);
                }
            }
            case AS4_PATH -> readAs4Path(flags, headerStart, valueStart, length);
            case AS4_AGGREGATOR -> readAs4Aggregator(flags, headerStart, valueStart, length);
            case LARGE_COMMUNITY -> {
                if (multipleOf(type, length, 12, headerStart, valueEnd)) {
                    int[] v = new int[length / 4];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = buf.getInt(valueStart + 4 * i);
                    }
                    LargeCommunities received = new LargeCommunities(v);
                    LargeCommunities unique = received.withoutDuplicates();
                    attrs.largeCommunities(unique);
                    // RFC 8092 §5 has receivers drop repeats silently; the octets keep the original.
                    if (unique == received) {
                        keep(flags, type);
                    } else {
                        keepVerbatim(flags, type, valueStart, length);
                    }
                }
            }
        }
    }

    private void readOrigin(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.ORIGIN.code();
        if (!fixedLength(type, length, 1, TREAT_AS_WITHDRAW, headerStart, valueStart + length)) {
            return;
        }
        int v = buf.getUnsignedByte(valueStart);
        Origin origin = Origin.ofValue(v);
        if (origin == null) {
            problem(
                    type,
                    TREAT_AS_WITHDRAW,
                    ErrorSubcode.INVALID_ORIGIN_ATTRIBUTE,
                    "undefined value " + v + " (RFC 7606 §7.1)",
                    headerStart,
                    valueStart + length);
            return;
        }
        attrs.origin(origin);
        keep(flags, type);
    }

    private void readAsPath(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.AS_PATH.code();
        AsPath path;
        try {
            path = AsPathCodec.read(buf, valueStart, valueStart + length, asSize);
        } catch (MalformedField e) {
            problem(
                    type,
                    TREAT_AS_WITHDRAW,
                    ErrorSubcode.MALFORMED_AS_PATH,
                    e.getMessage() + " (" + asSize + "-octet AS numbers, RFC 7606 §7.2)",
                    headerStart,
                    valueStart + length);
            return;
        }
        if (ctx.fourOctetAs()) {
            attrs.asPath(path);
            keep(flags, type);
        } else {
            asPath2 = path; // merged with AS4_PATH once all attributes are read
            keepVerbatim(flags, type, valueStart, length);
        }
    }

    private void readAggregator(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.AGGREGATOR.code();
        if (!fixedLength(type, length, asSize + 4, ATTRIBUTE_DISCARD, headerStart, valueStart + length)) {
            return;
        }
        long as = asSize == 4 ? buf.getUnsignedInt(valueStart) : buf.getUnsignedShort(valueStart);
        Aggregator aggregator = new Aggregator(as, IpAddress.v4(buf.getInt(valueStart + asSize)));
        if (ctx.fourOctetAs()) {
            attrs.aggregator(aggregator);
            keep(flags, type);
        } else {
            aggregator2 = aggregator;
            keepVerbatim(flags, type, valueStart, length);
        }
    }

    private void readAs4Path(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.AS4_PATH.code();
        int valueEnd = valueStart + length;
        if (ctx.fourOctetAs()) {
            problem(
                    type,
                    ATTRIBUTE_DISCARD,
                    ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR,
                    "received on a 4-octet AS session, where it has no place; discarded (RFC 6793 §3)",
                    headerStart,
                    valueEnd);
            return;
        }
        AsPath path;
        try {
            if (length < 6) {
                throw new MalformedField("length " + length + " is too short to hold an AS number");
            }
            path = AsPathCodec.read(buf, valueStart, valueEnd, 4);
        } catch (MalformedField e) {
            problem(
                    type,
                    ATTRIBUTE_DISCARD,
                    ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR,
                    e.getMessage() + "; discarded (RFC 6793 §6)",
                    headerStart,
                    valueEnd);
            return;
        }
        AsPath clean = AsPathCodec.withoutConfederations(path);
        if (clean != path) {
            problem(
                    type,
                    ATTRIBUTE_DISCARD,
                    ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR,
                    "AS_CONFED segments removed: AS4_PATH must not carry them (RFC 6793 §6)",
                    headerStart,
                    valueEnd);
        }
        as4Path = clean;
        keepVerbatim(flags, type, valueStart, length);
    }

    private void readAs4Aggregator(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.AS4_AGGREGATOR.code();
        int valueEnd = valueStart + length;
        if (ctx.fourOctetAs()) {
            problem(
                    type,
                    ATTRIBUTE_DISCARD,
                    ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR,
                    "received on a 4-octet AS session, where it has no place; discarded (RFC 6793 §3)",
                    headerStart,
                    valueEnd);
            return;
        }
        if (!fixedLength(type, length, 8, ATTRIBUTE_DISCARD, headerStart, valueEnd)) {
            return;
        }
        as4Aggregator = new Aggregator(buf.getUnsignedInt(valueStart), IpAddress.v4(buf.getInt(valueStart + 4)));
        keepVerbatim(flags, type, valueStart, length);
    }

    /** RFC 6793 §4.2.3, once AS_PATH, AS4_PATH, AGGREGATOR and AS4_AGGREGATOR are all known. */
    private void mergeAs4Attributes() {
        // Both aggregators, the 2-octet one not AS_TRANS: a 2-octet speaker aggregated after the
        // AS4_* attributes were made, so they describe a path that no longer exists.
        boolean as4Stale = aggregator2 != null && as4Aggregator != null && aggregator2.as() != AsPath.AS_TRANS;
        if (aggregator2 != null) {
            attrs.aggregator(!as4Stale && as4Aggregator != null ? as4Aggregator : aggregator2);
        }
        if (asPath2 != null) {
            attrs.asPath(as4Path != null && !as4Stale ? AsPathCodec.reconcile(asPath2, as4Path) : asPath2);
        }
    }

    private void readMpReach(int flags, int headerStart, int valueStart, int length) throws BgpDecodeException {
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
            keepRaw(flags, AttributeType.MP_REACH_NLRI.code(), valueStart, length);
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
        attrs.mpNextHop(nextHop);
        keep(flags, AttributeType.MP_REACH_NLRI.code());
    }

    /** IPv4: 4 octets, or IPv6 ones (RFC 8950); IPv6: global, optionally followed by link-local (RFC 2545). */
    private MpNextHop readNextHop(AfiSafi family, int at, int length) {
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

    private void readMpUnreach(int flags, int headerStart, int valueStart, int length) throws BgpDecodeException {
        int valueEnd = valueStart + length;
        if (length < 3) {
            throw mpError(headerStart, valueEnd, "MP_UNREACH_NLRI length " + length + " is too short for AFI and SAFI");
        }
        AfiSafi family = new AfiSafi(buf.getUnsignedShort(valueStart), buf.getUnsignedByte(valueStart + 2));
        if (!family.isUnicastIp()) {
            if (length == 3) {
                // An End-of-RIB of a family we do not parse is still worth recognizing.
                mpUnreach = new MpNlri(family, List.of());
                keep(flags, AttributeType.MP_UNREACH_NLRI.code());
            } else {
                keepRaw(flags, AttributeType.MP_UNREACH_NLRI.code(), valueStart, length);
            }
            return;
        }
        try {
            mpUnreach =
                    new MpNlri(family, NlriCodec.read(buf, valueStart + 3, valueEnd, family.afi() == AfiSafi.AFI_IPV6));
        } catch (MalformedField e) {
            throw mpError(headerStart, valueEnd, "MP_UNREACH_NLRI " + family + " withdrawn routes: " + e.getMessage());
        }
        keep(flags, AttributeType.MP_UNREACH_NLRI.code());
    }

    /** RFC 4760 §7 names Optional Attribute Error, with the attribute as data, for an incorrect MP attribute. */
    private BgpDecodeException mpError(int from, int to, String reason) {
        return new BgpDecodeException(ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR, copy(from, to), reason);
    }

    private void checkMandatory(boolean classicNlri) {
        requirePresent(AttributeType.ORIGIN);
        requirePresent(AttributeType.AS_PATH);
        if (classicNlri) {
            // RFC 4760 §3 made NEXT_HOP mandatory only for the classic NLRI field.
            requirePresent(AttributeType.NEXT_HOP);
        }
    }

    private void requirePresent(AttributeType t) {
        if (!seen[t.code()]) {
            problems.add(new AttributeProblem(
                    t.code(),
                    TREAT_AS_WITHDRAW,
                    ErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE,
                    "missing from an UPDATE that announces NLRI (RFC 7606 §3(d))",
                    new byte[] {(byte) t.code()}));
        }
    }

    /** Length must equal {@code expected}; reports the RFC 7606 action otherwise. */
    private boolean fixedLength(
            int type, int length, int expected, UpdateErrorAction action, int headerStart, int valueEnd) {
        if (length == expected) {
            return true;
        }
        problem(
                type,
                action,
                ErrorSubcode.ATTRIBUTE_LENGTH_ERROR,
                "Attribute Length " + length + ", expected " + expected,
                headerStart,
                valueEnd);
        return false;
    }

    /** Length must be a non-zero multiple of {@code unit} (RFC 7606 §7.8, §7.14, RFC 8092 §5); treat-as-withdraw otherwise. */
    private boolean multipleOf(int type, int length, int unit, int headerStart, int valueEnd) {
        if (length > 0 && length % unit == 0) {
            return true;
        }
        problem(
                type,
                TREAT_AS_WITHDRAW,
                ErrorSubcode.ATTRIBUTE_LENGTH_ERROR,
                "Attribute Length " + length + " is not a non-zero multiple of " + unit,
                headerStart,
                valueEnd);
        return false;
    }

    private void problem(int type, UpdateErrorAction action, ErrorSubcode subcode, String reason, int from, int to) {
        problems.add(new AttributeProblem(type, action, subcode, reason, copy(from, to)));
    }

    private void keep(int flags, int type) {
        slots.add(new WireLayout.Slot(flags, type, null));
    }

    private void keepVerbatim(int flags, int type, int valueStart, int length) {
        slots.add(new WireLayout.Slot(flags, type, copy(valueStart, valueStart + length)));
    }

    private void keepRaw(int flags, int type, int valueStart, int length) {
        attrs.unknown(new RawAttribute(flags, type, copy(valueStart, valueStart + length)));
        keep(flags, type);
    }

    private byte[] copy(int from, int to) {
        return ByteBufUtil.getBytes(buf, from, to - from);
    }
}
