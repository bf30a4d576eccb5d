package io.ovnbgp.bridge.metrics;

import io.ovnbgp.bgp.fsm.PeerCounters;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.rib.PeerRibStats;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.MessageType;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One peer as a scrape sees it: its session's state and counters, and what the RIB holds for it. Plain values,
 * so that the exposition can be tested without sockets.
 *
 * @param peer          the configured name
 * @param state         the session's FSM state
 * @param uptimeMillis  time since the session reached Established, 0 when it is not
 * @param families      the configured address families, in the configuration's order
 * @param received      messages received, by type
 * @param sent          messages sent, by type
 * @param notifications NOTIFICATIONs by direction, code and subcode
 * @param updateErrors  received UPDATEs by RFC 7606 outcome
 * @param established   times the session reached Established
 * @param rib           the RIB's counts for the peer; null when the RIB did not answer in time (or no longer
 *                      knows the peer): then the series that come from it are left out of this scrape
 */
public record PeerSample(
        String peer,
        SessionState state,
        long uptimeMillis,
        List<AfiSafi> families,
        Map<MessageType, Long> received,
        Map<MessageType, Long> sent,
        Map<PeerCounters.NotificationKind, Long> notifications,
        Map<PeerCounters.UpdateOutcome, Long> updateErrors,
        long established,
        PeerRibStats rib) {

    public PeerSample {
        families = List.copyOf(families);
        received = Map.copyOf(received);
        sent = Map.copyOf(sent);
        notifications = Map.copyOf(notifications);
        updateErrors = Map.copyOf(updateErrors);
    }

    /** Reads a live session; {@code rib} may be null. */
    public static PeerSample of(PeerSession s, PeerRibStats rib) {
        PeerCounters c = s.counters();
        Map<PeerCounters.UpdateOutcome, Long> outcomes = new EnumMap<>(PeerCounters.UpdateOutcome.class);
        for (PeerCounters.UpdateOutcome o : PeerCounters.UpdateOutcome.values()) {
            outcomes.put(o, c.count(o));
        }
        Set<AfiSafi> configured = s.settings().families();
        List<AfiSafi> families = configured.stream()
                .sorted(Comparator.comparingInt(AfiSafi::afi).thenComparingInt(AfiSafi::safi))
                .toList();
        return new PeerSample(
                s.name(),
                s.state(),
                s.uptimeMillis(),
                families,
                c.inByType(),
                c.outByType(),
                c.notifications(),
                outcomes,
                c.timesEstablished(),
                rib);
    }
}
