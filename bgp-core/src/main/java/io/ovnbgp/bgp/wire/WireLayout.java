package io.ovnbgp.bgp.wire;

import java.util.List;

/**
 * How a received UPDATE laid out its path attributes: their order, their flags octets as received
 * (Extended Length bit, Partial bit, unused bits) and, where decoding folded several wire
 * attributes into one value (AS4_PATH into AS_PATH on 2-octet sessions, repeated large
 * communities removed), the original octets. None of this is meaning, so it stays outside
 * {@link PathAttributes} and outside {@link UpdateMessage}'s equality; it exists so that
 * re-encoding a valid received UPDATE gives back the same octets.
 *
 * <p>The layout is bound to the attributes it was read with: the encoder uses it only for an
 * UPDATE whose attributes are equal to those and on a session of the same AS width, and falls
 * back to the canonical layout otherwise.
 */
public final class WireLayout {

    /** One attribute as it appeared; {@code verbatim} is its value when the model cannot reproduce it. */
    record Slot(int flags, int typeCode, byte[] verbatim) {}

    private final PathAttributes attributes;
    private final boolean fourOctetAs;
    private final List<Slot> slots;
    private final int mpReachReserved;
    private final boolean structuredMpReach;
    private final boolean structuredMpUnreach;

    WireLayout(
            PathAttributes attributes,
            boolean fourOctetAs,
            List<Slot> slots,
            int mpReachReserved,
            boolean structuredMpReach,
            boolean structuredMpUnreach) {
        this.attributes = attributes;
        this.fourOctetAs = fourOctetAs;
        this.slots = List.copyOf(slots);
        this.mpReachReserved = mpReachReserved;
        this.structuredMpReach = structuredMpReach;
        this.structuredMpUnreach = structuredMpUnreach;
    }

    boolean appliesTo(UpdateMessage m, CodecContext ctx) {
        return fourOctetAs == ctx.fourOctetAs()
                && structuredMpReach == m.mpReach().isPresent()
                && structuredMpUnreach == m.mpUnreach().isPresent()
                && (attributes == m.attributes() || attributes.equals(m.attributes()));
    }

    List<Slot> slots() {
        return slots;
    }

    int mpReachReserved() {
        return mpReachReserved;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("WireLayout[");
        for (int i = 0; i < slots.size(); i++) {
            Slot s = slots.get(i);
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(AttributeType.nameOf(s.typeCode())).append(String.format("/0x%02x", s.flags()));
            if (s.verbatim() != null) {
                sb.append("(verbatim)");
            }
        }
        return sb.append(']').toString();
    }
}
