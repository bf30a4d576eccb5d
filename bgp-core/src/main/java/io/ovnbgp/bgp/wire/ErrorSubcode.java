package io.ovnbgp.bgp.wire;

/**
 * NOTIFICATION error subcodes with the names of their RFCs (4271, 5492, 6608, 4486, 8203/9003,
 * 8538, 9384, 7313). Subcode 0 means "Unspecific" under every code (RFC 4271 §4.5).
 */
public enum ErrorSubcode {
    // RFC 4271 §6.1
    CONNECTION_NOT_SYNCHRONIZED(ErrorCode.MESSAGE_HEADER_ERROR, 1, "Connection Not Synchronized"),
    BAD_MESSAGE_LENGTH(ErrorCode.MESSAGE_HEADER_ERROR, 2, "Bad Message Length"),
    BAD_MESSAGE_TYPE(ErrorCode.MESSAGE_HEADER_ERROR, 3, "Bad Message Type"),

    // RFC 4271 §6.2, RFC 5492 §5
    OPEN_UNSPECIFIC(ErrorCode.OPEN_MESSAGE_ERROR, 0, "Unspecific"),
    UNSUPPORTED_VERSION_NUMBER(ErrorCode.OPEN_MESSAGE_ERROR, 1, "Unsupported Version Number"),
    BAD_PEER_AS(ErrorCode.OPEN_MESSAGE_ERROR, 2, "Bad Peer AS"),
    BAD_BGP_IDENTIFIER(ErrorCode.OPEN_MESSAGE_ERROR, 3, "Bad BGP Identifier"),
    UNSUPPORTED_OPTIONAL_PARAMETER(ErrorCode.OPEN_MESSAGE_ERROR, 4, "Unsupported Optional Parameter"),
    UNACCEPTABLE_HOLD_TIME(ErrorCode.OPEN_MESSAGE_ERROR, 6, "Unacceptable Hold Time"),
    UNSUPPORTED_CAPABILITY(ErrorCode.OPEN_MESSAGE_ERROR, 7, "Unsupported Capability"),

    // RFC 4271 §6.3
    UPDATE_UNSPECIFIC(ErrorCode.UPDATE_MESSAGE_ERROR, 0, "Unspecific"),
    MALFORMED_ATTRIBUTE_LIST(ErrorCode.UPDATE_MESSAGE_ERROR, 1, "Malformed Attribute List"),
    UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE(ErrorCode.UPDATE_MESSAGE_ERROR, 2, "Unrecognized Well-known Attribute"),
    MISSING_WELL_KNOWN_ATTRIBUTE(ErrorCode.UPDATE_MESSAGE_ERROR, 3, "Missing Well-known Attribute"),
    ATTRIBUTE_FLAGS_ERROR(ErrorCode.UPDATE_MESSAGE_ERROR, 4, "Attribute Flags Error"),
    ATTRIBUTE_LENGTH_ERROR(ErrorCode.UPDATE_MESSAGE_ERROR, 5, "Attribute Length Error"),
    INVALID_ORIGIN_ATTRIBUTE(ErrorCode.UPDATE_MESSAGE_ERROR, 6, "Invalid ORIGIN Attribute"),
    INVALID_NEXT_HOP_ATTRIBUTE(ErrorCode.UPDATE_MESSAGE_ERROR, 8, "Invalid NEXT_HOP Attribute"),
    OPTIONAL_ATTRIBUTE_ERROR(ErrorCode.UPDATE_MESSAGE_ERROR, 9, "Optional Attribute Error"),
    INVALID_NETWORK_FIELD(ErrorCode.UPDATE_MESSAGE_ERROR, 10, "Invalid Network Field"),
    MALFORMED_AS_PATH(ErrorCode.UPDATE_MESSAGE_ERROR, 11, "Malformed AS_PATH"),

    HOLD_TIMER_EXPIRED(ErrorCode.HOLD_TIMER_EXPIRED, 0, "Unspecific"),

    // RFC 6608
    FSM_UNSPECIFIED(ErrorCode.FSM_ERROR, 0, "Unspecified Error"),
    UNEXPECTED_MESSAGE_IN_OPENSENT(ErrorCode.FSM_ERROR, 1, "Receive Unexpected Message in OpenSent State"),
    UNEXPECTED_MESSAGE_IN_OPENCONFIRM(ErrorCode.FSM_ERROR, 2, "Receive Unexpected Message in OpenConfirm State"),
    UNEXPECTED_MESSAGE_IN_ESTABLISHED(ErrorCode.FSM_ERROR, 3, "Receive Unexpected Message in Established State"),

    // RFC 4486, 8538 (Hard Reset), 9384 (BFD Down)
    CEASE_UNSPECIFIC(ErrorCode.CEASE, 0, "Unspecific"),
    MAXIMUM_NUMBER_OF_PREFIXES_REACHED(ErrorCode.CEASE, 1, "Maximum Number of Prefixes Reached"),
    ADMINISTRATIVE_SHUTDOWN(ErrorCode.CEASE, 2, "Administrative Shutdown"),
    PEER_DECONFIGURED(ErrorCode.CEASE, 3, "Peer De-configured"),
    ADMINISTRATIVE_RESET(ErrorCode.CEASE, 4, "Administrative Reset"),
    CONNECTION_REJECTED(ErrorCode.CEASE, 5, "Connection Rejected"),
    OTHER_CONFIGURATION_CHANGE(ErrorCode.CEASE, 6, "Other Configuration Change"),
    CONNECTION_COLLISION_RESOLUTION(ErrorCode.CEASE, 7, "Connection Collision Resolution"),
    OUT_OF_RESOURCES(ErrorCode.CEASE, 8, "Out of Resources"),
    HARD_RESET(ErrorCode.CEASE, 9, "Hard Reset"),
    BFD_DOWN(ErrorCode.CEASE, 10, "BFD Down"),

    // RFC 7313 §5
    INVALID_MESSAGE_LENGTH(ErrorCode.ROUTE_REFRESH_MESSAGE_ERROR, 1, "Invalid Message Length");

    private final ErrorCode code;
    private final int subcode;
    private final String rfcName;

    ErrorSubcode(ErrorCode code, int subcode, String rfcName) {
        this.code = code;
        this.subcode = subcode;
        this.rfcName = rfcName;
    }

    public ErrorCode errorCode() {
        return code;
    }

    public int code() {
        return code.code();
    }

    public int subcode() {
        return subcode;
    }

    public String rfcName() {
        return rfcName;
    }

    /** The named subcode for this pair, or null when the registry has no name for it here. */
    public static ErrorSubcode of(int code, int subcode) {
        for (ErrorSubcode s : values()) {
            if (s.code.code() == code && s.subcode == subcode) {
                return s;
            }
        }
        return null;
    }

    /** "UPDATE Message Error / Malformed AS_PATH"; codes without subcodes print alone. */
    @Override
    public String toString() {
        return code == ErrorCode.HOLD_TIMER_EXPIRED ? code.rfcName() : code.rfcName() + " / " + rfcName;
    }
}
