package io.ovnbgp.bgp.wire;

/**
 * A received message the RFCs say must end the session: carries the NOTIFICATION to send.
 * The message text speaks RFC terms, e.g. "UPDATE Message Error / Malformed Attribute List:
 * MP_REACH_NLRI appears more than once".
 */
public final class BgpDecodeException extends Exception {

    private final int code;
    private final int subcode;
    private final byte[] data;

    public BgpDecodeException(ErrorSubcode reason, byte[] data, String detail) {
        this(reason.code(), reason.subcode(), data, detail);
    }

    public BgpDecodeException(ErrorSubcode reason, String detail) {
        this(reason, new byte[0], detail);
    }

    public BgpDecodeException(int code, int subcode, byte[] data, String detail) {
        super(ErrorCode.describe(code, subcode) + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.code = code;
        this.subcode = subcode;
        this.data = data == null ? new byte[0] : data.clone();
    }

    public int code() {
        return code;
    }

    public int subcode() {
        return subcode;
    }

    /** The NOTIFICATION Data field (a copy). */
    public byte[] data() {
        return data.clone();
    }

    public NotificationMessage toNotification() {
        return new NotificationMessage(code, subcode, data);
    }
}
