package io.ovnbgp.bgp.wire;

/** The BGP message types (RFC 4271 §4.1, RFC 2918 for ROUTE-REFRESH). */
public enum MessageType {
    OPEN(1, 29),
    UPDATE(2, 23),
    NOTIFICATION(3, 21),
    KEEPALIVE(4, 19),
    ROUTE_REFRESH(5, 23);

    private static final MessageType[] BY_CODE = new MessageType[6];

    static {
        for (MessageType t : values()) {
            BY_CODE[t.code] = t;
        }
    }

    private final int code;
    private final int minLength;

    MessageType(int code, int minLength) {
        this.code = code;
        this.minLength = minLength;
    }

    /** The value of the header's Type octet. */
    public int code() {
        return code;
    }

    /** The smallest legal message length of this type, header included (RFC 4271 §6.1). */
    public int minLength() {
        return minLength;
    }

    /** The type with this code, or null when the code is not a BGP message type. */
    static MessageType ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
