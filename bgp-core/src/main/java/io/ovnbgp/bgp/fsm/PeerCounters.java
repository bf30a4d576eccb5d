package io.ovnbgp.bgp.fsm;

import io.ovnbgp.bgp.wire.MessageType;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-peer counters, written on the BGP event loop and read from anywhere (status, metrics): messages in and
 * out by type, RFC 7606 outcomes, sessions established.
 */
public final class PeerCounters {
    private static final MessageType[] TYPES = MessageType.values();

    /** RFC 7606 outcomes of received UPDATEs (and decoding errors that reset the session). */
    public enum UpdateOutcome { ACCEPTED, ATTRIBUTE_DISCARD, TREAT_AS_WITHDRAW, SESSION_RESET }

    private final AtomicLongArray in = new AtomicLongArray(TYPES.length);
    private final AtomicLongArray out = new AtomicLongArray(TYPES.length);
    private final AtomicLongArray outcomes = new AtomicLongArray(UpdateOutcome.values().length);
    private final java.util.concurrent.atomic.AtomicLong established = new java.util.concurrent.atomic.AtomicLong();

    void received(MessageType t) {
        in.incrementAndGet(t.ordinal());
    }

    void sent(MessageType t) {
        out.incrementAndGet(t.ordinal());
    }

    void outcome(UpdateOutcome o) {
        outcomes.incrementAndGet(o.ordinal());
    }

    void establishedOnce() {
        established.incrementAndGet();
    }

    public long in(MessageType t) {
        return in.get(t.ordinal());
    }

    public long out(MessageType t) {
        return out.get(t.ordinal());
    }

    public long count(UpdateOutcome o) {
        return outcomes.get(o.ordinal());
    }

    public long timesEstablished() {
        return established.get();
    }

    public Map<MessageType, Long> inByType() {
        Map<MessageType, Long> m = new EnumMap<>(MessageType.class);
        for (MessageType t : TYPES) {
            m.put(t, in.get(t.ordinal()));
        }
        return m;
    }

    public Map<MessageType, Long> outByType() {
        Map<MessageType, Long> m = new EnumMap<>(MessageType.class);
        for (MessageType t : TYPES) {
            m.put(t, out.get(t.ordinal()));
        }
        return m;
    }
}
