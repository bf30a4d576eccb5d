package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.UpdateErrorAction.TREAT_AS_WITHDRAW;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the readers of one UPDATE's path attributes put what they find: values into the {@link PathAttributes}
 * builder, each attribute kept into the {@link WireLayout} slots, and each RFC 7606 problem with the octets it
 * concerns. {@link UpdateDecoder} shares it with the readers it hands the AS path and multiprotocol attributes to.
 */
final class AttributeRecorder {

    private final ByteBuf buf;
    private final PathAttributes.Builder attrs = PathAttributes.builder();
    private final List<AttributeProblem> problems = new ArrayList<>(0);
    private final List<WireLayout.Slot> slots = new ArrayList<>(8);

    AttributeRecorder(ByteBuf buf) {
        this.buf = buf;
    }

    ByteBuf buf() {
        return buf;
    }

    PathAttributes.Builder attrs() {
        return attrs;
    }

    List<AttributeProblem> problems() {
        return problems;
    }

    List<WireLayout.Slot> slots() {
        return slots;
    }

    /** Length must equal {@code expected}; reports the RFC 7606 action otherwise. */
    boolean fixedLength(int type, int length, int expected, UpdateErrorAction action, int headerStart, int valueEnd) {
        if (length == expected) {
            return true;
        }
        problem(
                type,
                action,
                ErrorSubcode.ATTRIBUTE_LENGTH_ERROR,
                "Attribute Length " + length + ", expected " + expected,
                headerStart,
                valueEnd);
        return false;
    }

    /** Length must be a non-zero multiple of {@code unit} (RFC 7606 §7.8, §7.14, RFC 8092 §5); treat-as-withdraw otherwise. */
    boolean multipleOf(int type, int length, int unit, int headerStart, int valueEnd) {
        return multipleOf(type, length, unit, TREAT_AS_WITHDRAW, headerStart, valueEnd);
    }

    boolean multipleOf(int type, int length, int unit, UpdateErrorAction action, int headerStart, int valueEnd) {
        if (length > 0 && length % unit == 0) {
            return true;
        }
        problem(
                type,
                action,
                ErrorSubcode.ATTRIBUTE_LENGTH_ERROR,
                "Attribute Length " + length + " is not a non-zero multiple of " + unit,
                headerStart,
                valueEnd);
        return false;
    }

    void problem(int type, UpdateErrorAction action, ErrorSubcode subcode, String reason, int from, int to) {
        problems.add(new AttributeProblem(type, action, subcode, reason, copy(from, to)));
    }

    void keep(int flags, int type) {
        slots.add(new WireLayout.Slot(flags, type, null));
    }

    void keepVerbatim(int flags, int type, int valueStart, int length) {
        slots.add(new WireLayout.Slot(flags, type, copy(valueStart, valueStart + length)));
    }

    void keepRaw(int flags, int type, int valueStart, int length) {
        attrs.unknown(new RawAttribute(flags, type, copy(valueStart, valueStart + length)));
        keep(flags, type);
    }

    byte[] copy(int from, int to) {
        return ByteBufUtil.getBytes(buf, from, to - from);
    }
}
