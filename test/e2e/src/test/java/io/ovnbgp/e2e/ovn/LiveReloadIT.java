package io.ovnbgp.e2e.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.BridgeYaml;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The configuration file changed under a running bridge, as an administrator changes it: each version is applied
 * as a difference, checked at the real FRR peers (their session uptimes, the NOTIFICATION they last got) and in
 * NB; an invalid version is refused and the running one stays.
 */
@ExtendWith(RealDaemons.class)
class LiveReloadIT extends BridgeFixture {
    private static final String A = "127.0.0.2";
    private static final String B = "127.0.0.3";
    private static final String C = "127.0.0.4";
    private static final String A_NET = "198.51.100.0/24";
    private static final String A_NET2 = "198.51.102.0/24";
    private static final String B_NET = "198.51.101.0/24";
    private static final String C_NET = "198.51.103.0/24";
    private static final String POD_NET = "10.244.1.0/24";

    private Path conf;
    private String header;

    /** Writes a new version the way an editor saves: a new file renamed over the old one. */
    private void write(String peers) throws IOException {
        Path tmp = conf.resolveSibling(".config.yaml.new");
        Files.writeString(tmp, header + "peers:\n" + peers);
        Files.move(tmp, conf, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** What FRR says of the last reset of its session with the bridge: its reason and the NOTIFICATION. */
    private static String lastReset(FrrBgpd frr) {
        JsonNode n = neighbor(frr);
        return n.path("lastResetDueTo").asText() + " / "
                + n.path("lastNotificationReason").asText() + " / "
                + n.path("lastErrorCodeSubcode").asText();
    }

    private static double reloads(int httpPort, String outcome) {
        return metric(metrics(httpPort), "ovn_bgp_bridge_config_reloads_total{outcome=\"" + outcome + "\"}");
    }

    @Test
    void eachVersionIsAppliedAsADifferenceAndAnInvalidOneIsRefused(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("ls-add", "node1", "--", "set", "logical_switch", "node1", "other_config:subnet=" + POD_NET);
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd a = frr(daemons, A, "10.255.0.2", bridgePort, "203.0.113.2", A_NET, A_NET2);
        FrrBgpd b = frr(daemons, B, "10.255.0.3", bridgePort, "203.0.113.3", B_NET);
        FrrBgpd c = frr(daemons, C, "10.255.0.4", bridgePort, "203.0.113.4", C_NET);
        header = BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort);
        conf = daemons.newDir("conf").resolve("config.yaml");
        // nothing advertised but where a step says so: the next hop would be 127.0.0.1, which FRR refuses
        String peerA = peerEntry("tor-a", a, ", receive: {mode: all}, advertise: {podNetwork: false}");
        String peerB = peerEntry("tor-b", b, ", receive: {mode: all}, advertise: {podNetwork: false}");
        write(peerA + peerB);
        ManagedProcess bridge = startBridge(daemons, conf, httpPort);

        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(owned(ovn))
                        .containsExactlyInAnyOrder(
                                A_NET + " via 203.0.113.2", A_NET2 + " via 203.0.113.2", B_NET + " via 203.0.113.3"));
        String aSessions = sessions(a);
        String bSessions = sessions(b);
        assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_config_valid")).isEqualTo(1.0);

        // 1. a session setting of tor-b changes: tor-b alone is reset with Cease / Other Configuration Change
        String peerB2 = peerB.replace("holdTime: 9s", "holdTime: 12s");
        write(peerA + peerB2);
        Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            // FRR records a later, unrelated reason once it reconnects: its log keeps the NOTIFICATION
            assertThat(b.logs()).contains("Cease/Other Configuration Change");
            assertThat(b.neighborState("127.0.0.1")).isEqualTo("Established");
            assertThat(sessions(b)).isNotEqualTo(bSessions);
            assertThat(owned(ovn)).contains(B_NET + " via 203.0.113.3");
        });
        assertThat(sessions(a)).as("tor-a's session is untouched").isEqualTo(aSessions);
        assertThat(reloads(httpPort, "applied")).isEqualTo(1.0);

        // 2. tor-a's import policy alone changes: the session stays and OVN follows the new filter
        String peerAFiltered =
                peerA.replace("receive: {mode: all}", "receive: {mode: filtered, prefixes: [{prefix: " + A_NET + "}]}");
        write(peerAFiltered + peerB2);
        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(owned(ovn))
                        .containsExactlyInAnyOrder(A_NET + " via 203.0.113.2", B_NET + " via 203.0.113.3"));
        // and back: what the filter dropped comes in again (ROUTE-REFRESH), still on the same session
        write(peerA + peerB2);
        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(owned(ovn))
                        .containsExactlyInAnyOrder(
                                A_NET + " via 203.0.113.2", A_NET2 + " via 203.0.113.2", B_NET + " via 203.0.113.3"));
        assertThat(sessions(a)).as("a policy change keeps tor-a's session").isEqualTo(aSessions);

        // 2b. tor-a's export policy alone changes: the Pod subnet is announced with the new next hop, then withdrawn
        String peerAExport = peerEntry(
                "tor-a", a, ", receive: {mode: all}, advertise: {podNetwork: true," + " nextHop: 192.0.2.10}");
        write(peerAExport + peerB2);
        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(a.vtysh("show bgp ipv4 unicast " + POD_NET))
                        .contains("192.0.2.10")
                        .contains("64512"));
        write(peerA + peerB2);
        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() ->
                        assertThat(a.vtysh("show bgp ipv4 unicast " + POD_NET)).contains("not in table"));
        // five versions applied so far: the tor-b reset, the filter and back, the export and back
        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(reloads(httpPort, "applied")).isEqualTo(5.0));
        assertThat(sessions(a)).as("an export change keeps tor-a's session").isEqualTo(aSessions);
        String bSessions2 = sessions(b);

        // 3. an invalid version is refused whole, with the field path; the sessions run on
        write(peerA + peerB2.replace("holdTime: 12s", "holdTime: 2s") + peerEntry("tor-c", c, ", hodlTime: 9s"));
        Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_config_valid")).isEqualTo(0.0);
            assertThat(bridge.logs())
                    .contains("peers[1].holdTime")
                    .contains("peers[2].hodlTime: unknown field")
                    .contains("refused, the running one stays in force");
        });
        assertThat(reloads(httpPort, "refused")).isEqualTo(1.0);
        // the running version again: nothing to do, and valid again
        write(peerA + peerB2);
        Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_config_valid")).isEqualTo(1.0);
            assertThat(reloads(httpPort, "unchanged")).isEqualTo(1.0);
        });
        // a field only a restart applies is refused too, and named
        String restartOnly = header.replace("localASN: 64512", "localASN: 64513");
        assertThat(restartOnly).isNotEqualTo(header);
        Path tmp = conf.resolveSibling(".config.yaml.new");
        Files.writeString(tmp, restartOnly + "peers:\n" + peerA + peerB2);
        Files.move(tmp, conf, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(bridge.logs()).contains("localASN: cannot change while running; a restart applies it");
            assertThat(reloads(httpPort, "refused")).isEqualTo(2.0);
        });
        assertThat(sessions(a)).isEqualTo(aSessions);
        assertThat(sessions(b)).isEqualTo(bSessions2);
        assertThat(owned(ovn)).hasSize(3);

        // 4. tor-b removed, tor-c added: tor-b gets Cease / Peer De-configured and its route leaves OVN
        write(peerA + peerEntry("tor-c", c, ", receive: {mode: all}, advertise: {podNetwork: false}"));
        Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(lastReset(b)).containsAnyOf("Peer Unconfigured", "Peer De-configured");
            assertThat(c.neighborState("127.0.0.1")).isEqualTo("Established");
            assertThat(owned(ovn))
                    .containsExactlyInAnyOrder(
                            A_NET + " via 203.0.113.2", A_NET2 + " via 203.0.113.2", C_NET + " via 203.0.113.4");
            assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_config_valid")).isEqualTo(1.0);
        });
        assertThat(sessions(a)).isEqualTo(aSessions);
        JsonNode status = status(httpPort, null);
        assertThat(status.path("peers").findValuesAsText("name")).containsExactly("tor-a", "tor-c");
        assertThat(status.path("config").path("lastReload").asText()).isEqualTo("applied");
        bridge.assertAlive();
    }

    /** The Kubernetes layout of a mounted ConfigMap: {@code config.yaml -> ..data/config.yaml}, ..data swapped. */
    @Test
    void aKubeletConfigMapUpdateIsApplied(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd a = frr(daemons, A, "10.255.0.2", bridgePort, "203.0.113.2", A_NET);
        String yaml = BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort) + "peers:\n";
        Path dir = daemons.newDir("configmap");
        Path v1 = Files.createDirectory(dir.resolve("..v1"));
        Files.writeString(v1.resolve("config.yaml"), yaml + peerEntry("tor-a", a, ""));
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = Files.createSymbolicLink(dir.resolve("config.yaml"), Path.of("..data/config.yaml"));
        ManagedProcess bridge = startBridge(daemons, file, httpPort);
        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(a.neighborState("127.0.0.1")).isEqualTo("Established"));
        assertThat(owned(ovn)).as("receive defaults to none").isEmpty();
        String before = sessions(a);

        Path v2 = Files.createDirectory(dir.resolve("..v2"));
        Files.writeString(v2.resolve("config.yaml"), yaml + peerEntry("tor-a", a, ", receive: {mode: all}"));
        Path link = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
        Files.move(link, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(owned(ovn)).containsExactlyInAnyOrder(A_NET + " via 203.0.113.2"));
        assertThat(sessions(a)).isEqualTo(before);
        bridge.assertAlive();
    }
}
