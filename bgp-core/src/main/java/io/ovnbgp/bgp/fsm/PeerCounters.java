package io.ovnbgp.bgp.fsm;

import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.MessageType;
import io.ovnbgp.bgp.wire.NotificationMessage;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Per-peer counters, written on the BGP event loop and read from anywhere (status, metrics): messages in and
 * out by type, NOTIFICATIONs by direction and error code/subcode, RFC 7606 outcomes, sessions established.
 */
public final class PeerCounters {
    private static final MessageType[] TYPES = MessageType.values();

    /** RFC 7606 outcomes of received UPDATEs (and decoding errors that reset the session). */
    public enum UpdateOutcome {
        ACCEPTED,
        ATTRIBUTE_DISCARD,
        TREAT_AS_WITHDRAW,
        SESSION_RESET
    }

    /** Which way a NOTIFICATION went. */
    public enum Direction {
        SENT,
        RECEIVED
    }

    /** One kind of NOTIFICATION: its direction and its RFC 4271 §4.5 error code and subcode, as numbers. */
    public record NotificationKind(Direction direction, int code, int subcode) {
        static final Comparator<NotificationKind> ORDER = Comparator.comparing(NotificationKind::direction)
                .thenComparingInt(NotificationKind::code)
                .thenComparingInt(NotificationKind::subcode);
    }

    private final AtomicLongArray in = new AtomicLongArray(TYPES.length);
    private final AtomicLongArray out = new AtomicLongArray(TYPES.length);
    private final AtomicLongArray outcomes = new AtomicLongArray(UpdateOutcome.values().length);
    private final AtomicLong established = new AtomicLong();
    /** Few keys in practice (a handful of codes ever occur on a session); both octets bound them anyway. */
    private final Map<NotificationKind, AtomicLong> notifications = new ConcurrentHashMap<>();

    /** Counts a message read from the peer (a NOTIFICATION also by its code and subcode). */
    void received(BgpMessage m) {
        in.incrementAndGet(m.type().ordinal());
        if (m instanceof NotificationMessage n) {
            notification(Direction.RECEIVED, n);
        }
    }

    /** Counts a message handed to the connection for the peer (a NOTIFICATION also by its code and subcode). */
    void sent(BgpMessage m) {
        out.incrementAndGet(m.type().ordinal());
        if (m instanceof NotificationMessage n) {
            notification(Direction.SENT, n);
        }
    }

    private void notification(Direction d, NotificationMessage n) {
        notifications
                .computeIfAbsent(new NotificationKind(d, n.code(), n.subcode()), k -> new AtomicLong())
                .incrementAndGet();
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

    /** NOTIFICATIONs sent and received since the peer was configured, by kind, in a stable order. */
    public Map<NotificationKind, Long> notifications() {
        Map<NotificationKind, Long> m = new TreeMap<>(NotificationKind.ORDER);
        notifications.forEach((k, v) -> m.put(k, v.get()));
        return m;
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
