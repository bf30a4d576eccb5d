package io.ovnbgp.bgp.wire;

/** NOTIFICATION Error Codes (RFC 4271 §4.5, RFC 7313 for ROUTE-REFRESH), with their RFC names. */
public enum ErrorCode {
    MESSAGE_HEADER_ERROR(1, "Message Header Error"),
    OPEN_MESSAGE_ERROR(2, "OPEN Message Error"),
    UPDATE_MESSAGE_ERROR(3, "UPDATE Message Error"),
    HOLD_TIMER_EXPIRED(4, "Hold Timer Expired"),
    FSM_ERROR(5, "Finite State Machine Error"),
    CEASE(6, "Cease"),
    ROUTE_REFRESH_MESSAGE_ERROR(7, "ROUTE-REFRESH Message Error");

    private final int code;
    private final String rfcName;

    ErrorCode(int code, String rfcName) {
        this.code = code;
        this.rfcName = rfcName;
    }

    public int code() {
        return code;
    }

    /** The name the RFCs use, e.g. "UPDATE Message Error". */
    public String rfcName() {
        return rfcName;
    }

    /** The error code with this value, or null when it is not one the RFCs define. */
    public static ErrorCode ofCode(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** "UPDATE Message Error / Malformed AS_PATH", or numbers where the registry has no name. */
    public static String describe(int code, int subcode) {
        ErrorCode c = ofCode(code);
        if (c == null) {
            return "Error Code " + code + " / subcode " + subcode;
        }
        ErrorSubcode s = ErrorSubcode.of(code, subcode);
        if (s != null) {
            return s.toString();
        }
        if (subcode == 0) {
            return c.rfcName;
        }
        return c.rfcName + " / subcode " + subcode;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
