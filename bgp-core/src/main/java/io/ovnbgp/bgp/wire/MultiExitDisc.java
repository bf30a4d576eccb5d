package io.ovnbgp.bgp.wire;

/** MULTI_EXIT_DISC (RFC 4271 §5.1.4), an unsigned 32-bit metric. */
public record MultiExitDisc(long value) implements PathAttribute {

    public MultiExitDisc {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("MULTI_EXIT_DISC " + value + " is not an unsigned 32-bit value");
        }
    }

    @Override
    public int typeCode() {
        return AttributeType.MULTI_EXIT_DISC.code();
    }
}
