package io.ovnbgp.bridge.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovnbgp.bgp.fsm.PeerCounters;
import io.ovnbgp.bgp.fsm.PeerCounters.Direction;
import io.ovnbgp.bgp.fsm.PeerCounters.NotificationKind;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.rib.PeerRibStats;
import io.ovnbgp.bgp.rib.PeerRibStats.FamilyCounts;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.MessageType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The /metrics exposition: names, labels and values as Prometheus scrapes them. */
class BridgeMetricsTest {
    private static final AfiSafi V4 = AfiSafi.IPV4_UNICAST;
    private static final AfiSafi V6 = AfiSafi.IPV6_UNICAST;

    private static String scrape(BridgeMetrics m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The exposition's lines for one metric (samples only, no HELP/TYPE), in order. */
    private static List<String> samples(String exposition, String name) {
        List<String> out = new ArrayList<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                out.add(line);
            }
        }
        return out;
    }

    private static PeerRibStats rib(String peer, long teardowns, FamilyCounts v4, FamilyCounts v6) {
        return new PeerRibStats(
                peer,
                true,
                40,
                3,
                v4.accepted() + v6.accepted(),
                v4.accepted(),
                v6.accepted(),
                5,
                2,
                1,
                0,
                0,
                v4.advertised() + v6.advertised(),
                0,
                0,
                teardowns,
                Set.of(V4, V6),
                Map.of(V4, v4, V6, v6));
    }

    /** tor-a: Established for 42.5 s, both families, messages and NOTIFICATIONs both ways. */
    private static PeerSample torA() {
        Map<MessageType, Long> in = Map.of(
                MessageType.OPEN,
                2L,
                MessageType.UPDATE,
                17L,
                MessageType.KEEPALIVE,
                30L,
                MessageType.NOTIFICATION,
                1L);
        Map<MessageType, Long> out = Map.of(
                MessageType.OPEN, 2L, MessageType.UPDATE, 4L, MessageType.KEEPALIVE, 29L, MessageType.NOTIFICATION, 2L);
        Map<NotificationKind, Long> notifications = Map.of(
                new NotificationKind(Direction.RECEIVED, 6, 4), 1L,
                new NotificationKind(Direction.SENT, 6, 2), 1L,
                new NotificationKind(Direction.SENT, 4, 0), 1L);
        return new PeerSample(
                "tor-a",
                SessionState.ESTABLISHED,
                42_500,
                List.of(V4, V6),
                in,
                out,
                notifications,
                Map.of(PeerCounters.UpdateOutcome.ACCEPTED, 17L, PeerCounters.UpdateOutcome.TREAT_AS_WITHDRAW, 3L),
                2,
                rib("tor-a", 1, new FamilyCounts(12, 10, 2), new FamilyCounts(5, 4, 1)));
    }

    /** tor-b: IPv4 only, trying to connect, and the RIB did not answer for it in this scrape. */
    private static PeerSample torB(PeerRibStats rib) {
        return new PeerSample(
                "tor-b", SessionState.ACTIVE, 0, List.of(V4), Map.of(), Map.of(), Map.of(), Map.of(), 0, rib);
    }

    @Test
    void perPeerSeriesCarryThePeerAndFamilyLabelsAndTheSampledValues() throws IOException {
        BridgeMetrics m = new BridgeMetrics("node1", "test");
        m.peers(() -> List.of(torA(), torB(null)));
        String x = scrape(m);

        assertThat(samples(x, "ovn_bgp_bridge_session_up"))
                .containsExactly(
                        "ovn_bgp_bridge_session_up{peer=\"tor-a\"} 1.0",
                        "ovn_bgp_bridge_session_up{peer=\"tor-b\"} 0.0");
        assertThat(samples(x, "ovn_bgp_bridge_session_state"))
                .containsExactly(
                        "ovn_bgp_bridge_session_state{peer=\"tor-a\"} 6.0",
                        "ovn_bgp_bridge_session_state{peer=\"tor-b\"} 3.0");
        assertThat(samples(x, "ovn_bgp_bridge_session_uptime_seconds"))
                .contains("ovn_bgp_bridge_session_uptime_seconds{peer=\"tor-a\"} 42.5");
        assertThat(samples(x, "ovn_bgp_bridge_session_established_total"))
                .contains("ovn_bgp_bridge_session_established_total{peer=\"tor-a\"} 2.0");

        // prefix counts per family, only for the families each peer is configured with, only when the RIB answered
        assertThat(samples(x, "ovn_bgp_bridge_prefixes_received"))
                .containsExactly(
                        "ovn_bgp_bridge_prefixes_received{afi_safi=\"ipv4-unicast\",peer=\"tor-a\"} 12.0",
                        "ovn_bgp_bridge_prefixes_received{afi_safi=\"ipv6-unicast\",peer=\"tor-a\"} 5.0");
        assertThat(samples(x, "ovn_bgp_bridge_prefixes_accepted"))
                .containsExactly(
                        "ovn_bgp_bridge_prefixes_accepted{afi_safi=\"ipv4-unicast\",peer=\"tor-a\"} 10.0",
                        "ovn_bgp_bridge_prefixes_accepted{afi_safi=\"ipv6-unicast\",peer=\"tor-a\"} 4.0");
        assertThat(samples(x, "ovn_bgp_bridge_prefixes_advertised"))
                .containsExactly(
                        "ovn_bgp_bridge_prefixes_advertised{afi_safi=\"ipv4-unicast\",peer=\"tor-a\"} 2.0",
                        "ovn_bgp_bridge_prefixes_advertised{afi_safi=\"ipv6-unicast\",peer=\"tor-a\"} 1.0");
        assertThat(samples(x, "ovn_bgp_bridge_max_prefix_teardowns_total"))
                .containsExactly("ovn_bgp_bridge_max_prefix_teardowns_total{peer=\"tor-a\"} 1.0");
        assertThat(samples(x, "ovn_bgp_bridge_prefixes_rejected_total"))
                .containsExactly(
                        "ovn_bgp_bridge_prefixes_rejected_total{peer=\"tor-a\",reason=\"as-loop\"} 2.0",
                        "ovn_bgp_bridge_prefixes_rejected_total{peer=\"tor-a\",reason=\"next-hop\"} 1.0",
                        "ovn_bgp_bridge_prefixes_rejected_total{peer=\"tor-a\",reason=\"policy\"} 5.0");

        // every message type for every peer, zeros included, so that rate() has a series from the start
        assertThat(samples(x, "ovn_bgp_bridge_messages_received_total"))
                .hasSize(10)
                .contains(
                        "ovn_bgp_bridge_messages_received_total{peer=\"tor-a\",type=\"update\"} 17.0",
                        "ovn_bgp_bridge_messages_received_total{peer=\"tor-a\",type=\"route_refresh\"} 0.0",
                        "ovn_bgp_bridge_messages_received_total{peer=\"tor-b\",type=\"keepalive\"} 0.0");
        assertThat(samples(x, "ovn_bgp_bridge_messages_sent_total"))
                .contains("ovn_bgp_bridge_messages_sent_total{peer=\"tor-a\",type=\"notification\"} 2.0");

        assertThat(samples(x, "ovn_bgp_bridge_notifications_total"))
                .containsExactlyInAnyOrder(
                        "ovn_bgp_bridge_notifications_total{code=\"6\",direction=\"received\",peer=\"tor-a\","
                                + "reason=\"Cease / Administrative Reset\",subcode=\"4\"} 1.0",
                        "ovn_bgp_bridge_notifications_total{code=\"6\",direction=\"sent\",peer=\"tor-a\","
                                + "reason=\"Cease / Administrative Shutdown\",subcode=\"2\"} 1.0",
                        "ovn_bgp_bridge_notifications_total{code=\"4\",direction=\"sent\",peer=\"tor-a\","
                                + "reason=\"Hold Timer Expired\",subcode=\"0\"} 1.0");
        assertThat(samples(x, "ovn_bgp_bridge_update_errors_total"))
                .contains("ovn_bgp_bridge_update_errors_total{outcome=\"treat-as-withdraw\",peer=\"tor-a\"} 3.0");
        assertThat(x)
                .contains(
                        "# TYPE ovn_bgp_bridge_session_state gauge",
                        "# TYPE ovn_bgp_bridge_notifications_total counter");
        // the old names are gone
        assertThat(x).doesNotContain("ovn_bgp_bridge_peer_");
    }

    @Test
    void peersAreReadAtEachScrapeSoAnAddedPeerAppearsAndARemovedOneDisappears() throws IOException {
        BridgeMetrics m = new BridgeMetrics("node1", "test");
        List<PeerSample> configured = new CopyOnWriteArrayList<>(List.of(torA()));
        m.peers(() -> configured);
        assertThat(samples(scrape(m), "ovn_bgp_bridge_session_up"))
                .containsExactly("ovn_bgp_bridge_session_up{peer=\"tor-a\"} 1.0");

        configured.add(torB(rib("tor-b", 0, new FamilyCounts(0, 0, 0), new FamilyCounts(0, 0, 0))));
        String x = scrape(m);
        assertThat(samples(x, "ovn_bgp_bridge_session_up")).hasSize(2);
        // a peer with nothing yet shows zeros for its family (an alert on "dropped to 0" needs the series)
        assertThat(samples(x, "ovn_bgp_bridge_prefixes_accepted"))
                .contains("ovn_bgp_bridge_prefixes_accepted{afi_safi=\"ipv4-unicast\",peer=\"tor-b\"} 0.0")
                .noneMatch(l -> l.contains("tor-b") && l.contains("ipv6"));

        configured.remove(0);
        x = scrape(m);
        assertThat(x).doesNotContain("peer=\"tor-a\"");
        assertThat(samples(x, "ovn_bgp_bridge_session_up"))
                .containsExactly("ovn_bgp_bridge_session_up{peer=\"tor-b\"} 0.0");
    }

    @Test
    void configMetricsStartValidWithEveryOutcomeAtZeroAndFollowTheReloads() throws IOException {
        BridgeMetrics m = new BridgeMetrics("node1", "test");
        String x = scrape(m);
        assertThat(samples(x, "ovn_bgp_bridge_config_valid")).containsExactly("ovn_bgp_bridge_config_valid 1.0");
        assertThat(samples(x, "ovn_bgp_bridge_config_reloads_total"))
                .containsExactlyInAnyOrder(
                        "ovn_bgp_bridge_config_reloads_total{outcome=\"applied\"} 0.0",
                        "ovn_bgp_bridge_config_reloads_total{outcome=\"refused\"} 0.0",
                        "ovn_bgp_bridge_config_reloads_total{outcome=\"unchanged\"} 0.0");

        m.configReload("refused");
        m.configValid(false);
        m.configReload("refused");
        x = scrape(m);
        assertThat(samples(x, "ovn_bgp_bridge_config_valid")).containsExactly("ovn_bgp_bridge_config_valid 0.0");
        assertThat(samples(x, "ovn_bgp_bridge_config_reloads_total"))
                .contains("ovn_bgp_bridge_config_reloads_total{outcome=\"refused\"} 2.0");

        m.configReload("applied");
        m.configValid(true);
        x = scrape(m);
        assertThat(samples(x, "ovn_bgp_bridge_config_valid")).containsExactly("ovn_bgp_bridge_config_valid 1.0");
        assertThat(samples(x, "ovn_bgp_bridge_config_reloads_total"))
                .contains("ovn_bgp_bridge_config_reloads_total{outcome=\"applied\"} 1.0");

        assertThatThrownBy(() -> m.configReload("ok"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("applied, refused, unchanged");
    }

    @Test
    void thePeerSeriesAreRegisteredOnce() {
        BridgeMetrics m = new BridgeMetrics("node1", "test");
        m.peers(List::of);
        assertThatThrownBy(() -> m.peers(List::of)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sessionStatesAreNumberedAsRfc4273BgpPeerState() {
        assertThat(List.of(SessionState.values()).stream()
                        .map(PeerCollector::stateNumber)
                        .toList())
                .containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(SessionState.values())
                .extracting(SessionState::toString)
                .containsExactly("Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established");
    }
}
