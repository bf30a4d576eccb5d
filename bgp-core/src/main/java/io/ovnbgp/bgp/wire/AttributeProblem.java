package io.ovnbgp.bgp.wire;

import java.util.Arrays;

/**
 * One error found in an UPDATE's path attributes and how RFC 7606 says to handle it. The
 * subcode and data are what a NOTIFICATION would have carried under RFC 4271, for logs and for
 * the case where the errors escalate to a session reset.
 *
 * @param typeCode the attribute's type code, or 0 when the problem concerns the attribute
 *                 section as a whole (e.g. an attribute header cut short, RFC 7606 §4)
 */
public record AttributeProblem(
        int typeCode, UpdateErrorAction action, ErrorSubcode subcode, String reason, byte[] data) {

    public AttributeProblem {
        if (action == null || action == UpdateErrorAction.NONE) {
            throw new IllegalArgumentException("a problem calls for attribute-discard or treat-as-withdraw");
        }
        data = data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** "AS_PATH: segment length 7 exceeds the 3 octets left". */
    public String describe() {
        return (typeCode == 0 ? "path attributes" : AttributeType.nameOf(typeCode)) + ": " + reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttributeProblem p
                && p.typeCode == typeCode
                && p.action == action
                && p.subcode == subcode
                && p.reason.equals(reason)
                && Arrays.equals(p.data, data);
    }

    @Override
    public int hashCode() {
        return ((typeCode * 31 + action.hashCode()) * 31 + subcode.hashCode()) * 31 + reason.hashCode();
    }

    @Override
    public String toString() {
        return action + " (" + subcode + "): " + describe();
    }
}
