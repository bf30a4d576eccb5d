package io.ovnbgp.bgp.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * A path attribute this codec does not interpret, kept with its flags so it can be passed on
 * (RFC 4271 §5: unrecognized optional transitive attributes travel on with the Partial bit set).
 * Also holds ORIGINATOR_ID and CLUSTER_LIST (checked for length, RFC 7606 §7.10/§7.11, but not
 * modelled) and MP_REACH/MP_UNREACH_NLRI of families whose NLRI this codec cannot parse.
 *
 * @param flags the Optional, Transitive and Partial bits; Extended Length and the unused low bits
 *              are layout, not meaning, and are cleared here
 */
public record RawAttribute(int flags, int typeCode, byte[] value) implements PathAttribute {

    private static final int MEANINGFUL_FLAGS =
            AttributeType.OPTIONAL | AttributeType.TRANSITIVE | AttributeType.PARTIAL;

    public RawAttribute {
        if (typeCode < 0 || typeCode > 255) {
            throw new IllegalArgumentException("attribute type " + typeCode + " is not one octet");
        }
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("attribute value of " + value.length + " octets exceeds 65535");
        }
        flags &= MEANINGFUL_FLAGS;
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    public boolean isOptional() {
        return (flags & AttributeType.OPTIONAL) != 0;
    }

    public boolean isTransitive() {
        return (flags & AttributeType.TRANSITIVE) != 0;
    }

    public boolean isPartial() {
        return (flags & AttributeType.PARTIAL) != 0;
    }

    public RawAttribute withPartial() {
        return isPartial() ? this : new RawAttribute(flags | AttributeType.PARTIAL, typeCode, value);
    }

    /** Writes the value without exposing the array. */
    void writeValue(ByteBuf out) {
        out.writeBytes(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawAttribute r
                && r.flags == flags
                && r.typeCode == typeCode
                && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
        return (flags * 256 + typeCode) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return AttributeType.nameOf(typeCode) + String.format("[flags=0x%02x, ", flags) + Hex.of(value, 64) + "]";
    }
}
