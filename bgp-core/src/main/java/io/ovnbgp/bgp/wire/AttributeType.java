package io.ovnbgp.bgp.wire;

/**
 * The path attribute types this codec recognizes, with the Optional/Transitive flag bits their
 * RFCs prescribe. Types not listed are kept as {@link RawAttribute}.
 */
public enum AttributeType {
    ORIGIN(1, AttributeType.WELL_KNOWN),
    AS_PATH(2, AttributeType.WELL_KNOWN),
    NEXT_HOP(3, AttributeType.WELL_KNOWN),
    MULTI_EXIT_DISC(4, AttributeType.OPTIONAL),
    LOCAL_PREF(5, AttributeType.WELL_KNOWN),
    ATOMIC_AGGREGATE(6, AttributeType.WELL_KNOWN),
    AGGREGATOR(7, AttributeType.OPTIONAL | AttributeType.TRANSITIVE),
    COMMUNITIES(8, AttributeType.OPTIONAL | AttributeType.TRANSITIVE),
    ORIGINATOR_ID(9, AttributeType.OPTIONAL),
    CLUSTER_LIST(10, AttributeType.OPTIONAL),
    MP_REACH_NLRI(14, AttributeType.OPTIONAL),
    MP_UNREACH_NLRI(15, AttributeType.OPTIONAL),
    EXTENDED_COMMUNITIES(16, AttributeType.OPTIONAL | AttributeType.TRANSITIVE),
    AS4_PATH(17, AttributeType.OPTIONAL | AttributeType.TRANSITIVE),
    AS4_AGGREGATOR(18, AttributeType.OPTIONAL | AttributeType.TRANSITIVE),
    LARGE_COMMUNITY(32, AttributeType.OPTIONAL | AttributeType.TRANSITIVE);

    /** Attribute Flags bits (RFC 4271 §4.3). */
    public static final int OPTIONAL = 0x80;

    public static final int TRANSITIVE = 0x40;
    public static final int PARTIAL = 0x20;
    public static final int EXTENDED_LENGTH = 0x10;
    /** Well-known attributes are transitive and not optional. */
    private static final int WELL_KNOWN = TRANSITIVE;

    private static final AttributeType[] BY_CODE = new AttributeType[256];

    static {
        for (AttributeType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int flags;

    AttributeType(int code, int flags) {
        this.code = code;
        this.flags = flags;
    }

    public int code() {
        return code;
    }

    /** The Optional and Transitive bits this type must carry. */
    public int flags() {
        return flags;
    }

    /** The recognized type with this code, or null. */
    public static AttributeType ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** "AS_PATH", or "attribute 99" for types not recognized here. */
    public static String nameOf(int code) {
        AttributeType t = ofCode(code);
        return t != null ? t.name() : "attribute " + code;
    }
}
