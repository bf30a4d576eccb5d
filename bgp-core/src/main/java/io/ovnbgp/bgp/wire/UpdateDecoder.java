package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.UpdateErrorAction.ATTRIBUTE_DISCARD;
import static io.ovnbgp.bgp.wire.UpdateErrorAction.TREAT_AS_WITHDRAW;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Optional;

/**
 * Reads one UPDATE body and applies RFC 7606: errors that only spoil an attribute become an
 * {@link UpdateErrorAction} on the result; only those that leave the NLRI unlocatable or
 * unparseable (or that RFC 7606 keeps as session resets) throw.
 *
 * <p>This class frames the message, walks the attribute list and reads the simple attributes; the AS
 * number attributes go to an {@link AsAttributeReader} and the multiprotocol NLRI to an {@link MpNlriReader},
 * and all of them put what they find into one {@link AttributeRecorder}.
 */
final class UpdateDecoder {

    private final ByteBuf buf;
    private final CodecContext ctx;
    private final AttributeRecorder out;
    private final PathAttributes.Builder attrs;
    private final AsAttributeReader asAttributes;
    /** Made at the first MP attribute: this runs for every UPDATE, and those of an IPv4 table carry none. */
    private MpNlriReader mp = MpNlriReader.NONE;

    /** The attribute types read so far, one bit per type code: 48 octets per UPDATE where a boolean[256] took 272. */
    private final long[] seen = new long[4];
    /** RFC 7606 §5.2 distinguishes UPDATEs that carry attributes besides MP_UNREACH_NLRI. */
    private boolean attributeOtherThanMpUnreach;
    /** Without classic NLRI a NEXT_HOP is to be ignored (RFC 4760 §3), so a broken one costs nothing. */
    private boolean classicNlri;

    private UpdateDecoder(ByteBuf buf, CodecContext ctx) {
        this.buf = buf;
        this.ctx = ctx;
        this.out = new AttributeRecorder(buf);
        this.attrs = out.attrs();
        this.asAttributes = new AsAttributeReader(out, ctx.fourOctetAs());
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
            asAttributes.mergeAs4Attributes();
        }
        boolean announces = !nlri.isEmpty() || mp.announces();
        if (announces) {
            checkMandatory(!nlri.isEmpty());
        }
        List<AttributeProblem> problems = out.problems();
        UpdateErrorAction action = errorAction(problems, announces);
        PathAttributes attributes = attrs.build();
        MpNlri mpReach = mp.reach();
        MpNlri mpUnreach = mp.unreach();
        WireLayout layout = new WireLayout(
                attributes, ctx.fourOctetAs(), out.slots(), mp.reachReserved(), mpReach != null, mpUnreach != null);
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

    /** The strongest action the problems call for; throws when RFC 7606 §5.2 makes it a session reset. */
    private UpdateErrorAction errorAction(List<AttributeProblem> problems, boolean announces)
            throws BgpDecodeException {
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
        return action;
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
                out.problem(
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
                lengthOverrun(type, length, pos, valueEnd, to);
                return;
            }
            if (type != AttributeType.MP_UNREACH_NLRI.code()) {
                attributeOtherThanMpUnreach = true;
            }
            if (seen(type)) {
                repeated(type, pos, valueEnd);
            } else {
                seen[type >>> 6] |= 1L << type;
                readAttribute(flags, type, pos, valueStart, length);
            }
            pos = valueEnd;
        }
    }

    /** The attribute runs past the path attributes, so nothing after it can be located. */
    private void lengthOverrun(int type, int length, int headerStart, int valueEnd, int to) throws BgpDecodeException {
        if (isMp(type)) {
            throw new BgpDecodeException(
                    ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR,
                    out.copy(headerStart, to),
                    AttributeType.nameOf(type) + " Attribute Length " + length
                            + " overruns the path attributes by " + (valueEnd - to)
                            + " octets, so its NLRI cannot be parsed (RFC 7606 §3(j))");
        }
        attributeOtherThanMpUnreach = true;
        out.problem(
                type,
                TREAT_AS_WITHDRAW,
                ErrorSubcode.ATTRIBUTE_LENGTH_ERROR,
                "Attribute Length " + length + " overruns the path attributes by " + (valueEnd - to)
                        + " octets (RFC 7606 §4)",
                headerStart,
                to);
    }

    /** A second attribute of a type already read. */
    private void repeated(int type, int headerStart, int valueEnd) throws BgpDecodeException {
        if (isMp(type)) {
            throw new BgpDecodeException(
                    ErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
                    AttributeType.nameOf(type) + " appears more than once (RFC 7606 §3(g))");
        }
        out.problem(
                type,
                ATTRIBUTE_DISCARD,
                ErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
                "appears more than once; all but the first discarded (RFC 7606 §3(g))",
                headerStart,
                valueEnd);
    }

    private boolean seen(int type) {
        return (seen[type >>> 6] & (1L << type)) != 0;
    }

    private MpNlriReader mp() {
        if (mp == MpNlriReader.NONE) {
            mp = new MpNlriReader(out);
        }
        return mp;
    }

    private static boolean isMp(int type) {
        return type == AttributeType.MP_REACH_NLRI.code() || type == AttributeType.MP_UNREACH_NLRI.code();
    }

    private void readAttribute(int flags, int type, int headerStart, int valueStart, int length)
            throws BgpDecodeException {
        AttributeType t = AttributeType.ofCode(type);
        if (t == null) {
            if ((flags & AttributeType.OPTIONAL) == 0) {
                // RFC 7606 leaves this RFC 4271 §6.3 error a session reset.
                throw new BgpDecodeException(
                        ErrorSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
                        out.copy(headerStart, valueStart + length),
                        "attribute type " + type + " is well-known (Optional bit clear) but not recognized");
            }
            out.keepRaw(flags, type, valueStart, length);
            return;
        }
        if ((flags & (AttributeType.OPTIONAL | AttributeType.TRANSITIVE)) != t.flags()) {
            wrongFlags(flags, t, headerStart, valueStart + length);
            if (!isMp(type)) {
                return;
            }
            // MP attributes are still parsed: treat-as-withdraw needs their NLRI.
        }
        readValue(flags, t, headerStart, valueStart, length);
    }

    /** RFC 7606 §3(c): the Optional and Transitive bits do not match the attribute's type. */
    private void wrongFlags(int flags, AttributeType t, int headerStart, int valueEnd) {
        UpdateErrorAction action = switch (t) {
            // RFC 7606 §3(f) for these two; RFC 6793 §6 chose attribute-discard for the AS4 pair.
            case ATOMIC_AGGREGATE, AGGREGATOR, AS4_PATH, AS4_AGGREGATOR -> ATTRIBUTE_DISCARD;
            default -> TREAT_AS_WITHDRAW;
        };
        out.problem(
                t.code(),
                action,
                ErrorSubcode.ATTRIBUTE_FLAGS_ERROR,
                String.format(
                        "Optional/Transitive flags 0x%02x, expected 0x%02x (RFC 7606 §3(c))",
                        flags & (AttributeType.OPTIONAL | AttributeType.TRANSITIVE), t.flags()),
                headerStart,
                valueEnd);
    }

    private void readValue(int flags, AttributeType t, int headerStart, int valueStart, int length)
            throws BgpDecodeException {
        int type = t.code();
        int valueEnd = valueStart + length;
        switch (t) {
            case ORIGIN -> readOrigin(flags, headerStart, valueStart, length);
            case AS_PATH -> asAttributes.readAsPath(flags, headerStart, valueStart, length);
            case NEXT_HOP -> readNextHop(flags, headerStart, valueStart, length);
            case MULTI_EXIT_DISC -> {
                if (out.fixedLength(type, length, 4, TREAT_AS_WITHDRAW, headerStart, valueEnd)) {
                    attrs.med(buf.getUnsignedInt(valueStart));
                    out.keep(flags, type);
                }
            }
            case LOCAL_PREF -> {
                if (out.fixedLength(type, length, 4, internalOnly(), headerStart, valueEnd)) {
                    attrs.localPref(buf.getUnsignedInt(valueStart));
                    out.keep(flags, type);
                }
            }
            case ATOMIC_AGGREGATE -> {
                if (out.fixedLength(type, length, 0, ATTRIBUTE_DISCARD, headerStart, valueEnd)) {
                    attrs.atomicAggregate(true);
                    out.keep(flags, type);
                }
            }
            case AGGREGATOR -> asAttributes.readAggregator(flags, headerStart, valueStart, length);
            case COMMUNITIES -> readCommunities(flags, headerStart, valueStart, length);
            case ORIGINATOR_ID -> {
                if (out.fixedLength(type, length, 4, internalOnly(), headerStart, valueEnd)) {
                    out.keepRaw(flags, type, valueStart, length);
                }
            }
            case CLUSTER_LIST -> {
                if (out.multipleOf(type, length, 4, internalOnly(), headerStart, valueEnd)) {
                    out.keepRaw(flags, type, valueStart, length);
                }
            }
            case MP_REACH_NLRI -> mp().readMpReach(flags, headerStart, valueStart, length);
            case MP_UNREACH_NLRI -> mp().readMpUnreach(flags, headerStart, valueStart, length);
            case EXTENDED_COMMUNITIES -> readExtendedCommunities(flags, headerStart, valueStart, length);
            case AS4_PATH -> asAttributes.readAs4Path(flags, headerStart, valueStart, length);
            case AS4_AGGREGATOR -> asAttributes.readAs4Aggregator(flags, headerStart, valueStart, length);
            case LARGE_COMMUNITY -> readLargeCommunities(flags, headerStart, valueStart, length);
        }
    }

    /**
     * The action for a malformed LOCAL_PREF, ORIGINATOR_ID or CLUSTER_LIST: attributes that only mean something
     * inside an AS, so from an external peer they are discarded, malformed or not (RFC 7606 §7.5, §7.9, §7.10).
     */
    private UpdateErrorAction internalOnly() {
        return ctx.externalPeer() ? ATTRIBUTE_DISCARD : TREAT_AS_WITHDRAW;
    }

    private void readOrigin(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.ORIGIN.code();
        if (!out.fixedLength(type, length, 1, TREAT_AS_WITHDRAW, headerStart, valueStart + length)) {
            return;
        }
        int v = buf.getUnsignedByte(valueStart);
        Origin origin = Origin.ofValue(v);
        if (origin == null) {
            out.problem(
                    type,
                    TREAT_AS_WITHDRAW,
                    ErrorSubcode.INVALID_ORIGIN_ATTRIBUTE,
                    "undefined value " + v + " (RFC 7606 §7.1)",
                    headerStart,
                    valueStart + length);
            return;
        }
        attrs.origin(origin);
        out.keep(flags, type);
    }

    private void readNextHop(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.NEXT_HOP.code();
        UpdateErrorAction action = classicNlri ? TREAT_AS_WITHDRAW : ATTRIBUTE_DISCARD;
        if (out.fixedLength(type, length, 4, action, headerStart, valueStart + length)) {
            attrs.nextHop(IpAddress.v4(buf.getInt(valueStart)));
            out.keep(flags, type);
        }
    }

    private void readCommunities(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.COMMUNITIES.code();
        if (out.multipleOf(type, length, 4, headerStart, valueStart + length)) {
            int[] v = new int[length / 4];
            for (int i = 0; i < v.length; i++) {
                v[i] = buf.getInt(valueStart + 4 * i);
            }
            attrs.communities(new Communities(v));
            out.keep(flags, type);
        }
    }

    private void readExtendedCommunities(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.EXTENDED_COMMUNITIES.code();
        if (out.multipleOf(type, length, 8, headerStart, valueStart + length)) {
            long[] v = new long[length / 8];
            for (int i = 0; i < v.length; i++) {
                v[i] = buf.getLong(valueStart + 8 * i);
            }
            attrs.extendedCommunities(new ExtendedCommunities(v));
            out.keep(flags, type);
        }
    }

    private void readLargeCommunities(int flags, int headerStart, int valueStart, int length) {
        int type = AttributeType.LARGE_COMMUNITY.code();
        if (out.multipleOf(type, length, 12, headerStart, valueStart + length)) {
            int[] v = new int[length / 4];
            for (int i = 0; i < v.length; i++) {
                v[i] = buf.getInt(valueStart + 4 * i);
            }
            LargeCommunities received = new LargeCommunities(v);
            LargeCommunities unique = received.withoutDuplicates();
            attrs.largeCommunities(unique);
            // RFC 8092 §5 has receivers drop repeats silently; the octets keep the original.
            if (unique == received) {
                out.keep(flags, type);
            } else {
                out.keepVerbatim(flags, type, valueStart, length);
            }
        }
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
        if (!seen(t.code())) {
            out.problems()
                    .add(new AttributeProblem(
                            t.code(),
                            TREAT_AS_WITHDRAW,
                            ErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE,
                            "missing from an UPDATE that announces NLRI (RFC 7606 §3(d))",
                            new byte[] {(byte) t.code()}));
        }
    }
}
