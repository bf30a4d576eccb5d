package io.ovnbgp.e2e.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.e2e.BridgeYaml;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.e2e.monitoring.MetricNames;
import io.ovnbgp.e2e.monitoring.MonitoringFiles;
import io.ovnbgp.e2e.monitoring.MonitoringFiles.Query;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every metric name the alerts and the dashboard read (manifests/monitoring) has series in a real scrape of the
 * packaged daemon, and every family of ours among them is documented in docs/metrics.md.
 *
 * <p>The Prometheus client writes nothing for a family without samples, not even its {@code # TYPE} line (client_java
 * 1.10's text writer skips it), so a name counts as present only with series. Some families are born with an
 * event, and the test makes each happen: a route learned from FRR (a Northbound transaction: {@code
 * nb_transaction_seconds}; its sync lag), a Pod subnet advertised ({@code originated_prefixes}), and FRR resetting
 * the session ({@code notifications_total}, a received Cease). The rest exist from the start or with the peer.
 */
@ExtendWith(RealDaemons.class)
class MonitoringMetricsIT extends BridgeFixture {
    @Test
    void everyMetricTheAlertsAndTheDashboardReadIsInARealScrape(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("ls-add", "node1", "--", "set", "logical_switch", "node1", "other_config:subnet=10.244.1.0/24");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd frr = frr(daemons, "127.0.0.2", "10.255.0.2", bridgePort, "192.0.2.1", "198.51.100.0/24");
        Path conf = daemons.newDir("conf").resolve("config.yaml");
        Files.writeString(
                conf,
                BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort) + "peers:\n"
                        + peerEntry(
                                "tor-a",
                                frr,
                                ", receive: {mode: all}, gracefulRestart: {enabled: false}, "
                                        + "advertise: {podNetwork: true, nextHop: 192.0.2.10}"));
        ManagedProcess bridge = startBridge(daemons, conf, httpPort);
        Set<String> atStart = sampleNames(metrics(httpPort));

        Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            String m = metrics(httpPort);
            assertThat(metric(m, "ovn_bgp_bridge_session_up{peer=\"tor-a\"}")).isEqualTo(1.0);
            assertThat(owned(ovn)).containsExactly("198.51.100.0/24 via 192.0.2.1");
            assertThat(metric(m, "ovn_bgp_bridge_prefixes_advertised{afi_safi=\"ipv4-unicast\",peer=\"tor-a\"}"))
                    .isEqualTo(1.0);
        });
        frr.vtysh("clear bgp 127.0.0.1");
        Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            String m = metrics(httpPort);
            assertThat(m).contains("ovn_bgp_bridge_notifications_total{code=\"6\",direction=\"received\"");
            assertThat(metric(m, "ovn_bgp_bridge_session_established_total{peer=\"tor-a\"}"))
                    .isEqualTo(2.0);
        });
        String scrape = metrics(httpPort);
        bridge.assertAlive();

        Set<String> exposed = sampleNames(scrape);
        Map<String, List<String>> missing = new TreeMap<>();
        Set<String> used = new TreeSet<>();
        for (Query q : MonitoringFiles.allQueries()) {
            for (String name : MetricNames.in(q.promql())) {
                used.add(name);
                if (!exposed.contains(name)) {
                    missing.computeIfAbsent(name, n -> new ArrayList<>()).add(q.where());
                }
            }
        }
        assertThat(missing)
                .as("metric names read by the alerts or the dashboard with no series in the scrape")
                .isEmpty();
        // a parser that found nothing would pass the check above: the alerts' own metrics must have been seen
        assertThat(used)
                .contains(
                        "ovn_bgp_bridge_session_up",
                        "ovn_bgp_bridge_route_sync_lag_seconds_bucket",
                        "ovn_bgp_bridge_config_valid",
                        "ovn_bgp_bridge_max_prefix_teardowns_total",
                        "ovn_bgp_bridge_nb_connected",
                        "ovn_bgp_bridge_routes_held_back",
                        "ovn_bgp_bridge_build_info");

        String documented = Files.readString(MonitoringFiles.TOP.resolve("docs/metrics.md"));
        Map<String, String> types = types(scrape);
        for (String name : used) {
            if (name.startsWith("ovn_bgp_bridge_")) {
                assertThat(documented)
                        .as("docs/metrics.md documents the family of %s", name)
                        .contains("`" + family(name, types) + "`");
            }
        }
        Set<String> bornWithAnEvent = new TreeSet<>(used);
        bornWithAnEvent.removeAll(atStart);
        System.out.println("metric names used by manifests/monitoring: " + used.size() + "; with series only after "
                + "the session, a route or a NOTIFICATION: " + bornWithAnEvent);
    }

    /** The names of the samples in a scrape (comment lines left out). */
    private static Set<String> sampleNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** {@code # TYPE name type} of a scrape, by name. */
    private static Map<String, String> types(String scrape) {
        Map<String, String> types = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                types.put(f[2], f[3]);
            }
        }
        return types;
    }

    /**
     * The documented name of a series: a histogram's {@code _bucket}, {@code _sum} and {@code _count} belong to the
     * histogram's name, but only where the scrape says that name is a histogram ({@code _count} can end any name).
     */
    private static String family(String name, Map<String, String> types) {
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if ("histogram".equals(types.get(base))) {
                    return base;
                }
            }
        }
        return name;
    }
}
