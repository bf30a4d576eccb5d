package io.ovnbgp.bgp.wire;

/** LOCAL_PREF (RFC 4271 §5.1.5), an unsigned 32-bit preference. */
public record LocalPref(long value) implements PathAttribute {

    public LocalPref {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("LOCAL_PREF " + value + " is not an unsigned 32-bit value");
        }
    }

    @Override
    public int typeCode() {
        return AttributeType.LOCAL_PREF.code();
    }
}
