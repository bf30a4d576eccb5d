package io.ovnbgp.bgp.wire;

/** ORIGIN (RFC 4271 §5.1.1); declaration order is the decision process' preference order. */
public enum Origin implements PathAttribute {
    IGP,
    EGP,
    INCOMPLETE;

    /** The attribute's value octet. */
    public int value() {
        return ordinal();
    }

    /** The ORIGIN for this value octet, or null when RFC 4271 defines none. */
    static Origin ofValue(int value) {
        return value >= 0 && value < 3 ? values()[value] : null;
    }

    @Override
    public int typeCode() {
        return AttributeType.ORIGIN.code();
    }
}
