package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.UpdateErrorAction.ATTRIBUTE_DISCARD;
import static io.ovnbgp.bgp.wire.UpdateErrorAction.TREAT_AS_WITHDRAW;

import io.netty.buffer.ByteBuf;

/**
 * The attributes of one UPDATE that carry AS numbers: AS_PATH and AGGREGATOR, and their RFC 6793 AS4_PATH and
 * AS4_AGGREGATOR counterparts. On a 4-octet AS session the first two are read as they are and the AS4_ pair has
 * no place; on a 2-octet one all four are held until every attribute is read, then merged (RFC 6793 §4.2.3).
 */
final class AsAttributeReader {

    private final AttributeRecorder out;
    private final boolean fourOctetAs;
    private final int asSize;

    // Pieces of a 2-octet session's UPDATE that RFC 6793 §4.2.3 merges after all are read.
    private AsPath asPath2;
    private AsPath as4Path;
    private Aggregator aggregator2;
    private Aggregator as4Aggregator;

    AsAttributeReader(AttributeRecorder out, boolean fourOctetAs) {
        this.out = out;
        this.fourOctetAs = fourOctetAs;
        this.asSize = fourOctetAs ? 4 : 2;
    }

    void readAsPath(int flags, int headerStart, int valueStart, int length) {
        ByteBuf buf = out.buf();
        int type = AttributeType.AS_PATH.code();
        AsPath path;
        try {
            path = AsPathCodec.read(buf, valueStart, valueStart + length, asSize);
        } catch (MalformedField e) {
            out.problem(
                    type,
                    TREAT_AS_WITHDRAW,
                    ErrorSubcode.MALFORMED_AS_PATH,
                    e.getMessage() + " (" + asSize + "-octet AS numbers, RFC 7606 §7.2)",
                    headerStart,
                    valueStart + length);
            return;
        }
        if (fourOctetAs) {
            out.attrs().asPath(path);
            out.keep(flags, type);
        } else {
            asPath2 = path; // merged with AS4_PATH once all attributes are read
            out.keepVerbatim(flags, type, valueStart, length);
        }
    }

    void readAggregator(int flags, int headerStart, int valueStart, int length) {
        ByteBuf buf = out.buf();
        int type = AttributeType.AGGREGATOR.code();
        if (!out.fixedLength(type, length, asSize + 4, ATTRIBUTE_DISCARD, headerStart, valueStart + length)) {
            return;
        }
        long as = asSize == 4 ? buf.getUnsignedInt(valueStart) : buf.getUnsignedShort(valueStart);
        Aggregator aggregator = new Aggregator(as, IpAddress.v4(buf.getInt(valueStart + asSize)));
        if (fourOctetAs) {
            out.attrs().aggregator(aggregator);
            out.keep(flags, type);
        } else {
            aggregator2 = aggregator;
            out.keepVerbatim(flags, type, valueStart, length);
        }
    }

    void readAs4Path(int flags, int headerStart, int valueStart, int length) {
        ByteBuf buf = out.buf();
        int type = AttributeType.AS4_PATH.code();
        int valueEnd = valueStart + length;
        if (fourOctetAs) {
            discardOnFourOctetSession(type, headerStart, valueEnd);
            return;
        }
        AsPath path;
        try {
            if (length < 6) {
                throw new MalformedField("length " + length + " is too short to hold an AS number");
            }
            path = AsPathCodec.read(buf, valueStart, valueEnd, 4);
        } catch (MalformedField e) {
            out.problem(
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
            out.problem(
                    type,
                    ATTRIBUTE_DISCARD,
                    ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR,
                    "AS_CONFED segments removed: AS4_PATH must not carry them (RFC 6793 §6)",
                    headerStart,
                    valueEnd);
        }
        as4Path = clean;
        out.keepVerbatim(flags, type, valueStart, length);
    }

    void readAs4Aggregator(int flags, int headerStart, int valueStart, int length) {
        ByteBuf buf = out.buf();
        int type = AttributeType.AS4_AGGREGATOR.code();
        int valueEnd = valueStart + length;
        if (fourOctetAs) {
            discardOnFourOctetSession(type, headerStart, valueEnd);
            return;
        }
        if (!out.fixedLength(type, length, 8, ATTRIBUTE_DISCARD, headerStart, valueEnd)) {
            return;
        }
        as4Aggregator = new Aggregator(buf.getUnsignedInt(valueStart), IpAddress.v4(buf.getInt(valueStart + 4)));
        out.keepVerbatim(flags, type, valueStart, length);
    }

    private void discardOnFourOctetSession(int type, int headerStart, int valueEnd) {
        out.problem(
                type,
                ATTRIBUTE_DISCARD,
                ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR,
                "received on a 4-octet AS session, where it has no place; discarded (RFC 6793 §3)",
                headerStart,
                valueEnd);
    }

    /** RFC 6793 §4.2.3, on a 2-octet session once AS_PATH, AS4_PATH, AGGREGATOR and AS4_AGGREGATOR are all known. */
    void mergeAs4Attributes() {
        // Both aggregators, the 2-octet one not AS_TRANS: a 2-octet speaker aggregated after the
        // AS4_* attributes were made, so they describe a path that no longer exists.
        boolean as4Stale = aggregator2 != null && as4Aggregator != null && aggregator2.as() != AsPath.AS_TRANS;
        if (aggregator2 != null) {
            out.attrs().aggregator(!as4Stale && as4Aggregator != null ? as4Aggregator : aggregator2);
        }
        if (asPath2 != null) {
            out.attrs().asPath(as4Path != null && !as4Stale ? AsPathCodec.reconcile(asPath2, as4Path) : asPath2);
        }
    }
}
