package io.ovnbgp.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.BridgeYaml;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfig;
import io.ovnbgp.e2e.harness.KubeApi;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged jar, run as an administrator runs it. */
@ExtendWith(RealDaemons.class)
class BridgeJarIT {
    private static final Path JAR = Path.of(System.getProperty("bridge.jar", "../../bridge/target/ovn-bgp-bridge.jar"));

    private static List<String> java(String... args) {
        List<String> argv = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        argv.addAll(List.of(args));
        return argv;
    }

    @Test
    void aMisspeltFieldIsRefusedNamingItsPathAndTheProcessFails(Daemons daemons) throws IOException {
        Path conf = daemons.newDir("conf").resolve("config.yaml");
        Files.writeString(conf, """
                nodeName: node1
                localASN: 64512
                routerID: 192.0.2.10
                peers:
                  - name: tor-a
                    address: 192.0.2.1
                    asn: 65001
                    hodlTime: 90s
                """);
        for (String cmd : List.of("validate", "run")) {
            Command.Result r = Command.run(java(cmd, "--config", conf.toString()), Map.of(), Duration.ofSeconds(60));
            assertThat(r.exitCode()).as("%s exit status", cmd).isEqualTo(2);
            assertThat(r.stderr()).contains("peers[0].hodlTime: unknown field");
        }
    }

    @Test
    void runServesHealthReadinessMetricsAndStatusAndFollowsTheNorthboundDatabase(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        int httpPort = FreePorts.next();
        Path conf = daemons.newDir("conf").resolve("config.yaml");
        Files.writeString(conf, """
                nodeName: node1
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: 127.0.0.1, port: 0}
                ovn: {northbound: "%s"}
                metrics: {address: 127.0.0.1, port: %d}
                peers:
                  - {name: tor-a, address: 127.0.0.2, asn: 65001}
                """.formatted(ovn.nbRemote(), httpPort));
        ManagedProcess bridge = daemons.start("bridge", java("run", "--config", conf.toString()), Map.of());
        String base = "http://127.0.0.1:" + httpPort;

        bridge.awaitReady(
                "/healthz", Duration.ofSeconds(60), () -> get(base + "/healthz").statusCode() == 200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get(base + "/readyz").statusCode()).isEqualTo(200);
            assertThat(get(base + "/metrics").body()).contains("ovn_bgp_bridge_nb_connected 1.0");
        });
        String status = get(base + "/status").body();
        assertThat(status)
                .contains("\"node\" : \"node1\"", "\"ovnRouter\" : \"GR_node1\"", "tor-a")
                .contains("\"schemaVersion\" : \"7.0.0\"");
        assertThat(get(base + "/metrics").body()).contains("ovn_bgp_bridge_configured_peers 1.0", "jvm_memory");

        // the NB server dies: not ready; it comes back: ready again, with no restart of the bridge
        ovn.killNorthbound();
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get(base + "/readyz").statusCode()).isEqualTo(503);
            assertThat(get(base + "/metrics").body()).contains("ovn_bgp_bridge_nb_connected 0.0");
        });
        ovn.startNorthbound();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(get(base + "/readyz").statusCode()).isEqualTo(200));
        bridge.assertAlive();
    }

    /** The packaged bridge in session with FRR as tor-a, and the base of its HTTP address. */
    private record WithFrr(FrrBgpd frr, ManagedProcess bridge, String base) {}

    /**
     * What the session scenarios start from: a dual-stack node1 in NB, FRR as tor-a sending two IPv4 prefixes and
     * one IPv6 prefix, and the packaged bridge, returned once the session is Established on both sides.
     */
    private static WithFrr startWithFrr(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        // a dual-stack node: one Pod subnet of each family to advertise
        ovn.nbctl(
                "ls-add",
                "node1",
                "--",
                "set",
                "logical_switch",
                "node1",
                "other_config:subnet=\"10.244.1.0/24 fd00:10:244:1::/64\"");
        int httpPort = FreePorts.next();
        int bridgePort = FreePorts.next();
        int frrPort = FreePorts.next();
        // FRR sends two IPv4 prefixes and one IPv6 prefix, with next hops the bridge can use (not loopback)
        FrrBgpd frr = torA(daemons, frrPort, bridgePort, """
                 no bgp network import-check
                 address-family ipv4 unicast
                  network 198.51.100.0/24
                  network 203.0.113.0/24
                  neighbor 127.0.0.1 route-map out4 out
                 exit-address-family
                 address-family ipv6 unicast
                  network 2001:db8:a::/48
                  neighbor 127.0.0.1 activate
                  neighbor 127.0.0.1 route-map out6 out
                 exit-address-family
                route-map out4 permit 10
                 set ip next-hop 192.0.2.1
                route-map out6 permit 10
                 set ipv6 next-hop global 2001:db8:ff::1
                """);
        Path conf = daemons.newDir("conf").resolve("config.yaml");
        // without graceful restart, so that the stop at the end is a Cease (with it, the stop is silent: SigtermIT)
        Files.writeString(conf, BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort) + """
                peers:
                  - {name: tor-a, address: 127.0.0.2, port: %d, asn: 65001, holdTime: 9s, keepaliveTime: 3s,
                     connectRetryTime: 1s, families: [ipv4-unicast, ipv6-unicast], receive: {mode: all},
                     gracefulRestart: {enabled: false},
                     advertise: {podNetwork: true, nextHop: 192.0.2.10, nextHop6: "2001:db8:ff::10"}}
                """.formatted(frrPort));
        ManagedProcess bridge = daemons.start("bridge", java("run", "--config", conf.toString()), Map.of());
        String base = "http://127.0.0.1:" + httpPort;
        bridge.awaitReady(
                "/healthz", Duration.ofSeconds(60), () -> get(base + "/healthz").statusCode() == 200);

        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(frr.neighborState("127.0.0.1")).isEqualTo("Established");
                    assertThat(get(base + "/status").body())
                            .contains("\"state\" : \"Established\"")
                            .contains("\"remoteRouterID\" : \"10.255.0.1\"");
                });
        return new WithFrr(frr, bridge, base);
    }

    @Test
    void theBridgeEstablishesASessionWithFrrAndShowsItInStatusAndMetrics(Daemons daemons) throws Exception {
        WithFrr up = startWithFrr(daemons);
        FrrBgpd frr = up.frr();
        String base = up.base();

        // per family, what the bridge counts is what FRR says it sent (pfxSnt) and got (pfxRcd). FRR also sends the
        // bridge's own Pod subnet back (no sender-side loop detection by default): the bridge drops it as an AS
        // loop, so it holds one prefix less than FRR sent, and counts the drop as reason="as-loop"
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    String m = get(base + "/metrics").body();
                    assertThat(metric(m, "ovn_bgp_bridge_session_up{peer=\"tor-a\"}"))
                            .isEqualTo(1.0);
                    assertThat(metric(m, "ovn_bgp_bridge_session_state{peer=\"tor-a\"}"))
                            .isEqualTo(6.0);
                    for (String family : List.of("ipv4", "ipv6")) {
                        JsonNode frrView = frr.vtyshJson("show bgp " + family + " unicast summary json")
                                .path("peers")
                                .path("127.0.0.1");
                        String series = "{afi_safi=\"" + family + "-unicast\",peer=\"tor-a\"}";
                        long sentByFrr = frrView.path("pfxSnt").asLong(-1);
                        long gotByFrr = frrView.path("pfxRcd").asLong(-1);
                        long held = family.equals("ipv4") ? 2 : 1; // FRR's own networks
                        assertThat(sentByFrr).as("FRR's pfxSnt for %s", family).isEqualTo(held + 1);
                        assertThat(gotByFrr).as("FRR's pfxRcd for %s", family).isEqualTo(1);
                        assertThat(metric(m, "ovn_bgp_bridge_prefixes_received" + series))
                                .as(family)
                                .isEqualTo(sentByFrr - 1.0);
                        assertThat(metric(m, "ovn_bgp_bridge_prefixes_accepted" + series))
                                .as(family)
                                .isEqualTo(sentByFrr - 1.0);
                        assertThat(metric(m, "ovn_bgp_bridge_prefixes_advertised" + series))
                                .as(family)
                                .isEqualTo((double) gotByFrr);
                    }
                    assertThat(metric(m, "ovn_bgp_bridge_prefixes_rejected_total{peer=\"tor-a\",reason=\"as-loop\"}"))
                            .isGreaterThanOrEqualTo(2.0);
                    assertThat(metric(m, "ovn_bgp_bridge_messages_received_total{peer=\"tor-a\",type=\"update\"}"))
                            .isGreaterThanOrEqualTo(3.0); // 2 families of routes, their End-of-RIBs
                    assertThat(metric(m, "ovn_bgp_bridge_max_prefix_teardowns_total{peer=\"tor-a\"}"))
                            .isEqualTo(0.0);
                });
    }

    @Test
    void aSessionResetByFrrIsCountedAsTheCeaseItReceivedAndEstablishedAgain(Daemons daemons) throws Exception {
        WithFrr up = startWithFrr(daemons);
        FrrBgpd frr = up.frr();
        String base = up.base();

        // FRR resets the session: the bridge counts the Cease / Administrative Reset it received (6/4)
        frr.vtysh("clear bgp 127.0.0.1");
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    String m = get(base + "/metrics").body();
                    assertThat(metric(
                                    m,
                                    "ovn_bgp_bridge_notifications_total{code=\"6\",direction=\"received\","
                                            + "peer=\"tor-a\",reason=\"Cease / Administrative Reset\",subcode=\"4\"}"))
                            .isEqualTo(1.0);
                    assertThat(metric(m, "ovn_bgp_bridge_session_established_total{peer=\"tor-a\"}"))
                            .isEqualTo(2.0);
                    assertThat(metric(m, "ovn_bgp_bridge_session_up{peer=\"tor-a\"}"))
                            .isEqualTo(1.0);
                });
    }

    @Test
    void anOpenFromAnotherAsIsRefusedAsBadPeerAsUntilFrrHasTheConfiguredAsAgain(Daemons daemons) throws Exception {
        WithFrr up = startWithFrr(daemons);
        FrrBgpd frr = up.frr();
        String base = up.base();

        // FRR's two IPv4 networks held first, so that none held below is the refused session's doing
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(metric(
                                get(base + "/metrics").body(),
                                "ovn_bgp_bridge_prefixes_accepted{afi_safi=\"ipv4-unicast\",peer=\"tor-a\"}"))
                        .isEqualTo(2.0));
        // FRR now opens with another AS than the configured 65001: the bridge sends OPEN Message Error / Bad Peer
        // AS (2/2) and counts it; the session is down meanwhile
        frr.configure("router bgp 65001", "neighbor 127.0.0.1 local-as 65099 no-prepend replace-as");
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    String m = get(base + "/metrics").body();
                    assertThat(
                                    metric(
                                            m,
                                            "ovn_bgp_bridge_notifications_total{code=\"2\",direction=\"sent\","
                                                    + "peer=\"tor-a\",reason=\"OPEN Message Error / Bad Peer AS\",subcode=\"2\"}"))
                            .isGreaterThanOrEqualTo(1.0);
                    assertThat(metric(m, "ovn_bgp_bridge_session_up{peer=\"tor-a\"}"))
                            .isEqualTo(0.0);
                    assertThat(metric(m, "ovn_bgp_bridge_session_state{peer=\"tor-a\"}"))
                            .isLessThan(6.0);
                    assertThat(metric(m, "ovn_bgp_bridge_prefixes_accepted{afi_safi=\"ipv4-unicast\",peer=\"tor-a\"}"))
                            .isEqualTo(0.0);
                });
        frr.configure("router bgp 65001", "no neighbor 127.0.0.1 local-as 65099 no-prepend replace-as");
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(frr.neighborState("127.0.0.1")).isEqualTo("Established"));
    }

    @Test
    void aStoppedBridgeSaysGoodbyeWithCeaseAdministrativeShutdown(Daemons daemons) throws Exception {
        WithFrr up = startWithFrr(daemons);
        FrrBgpd frr = up.frr();

        up.bridge().close();
        // a stopped bridge says goodbye with Cease / Administrative Shutdown, which FRR records
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(frr.vtyshJson("show bgp neighbors 127.0.0.1 json")
                                .path("127.0.0.1")
                                .path("lastNotificationReason")
                                .asText())
                        .contains("Administrative Shutdown"));
    }

    @Test
    void aPeerPasswordComesFromAKubernetesSecretAndAMissingKeyIsRefusedNamingTheField(Daemons daemons)
            throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        int bridgePort = FreePorts.next();
        int frrPort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd frr = torA(daemons, frrPort, bridgePort, " neighbor 127.0.0.1 password md5-from-a-secret\n");
        try (KubeApi kube = KubeApi.start()) {
            kube.createSecret("default", "bgp-auth", Map.of("tor-a", "md5-from-a-secret\n"));
            Path kubeconfig = kube.kubeconfig(daemons.newDir("kube"));
            String config = BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort) + """
                    kubernetes: {kubeconfig: "%s"}
                    peers:
                      - {name: tor-a, address: 127.0.0.2, port: %d, asn: 65001, holdTime: 9s, keepaliveTime: 3s,
                         connectRetryTime: 1s, password: {secretRef: {name: bgp-auth, key: %s}}}
                    """;
            Path bad = daemons.newDir("bad").resolve("config.yaml");
            Files.writeString(bad, config.formatted(kubeconfig, frrPort, "tor-b"));
            Command.Result r = Command.run(java("run", "--config", bad.toString()), Map.of(), Duration.ofSeconds(60));
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderr()).contains("peers[0].password.secretRef: Secret default/bgp-auth has no key 'tor-b'");

            Path good = daemons.newDir("good").resolve("config.yaml");
            Files.writeString(good, config.formatted(kubeconfig, frrPort, "tor-a"));
            ManagedProcess bridge = daemons.start("bridge", java("run", "--config", good.toString()), Map.of());
            String base = "http://127.0.0.1:" + httpPort;
            bridge.awaitReady(
                    "/healthz",
                    Duration.ofSeconds(60),
                    () -> get(base + "/healthz").statusCode() == 200);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(
                            () -> assertThat(frr.neighborState("127.0.0.1")).isEqualTo("Established"));
        }
    }

    /** FRR as tor-a (AS 65001) on 127.0.0.2, the bridge its neighbor; {@code extra} goes under {@code router bgp}. */
    private static FrrBgpd torA(Daemons daemons, int frrPort, int bridgePort, String extra) {
        return daemons.frr("127.0.0.2", frrPort, torAConfig(bridgePort) + extra);
    }

    /** tor-a's configuration: no routes, only the session with the bridge on 127.0.0.1. */
    static String torAConfig(int bridgePort) {
        return FrrConfig.datacenter("tor-a")
                .routerBgp(65001, "10.255.0.1")
                .noEbgpPolicy()
                .neighbor("127.0.0.1", "remote-as 64512", "port " + bridgePort, "timers 3 9")
                .text();
    }

    /** The value of one exact series ({@code name{labels}} as exposed, labels in name order); NaN when absent. */
    private static double metric(String body, String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    private static HttpResponse<String> get(String url) {
        return io.ovnbgp.e2e.Http.get(url);
    }
}
