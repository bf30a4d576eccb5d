package io.ovnbgp.bgp.wire;

/**
 * The RFC 7606 §2 approaches short of a session reset, weakest first. (A session reset is a
 * {@link BgpDecodeException}; "AFI/SAFI disable" is not used by this codec.)
 */
public enum UpdateErrorAction {
    /** The UPDATE was well-formed. */
    NONE,
    /** Some attribute was malformed or repeated and has been left out; the UPDATE stands. */
    ATTRIBUTE_DISCARD,
    /**
     * The UPDATE must be handled as if it withdrew every prefix it announces, classic NLRI and
     * MP_REACH_NLRI alike; {@link UpdateMessage#allWithdrawn()} already does so.
     */
    TREAT_AS_WITHDRAW;

    UpdateErrorAction strongest(UpdateErrorAction other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    @Override
    public String toString() {
        return switch (this) {
            case NONE -> "none";
            case ATTRIBUTE_DISCARD -> "attribute-discard";
            case TREAT_AS_WITHDRAW -> "treat-as-withdraw";
        };
    }
}
