package io.ovnbgp.bgp.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The Shutdown Communication of a Cease / Administrative Shutdown or Administrative Reset
 * NOTIFICATION (RFC 8203, extended to 255 octets by RFC 9003): one length octet, then UTF-8.
 */
public final class ShutdownCommunication {

    /** RFC 9003 §2: the length octet allows at most 255 octets of text. */
    public static final int MAX_OCTETS = 255;

    private ShutdownCommunication() {}

    /**
     * The NOTIFICATION data for this text. Text longer than 255 octets is cut at a character
     * boundary, because the receiver must be able to decode what it gets as UTF-8.
     */
    public static byte[] encode(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(utf8.length, MAX_OCTETS);
        while (len > 0 && len < utf8.length && (utf8[len] & 0xC0) == 0x80) {
            len--; // do not split a multi-octet character
        }
        byte[] out = new byte[len + 1];
        out[0] = (byte) len;
        System.arraycopy(utf8, 0, out, 1, len);
        return out;
    }

    /**
     * The text carried in NOTIFICATION data, if the data holds a well-formed one: the length
     * octet must fit the data and the octets must be valid UTF-8 (RFC 8203 §4 lets a receiver
     * ignore anything else). Octets after the text are allowed and ignored.
     */
    public static Optional<String> decode(byte[] data) {
        if (data.length < 1) {
            return Optional.empty();
        }
        int len = data[0] & 0xFF;
        if (1 + len > data.length) {
            return Optional.empty();
        }
        CharsetDecoder dec = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = dec.decode(ByteBuffer.wrap(data, 1, len));
            return Optional.of(chars.toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
