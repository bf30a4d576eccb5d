package io.ovnbgp.e2e.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.BridgeYaml;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The administrator's commands against the packaged jar, a real NB ovsdb-server and two FRR ToRs: {@code status}
 * and {@code routes} (text and --json) agree with FRR and with the NB rows; both exit 1 when no daemon answers;
 * {@code uninstall} removes exactly this node's routes and BFD rows.
 */
@ExtendWith(RealDaemons.class)
class CliIT extends BridgeFixture {
    static final String P1 = "198.51.100.0/24";
    static final String P2 = "198.51.101.0/24";
    static final String NH_A = "203.0.113.2";
    static final String NH_B = "203.0.113.3";
    static final String POD_SUBNET = "10.244.1.0/24";
    static final Duration CLI = Duration.ofSeconds(60);

    private static Command.Result cli(String... args) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-jar",
                JAR.toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of(), CLI);
    }

    @Test
    void statusAndRoutesShowTheLiveSessionAndUninstallRemovesExactlyThisNodesRows(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("lrp-add", "GR_node1", "rtoe-GR_node1", "02:00:00:00:00:01", "203.0.113.1/24");
        ovn.nbctl("ls-add", "node1", "--", "set", "logical_switch", "node1", "other_config:subnet=" + POD_SUBNET);
        // rows that are not ours: another node's bridge, OVN-Kubernetes' route import, one without external_ids
        ovn.nbctl(
                "--id=@r",
                "create",
                "Logical_Router_Static_Route",
                "ip_prefix=\"" + P1 + "\"",
                "nexthop=\"203.0.113.9\"",
                "external_ids:ovn-bgp-bridge/owner=node2",
                "--",
                "add",
                "Logical_Router",
                "GR_node1",
                "static_routes",
                "@r");
        ovn.nbctl(
                "--id=@r",
                "create",
                "Logical_Router_Static_Route",
                "ip_prefix=\"10.96.0.0/16\"",
                "nexthop=\"192.0.2.98\"",
                "external_ids:k8s.ovn.org/owner-controller=RouteImport",
                "--",
                "add",
                "Logical_Router",
                "GR_node1",
                "static_routes",
                "@r");
        ovn.nbctl("--ecmp", "lr-route-add", "GR_node1", P1, "192.0.2.99");
        ovn.nbctl(
                "create",
                "BFD",
                "logical_port=rtoe-GR_node1",
                "dst_ip=\"203.0.113.50\"",
                "external_ids:ovn-bgp-bridge/owner=node2");

        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd torA = frr(daemons, "127.0.0.2", "10.255.0.2", bridgePort, NH_A, P1, P2);
        FrrBgpd torB = frr(daemons, "127.0.0.3", "10.255.0.3", bridgePort, NH_B, P1);
        Path conf = daemons.newDir("conf").resolve("config.yaml");
        StringBuilder c = new StringBuilder(BridgeYaml.node1(
                        bridgePort, ovn.nbRemote(), "outputPort: \"rtoe-GR_{node}\", bfd: {enabled: true}", httpPort))
                .append("peers:\n");
        for (FrrBgpd f : List.of(torA, torB)) {
            c.append("""
                      - {name: tor-%s, address: %s, port: %d, asn: %d, holdTime: 9s, keepaliveTime: 3s,
                         connectRetryTime: 1s, families: [ipv4-unicast], receive: {mode: all},
                         advertise: {podNetwork: true, nextHop: 192.0.2.10}}
                    """.formatted(f.address().replace('.', '-'), f.address(), f.bgpPort(), FRR_AS));
        }
        Files.writeString(conf, c.toString());
        ManagedProcess bridge = startBridge(daemons, conf, httpPort);

        await("owned rows and the Pod subnet at both ToRs")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    assertThat(ownedKeys(rows(ovn::nbctl)))
                            .containsExactly(P1 + " via " + NH_A, P1 + " via " + NH_B, P2 + " via " + NH_A);
                    for (FrrBgpd f : List.of(torA, torB)) {
                        assertThat(f.vtyshJson("show bgp ipv4 unicast " + POD_SUBNET + " json")
                                        .path("paths"))
                                .hasSize(1);
                    }
                });

        // status, text: one line per peer, Established, prefix counts as FRR sent them; the OVN line
        Command.Result status = cli("status", "--config", conf.toString());
        assertThat(status.exitCode()).as(status.stderr()).isZero();
        List<String> lines = status.stdout().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("ovn-bgp-bridge " + version(httpPort)
                        + ", node node1: local AS 64512, router ID 192.0.2.10, BGP port " + bridgePort);
        assertThat(lines.get(2)).startsWith("Peer").contains("Up/Down", "PfxRcd", "PfxAcc", "PfxSnt", "Last error");
        String[] a = peerLine(lines, "tor-127-0-0-2");
        String[] b = peerLine(lines, "tor-127-0-0-3");
        assertThat(a).startsWith("tor-127-0-0-2", "127.0.0.2", "65001", "Established");
        assertThat(a[4]).matches("\\d\\d:\\d\\d:\\d\\d");
        // PfxRcd is what FRR says it sent (its own networks, and our Pod subnet reflected back, which we refuse as
        // an AS loop); PfxAcc what entered the RIB; PfxSnt the Pod subnet
        assertThat(Integer.parseInt(a[5])).isEqualTo(frrSent(torA));
        assertThat(Integer.parseInt(b[5])).isEqualTo(frrSent(torB));
        assertThat(List.of(a[6], a[7])).containsExactly("2", "1");
        assertThat(List.of(b[6], b[7])).containsExactly("1", "1");
        assertThat(Long.parseLong(a[8])).isPositive();
        assertThat(a[10]).isEqualTo("-");
        assertThat(status.stdout())
                .contains("OVN " + ovn.nbRemote()
                        + ": connected, leader (standalone), monitor_cond_since (1 full dumps, 0 resumed); GR_node1: "
                        + "3 rows owned, 0 held back; sync lag p50 ");

        // status --json: the daemon's document
        Command.Result statusJson = cli("status", "--url", "http://127.0.0.1:" + httpPort, "--json");
        assertThat(statusJson.exitCode()).isZero();
        JsonNode sj = JSON.readTree(statusJson.stdout());
        assertThat(sj.path("peers").findValuesAsText("state")).containsOnly("Established");
        assertThat(sj.path("peers").path(0).path("prefixes").path("accepted").asInt())
                .isEqualTo(2);
        assertThat(sj.path("routes").path("rowsOwned").asInt()).isEqualTo(3);
        assertThat(sj.path("routes").path("syncLag").path("samples").asInt()).isPositive();

        // routes, JSON: learned prefixes with their paths and rows; the originated Pod subnet sent to both ToRs
        Command.Result routesJson = cli("routes", "--config", conf.toString(), "--json");
        assertThat(routesJson.exitCode()).as(routesJson.stderr()).isZero();
        JsonNode rj = JSON.readTree(routesJson.stdout());
        assertThat(rj.path("learned").findValuesAsText("prefix")).containsExactly(P1, P2);
        assertThat(rj.path("learnedTotal").asInt()).isEqualTo(2);
        JsonNode p1 = rj.path("learned").path(0);
        assertThat(p1.path("paths").findValuesAsText("peer"))
                .containsExactlyInAnyOrder("tor-127-0-0-2", "tor-127-0-0-3");
        assertThat(p1.path("paths").findValuesAsText("multipath")).containsOnly("true");
        assertThat(p1.path("paths").findValuesAsText("best")).containsExactlyInAnyOrder("true", "false");
        List<NbRow> nb = rows(ovn::nbctl);
        List<String> p1Uuids = nb.stream()
                .filter(r -> r.prefix().equals(P1))
                .map(NbRow::uuid)
                .sorted()
                .toList();
        assertThat(p1.path("rows").findValuesAsText("uuid").stream().sorted().toList())
                .isEqualTo(p1Uuids);
        assertThat(rj.path("originated").findValuesAsText("prefix")).containsExactly(POD_SUBNET);
        assertThat(rj.path("originated").path(0).path("advertisedTo").findValuesAsText("peer"))
                .containsExactly("tor-127-0-0-2", "tor-127-0-0-3");

        // routes, text: best / ECMP marks, the OVN rows (ours and not) under each prefix, the originated prefix
        Command.Result routes = cli("routes", "--url", "http://127.0.0.1:" + httpPort);
        assertThat(routes.exitCode()).as(routes.stderr()).isZero();
        String out = routes.stdout();
        assertThat(out).startsWith("Learned prefixes: 2\n");
        assertThat(out)
                .containsPattern("\n\\*> " + P1.replace(".", "\\.") + " +203\\.0\\.113\\.[23] +tor-127-0-0-[23]"
                        + " \\(127\\.0\\.0\\.[23]\\) +65001\n");
        assertThat(out)
                .containsPattern("\n\\*= +203\\.0\\.113\\.[23] +tor-127-0-0-[23] \\(127\\.0\\.0\\.[23]\\) +65001\n");
        for (NbRow r : nb.stream().filter(r -> r.prefix().equals(P1)).toList()) {
            String whose = "node1".equals(r.owner()) ? "\\(ours, BFD" : "\\(not ours";
            assertThat(out)
                    .containsPattern("\n +OVN GR_node1 " + r.uuid().substring(0, 8) + " via "
                            + r.nexthop().replace(".", "\\.") + " " + whose);
        }
        assertThat(out)
                .containsPattern("\n" + POD_SUBNET.replace(".", "\\.") + " +podNetwork +tor-127-0-0-2 \\(next "
                        + "hop 192\\.0\\.2\\.10, AS path 64512\\), tor-127-0-0-3");
        // one prefix; and a cut table says how many more there are
        Command.Result one = cli("routes", P2, "--url", "http://127.0.0.1:" + httpPort);
        assertThat(one.exitCode()).isZero();
        assertThat(one.stdout())
                .startsWith("Learned prefixes: 1\n")
                .contains("*> " + P2)
                .doesNotContain(P1);
        Command.Result cut = cli("routes", "--limit", "1", "--url", "http://127.0.0.1:" + httpPort);
        assertThat(cut.stdout())
                .contains("*> " + P1)
                .doesNotContain("*> " + P2)
                .contains("... 1 more learned prefixes not shown");

        // no daemon there: exit 1 and one line, text and JSON alike
        int nobody = FreePorts.next();
        for (String[] args : new String[][] {
            {"status", "--url", "http://127.0.0.1:" + nobody},
            {"routes", "--json", "--url", "http://127.0.0.1:" + nobody}
        }) {
            Command.Result r = cli(args);
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stdout()).isEmpty();
            assertThat(r.stderr().strip())
                    .startsWith("cannot reach ovn-bgp-bridge at http://127.0.0.1:" + nobody + ": ")
                    .doesNotContain("\n");
        }

        // uninstall while the daemon runs: refused, nothing touched
        Command.Result refused = cli("uninstall", "--config", conf.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("refusing: an ovn-bgp-bridge answers at http://127.0.0.1:" + httpPort);
        assertThat(ownedKeys(rows(ovn::nbctl))).hasSize(3);

        // the daemon is gone (killed: its rows stay exactly as they were), then uninstall: exactly this node's go
        bridge.kill();
        await("metrics endpoint closed")
                .atMost(SYNC)
                .until(() -> !cli("status", "--url", "http://127.0.0.1:" + httpPort)
                        .stdout()
                        .contains("Established"));
        List<String> ownedBfd = lines(
                ovn.nbctl("--bare", "--columns=dst_ip", "find", "BFD", "external_ids:ovn-bgp-bridge/owner=node1"));
        assertThat(ownedBfd).containsExactlyInAnyOrder(NH_A, NH_B);
        Command.Result un = cli("uninstall", "--config", conf.toString());
        assertThat(un.exitCode()).as(un.stderr()).isZero();
        assertThat(un.stdout())
                .contains(
                        "removed route GR_node1 " + P1 + " via " + NH_A + " (",
                        "removed route GR_node1 " + P1 + " via " + NH_B + " (",
                        "removed route GR_node1 " + P2 + " via " + NH_A,
                        "removed BFD rtoe-GR_node1 -> " + NH_A,
                        "removed BFD rtoe-GR_node1 -> " + NH_B)
                .contains("removed 3 route(s) and 2 BFD row(s) owned by node1");
        assertThat(un.stdout().lines().filter(l -> l.startsWith("removed route ")))
                .hasSize(3);

        List<NbRow> left = rows(ovn::nbctl);
        assertThat(left).noneMatch(r -> "node1".equals(r.owner()));
        assertThat(left)
                .extracting(NbRow::key)
                .containsExactlyInAnyOrder(
                        P1 + " via 203.0.113.9", "10.96.0.0/16 via 192.0.2.98", P1 + " via 192.0.2.99");
        assertThat(ovn.nbctl(
                        "--bare",
                        "--columns=external_ids",
                        "find",
                        "Logical_Router_Static_Route",
                        "nexthop=\"192.0.2.98\""))
                .contains("RouteImport");
        assertThat(lines(ovn.nbctl("--bare", "--columns=dst_ip", "list", "BFD")))
                .containsExactly("203.0.113.50");
        assertThat(lines(ovn.nbctl("--bare", "--columns=name", "list", "Logical_Router")))
                .containsExactly("GR_node1");
        assertThat(lines(ovn.nbctl("--bare", "--columns=name", "list", "Logical_Switch")))
                .containsExactly("node1");

        // again: nothing left to remove, still exit 0
        Command.Result again = cli("uninstall", "--config", conf.toString());
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout())
                .isEqualTo("removed 0 route(s) and 0 BFD row(s) owned by node1 "
                        + "(ovn-bgp-bridge/owner=node1) from OVN Northbound " + ovn.nbRemote() + "\n");
    }

    private static String version(int httpPort) throws Exception {
        return status(httpPort, null).path("version").asText();
    }

    private static String[] peerLine(List<String> lines, String peer) {
        return lines.stream()
                .filter(l -> l.startsWith(peer + " "))
                .findFirst()
                .orElseThrow()
                .split(" +", 11);
    }

    /** How many prefixes FRR says it sent to the bridge. */
    private static int frrSent(FrrBgpd frr) {
        return frr.vtyshJson("show bgp ipv4 unicast summary json")
                .path("peers")
                .path("127.0.0.1")
                .path("pfxSnt")
                .asInt(-1);
    }

    private static List<String> lines(String s) {
        return s.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
