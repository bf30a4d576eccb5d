package io.ovnbgp.bgp.wire;

import java.util.Arrays;
import java.util.Optional;

/** NOTIFICATION (RFC 4271 §4.5). Codes are kept as numbers so that unknown ones survive decoding. */
public record NotificationMessage(int code, int subcode, byte[] data) implements BgpMessage {

    public NotificationMessage {
        if (code < 0 || code > 255 || subcode < 0 || subcode > 255) {
            throw new IllegalArgumentException("error code and subcode are single octets");
        }
        data = data == null ? new byte[0] : data.clone();
    }

    public NotificationMessage(ErrorSubcode reason, byte[] data) {
        this(reason.code(), reason.subcode(), data);
    }

    public static NotificationMessage of(ErrorSubcode reason) {
        return new NotificationMessage(reason, new byte[0]);
    }

    /** Cease / Administrative Shutdown with a Shutdown Communication (RFC 8203, RFC 9003). */
    public static NotificationMessage administrativeShutdown(String communication) {
        return new NotificationMessage(
                ErrorSubcode.ADMINISTRATIVE_SHUTDOWN, ShutdownCommunication.encode(communication));
    }

    /** Cease / Administrative Reset with a Shutdown Communication (RFC 8203, RFC 9003). */
    public static NotificationMessage administrativeReset(String communication) {
        return new NotificationMessage(ErrorSubcode.ADMINISTRATIVE_RESET, ShutdownCommunication.encode(communication));
    }

    @Override
    public MessageType type() {
        return MessageType.NOTIFICATION;
    }

    /** A copy, so that the message stays immutable. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** The named subcode, when the RFCs define this code/subcode pair. */
    public Optional<ErrorSubcode> reason() {
        return Optional.ofNullable(ErrorSubcode.of(code, subcode));
    }

    /** The operator's text of an Administrative Shutdown or Reset, when present and well-formed. */
    public Optional<String> shutdownCommunication() {
        if (code != ErrorCode.CEASE.code()
                || (subcode != ErrorSubcode.ADMINISTRATIVE_SHUTDOWN.subcode()
                        && subcode != ErrorSubcode.ADMINISTRATIVE_RESET.subcode())) {
            return Optional.empty();
        }
        return ShutdownCommunication.decode(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NotificationMessage n
                && n.code == code
                && n.subcode == subcode
                && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return (code * 256 + subcode) * 31 + Arrays.hashCode(data);
    }

    /** "Cease / Administrative Shutdown: "maintenance"" or "UPDATE Message Error / Malformed AS_PATH (data 0203...)". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(ErrorCode.describe(code, subcode));
        Optional<String> text = shutdownCommunication();
        if (text.isPresent()) {
            sb.append(": \"").append(text.get()).append('"');
        } else if (data.length > 0) {
            sb.append(" (data ").append(Hex.of(data, 64)).append(')');
        }
        return sb.toString();
    }
}
