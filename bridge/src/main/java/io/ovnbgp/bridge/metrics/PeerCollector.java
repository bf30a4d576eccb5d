package io.ovnbgp.bridge.metrics;

import io.ovnbgp.bgp.fsm.PeerCounters;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.rib.PeerRibStats;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.ErrorCode;
import io.ovnbgp.bgp.wire.MessageType;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The per-peer series, built at each scrape from one reading of the peers configured at that moment: a peer
 * added at run time appears at the next scrape, a removed one's series disappear with it. One reading serves
 * every series, so that the numbers of one scrape agree with each other.
 */
final class PeerCollector implements MultiCollector {
    private final Supplier<? extends Collection<PeerSample>> peers;

    PeerCollector(Supplier<? extends Collection<PeerSample>> peers) {
        this.peers = peers;
    }

    /**
     * The value of {@code ovn_bgp_bridge_session_state}: RFC 4273's bgpPeerState numbering (BGP4-MIB), the one
     * SNMP tools and other exporters use.
     */
    static int stateNumber(SessionState s) {
        return switch (s) {
            case IDLE -> 1;
            case CONNECT -> 2;
            case ACTIVE -> 3;
            case OPEN_SENT -> 4;
            case OPEN_CONFIRM -> 5;
            case ESTABLISHED -> 6;
        };
    }

    @Override
    public MetricSnapshots collect() {
        Series series = new Series();
        for (PeerSample p : peers.get()) {
            series.session(p);
            series.rib(p);
        }
        return series.build();
    }

    /** Every family of series of one scrape, filled peer by peer. */
    private static final class Series {
        private final Gauges up = new Gauges(
                "ovn_bgp_bridge_session_up", "1 while the BGP session with the peer is Established, " + "else 0");
        private final Gauges state = new Gauges(
                "ovn_bgp_bridge_session_state",
                "BGP FSM state of the session, numbered as RFC "
                        + "4273 bgpPeerState: 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established");
        private final Gauges uptime = new Gauges(
                "ovn_bgp_bridge_session_uptime_seconds",
                "Seconds since the session reached " + "Established, 0 while it is not");
        private final Counters established = new Counters(
                "ovn_bgp_bridge_session_established", "Times the session with the peer " + "reached Established");
        private final Gauges received = new Gauges(
                "ovn_bgp_bridge_prefixes_received",
                "Prefixes of the family held from the peer "
                        + "before import policy: the accepted ones plus rejected ones kept for soft-reconfiguration inbound "
                        + "(without it, rejected announcements are not kept), stale ones included");
        private final Gauges accepted = new Gauges(
                "ovn_bgp_bridge_prefixes_accepted",
                "Prefixes of the family from the peer "
                        + "that import policy accepted (Adj-RIB-In post-policy), stale ones included");
        private final Gauges advertised = new Gauges(
                "ovn_bgp_bridge_prefixes_advertised",
                "Prefixes of the family advertised to " + "the peer (Adj-RIB-Out); 0 while the session is down");
        private final Counters rejected = new Counters(
                "ovn_bgp_bridge_prefixes_rejected",
                "Prefix announcements from the peer "
                        + "not accepted, by reason: policy (import policy), as-loop (our AS in the AS_PATH), next-hop (a "
                        + "next hop nothing can be forwarded to)");
        private final Counters teardowns = new Counters(
                "ovn_bgp_bridge_max_prefix_teardowns",
                "Sessions closed because the peer "
                        + "sent more accepted prefixes than maxPrefixes.limit (action teardown)");
        private final Counters msgIn =
                new Counters("ovn_bgp_bridge_messages_received", "BGP messages received from the peer, " + "by type");
        private final Counters msgOut =
                new Counters("ovn_bgp_bridge_messages_sent", "BGP messages sent to the peer, by type");
        private final Counters notifications = new Counters(
                "ovn_bgp_bridge_notifications",
                "NOTIFICATION messages sent to and "
                        + "received from the peer, by direction, error code and subcode (RFC 4271 section 4.5; reason is "
                        + "their RFC name)");
        private final Counters updateErrors = new Counters(
                "ovn_bgp_bridge_update_errors",
                "Received UPDATEs with errors, by RFC "
                        + "7606 outcome (treat-as-withdraw, attribute-discard, session-reset)");

        /** What the session itself counts. */
        void session(PeerSample p) {
            String peer = p.peer();
            up.add(p.state() == SessionState.ESTABLISHED ? 1 : 0, "peer", peer);
            state.add(stateNumber(p.state()), "peer", peer);
            uptime.add(p.uptimeMillis() / 1000.0, "peer", peer);
            established.add(p.established(), "peer", peer);
            for (MessageType t : MessageType.values()) {
                String type = t.name().toLowerCase(Locale.ROOT);
                msgIn.add(p.received().getOrDefault(t, 0L), "peer", peer, "type", type);
                msgOut.add(p.sent().getOrDefault(t, 0L), "peer", peer, "type", type);
            }
            for (Map.Entry<PeerCounters.NotificationKind, Long> e :
                    p.notifications().entrySet()) {
                PeerCounters.NotificationKind k = e.getKey();
                notifications.add(
                        e.getValue(),
                        "peer",
                        peer,
                        "direction",
                        k.direction().name().toLowerCase(Locale.ROOT),
                        "code",
                        Integer.toString(k.code()),
                        "subcode",
                        Integer.toString(k.subcode()),
                        "reason",
                        ErrorCode.describe(k.code(), k.subcode()));
            }
            for (Map.Entry<PeerCounters.UpdateOutcome, Long> e :
                    p.updateErrors().entrySet()) {
                if (e.getKey() != PeerCounters.UpdateOutcome.ACCEPTED) {
                    updateErrors.add(
                            e.getValue(),
                            "peer",
                            peer,
                            "outcome",
                            e.getKey().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
            }
        }

        /** What the RIB counts for the peer, when it answered for this scrape. */
        void rib(PeerSample p) {
            String peer = p.peer();
            PeerRibStats rib = p.rib();
            if (rib == null) {
                return;
            }
            teardowns.add(rib.teardowns(), "peer", peer);
            rejected.add(rib.rejected(), "peer", peer, "reason", "policy");
            rejected.add(rib.loopRejected(), "peer", peer, "reason", "as-loop");
            rejected.add(rib.nextHopRejected(), "peer", peer, "reason", "next-hop");
            for (AfiSafi f : p.families()) {
                PeerRibStats.FamilyCounts c = rib.families().get(f);
                if (c == null) {
                    continue; // a family the RIB keeps no routes of: no count to show
                }
                String family = f.toString();
                received.add(c.received(), "peer", peer, "afi_safi", family);
                accepted.add(c.accepted(), "peer", peer, "afi_safi", family);
                advertised.add(c.advertised(), "peer", peer, "afi_safi", family);
            }
        }

        MetricSnapshots build() {
            MetricSnapshots.Builder out = MetricSnapshots.builder();
            for (Gauges g : List.of(up, state, uptime, received, accepted, advertised)) {
                out.metricSnapshot(g.build());
            }
            for (Counters c : List.of(established, rejected, teardowns, msgIn, msgOut, notifications, updateErrors)) {
                out.metricSnapshot(c.build());
            }
            return out.build();
        }
    }

    /** The data points of one gauge family, collected before the snapshot is built. */
    private static final class Gauges {
        private final GaugeSnapshot.Builder b;
        private final List<GaugeDataPointSnapshot> points = new ArrayList<>();

        Gauges(String name, String help) {
            b = GaugeSnapshot.builder().name(name).help(help);
        }

        void add(double v, String... labels) {
            points.add(GaugeDataPointSnapshot.builder()
                    .value(v)
                    .labels(Labels.of(labels))
                    .build());
        }

        GaugeSnapshot build() {
            points.forEach(b::dataPoint);
            return b.build();
        }
    }

    /** The data points of one counter family; the name is given without {@code _total}, as the model wants. */
    private static final class Counters {
        private final CounterSnapshot.Builder b;
        private final List<CounterDataPointSnapshot> points = new ArrayList<>();

        Counters(String name, String help) {
            b = CounterSnapshot.builder().name(name).help(help);
        }

        void add(double v, String... labels) {
            points.add(CounterDataPointSnapshot.builder()
                    .value(v)
                    .labels(Labels.of(labels))
                    .build());
        }

        CounterSnapshot build() {
            points.forEach(b::dataPoint);
            return b.build();
        }
    }
}
