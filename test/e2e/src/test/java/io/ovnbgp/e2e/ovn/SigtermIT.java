package io.ovnbgp.e2e.ovn;

import static io.ovnbgp.e2e.ovn.BridgeFixture.FRR_AS;
import static io.ovnbgp.e2e.ovn.BridgeFixture.POLL;
import static io.ovnbgp.e2e.ovn.BridgeFixture.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.BridgeYaml;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfig;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGTERM to the packaged bridge, as kubelet sends it: with graceful restart negotiated, FRR keeps the bridge's
 * prefix as stale; without it, FRR is told Cease / Administrative Shutdown with our message and drops the prefix.
 * Either way the learned routes' OVN rows stay for the next start, and the process is gone within the stop's bound.
 */
@ExtendWith(RealDaemons.class)
class SigtermIT {
    private static final String POD_SUBNET = "10.244.1.0/24";
    private static final String LEARNED = "198.51.100.0/24";
    /** BoundedStop.BOUND, plus the JVM's own exit. */
    private static final Duration STOP_BOUND = Duration.ofSeconds(12);

    @Test
    void withGracefulRestartFrrKeepsOurPrefixAsStaleAndTheOvnRowsStay(Daemons daemons) throws Exception {
        Running r = start(daemons, " bgp graceful-restart\n", "");
        long ms = sigterm(r.bridge());
        System.out.printf("SIGTERM with graceful restart: bridge exited after %d ms%n", ms);

        await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            JsonNode path = r.frr()
                    .vtyshJson("show bgp ipv4 unicast " + POD_SUBNET + " json")
                    .path("paths")
                    .path(0);
            assertThat(path.path("stale").asBoolean())
                    .as("path at FRR: %s", path)
                    .isTrue();
        });
        // no NOTIFICATION reached FRR: it is helping us restart, not recording a shutdown
        JsonNode neighbor =
                r.frr().vtyshJson("show bgp neighbors 127.0.0.1 json").path("127.0.0.1");
        assertThat(neighbor.path("lastNotificationReason").asText()).doesNotContain("Cease");
        assertThat(r.bridge().logs()).contains("tor-a: closing without a NOTIFICATION", "stopped in");
        assertThat(BridgeFixture.ownedKeys(BridgeFixture.rows(r.ovn()::nbctl))).containsExactly(r.learnedRow());
        assertThat(ms).isLessThan(STOP_BOUND.toMillis());
    }

    @Test
    void withoutGracefulRestartFrrIsToldCeaseAdministrativeShutdownAndDropsOurPrefix(Daemons daemons) throws Exception {
        Running r = start(daemons, "", ", gracefulRestart: {enabled: false}");
        long ms = sigterm(r.bridge());
        System.out.printf("SIGTERM without graceful restart: bridge exited after %d ms%n", ms);

        await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            JsonNode neighbor =
                    r.frr().vtyshJson("show bgp neighbors 127.0.0.1 json").path("127.0.0.1");
            assertThat(neighbor.path("lastNotificationReason").asText())
                    .as("%s", neighbor)
                    .contains("Cease/Administrative Shutdown");
            assertThat(neighbor.toString()).contains("ovn-bgp-bridge on node1 stopping");
            assertThat(r.frr()
                            .vtyshJson("show bgp ipv4 unicast json")
                            .path("routes")
                            .has(POD_SUBNET))
                    .as("our prefix gone at FRR")
                    .isFalse();
        });
        assertThat(r.bridge().logs()).contains("tor-a: sending Cease / Administrative Shutdown", "stopped in");
        assertThat(BridgeFixture.ownedKeys(BridgeFixture.rows(r.ovn()::nbctl))).containsExactly(r.learnedRow());
        assertThat(ms).isLessThan(STOP_BOUND.toMillis());
    }

    private record Running(OvnDatabases ovn, FrrBgpd frr, ManagedProcess bridge, String learnedRow) {}

    /** tor-a, announcing {@link #LEARNED}; {@code frrExtra} goes inside {@code router bgp} before the neighbor. */
    static String torA(String frrExtra, int bridgePort) {
        return FrrConfig.datacenter("tor-a")
                .logToStdout()
                .routerBgp(FRR_AS, "10.255.0.2")
                .noEbgpPolicy()
                .noImportCheck()
                .raw(frrExtra)
                .neighbor(
                        "127.0.0.1",
                        "remote-as 64512",
                        "port " + bridgePort,
                        "update-source 127.0.0.2",
                        "timers 3 9",
                        "timers connect 1")
                .addressFamily("ipv4 unicast", "network " + LEARNED, "neighbor 127.0.0.1 route-map out4 out")
                .routeMap("out4", "set ip next-hop 203.0.113.2")
                .text();
    }

    /**
     * NB with GR_node1 and the node's switch (Pod subnet {@link #POD_SUBNET}); FRR as tor-a announcing
     * {@link #LEARNED}; the bridge learning it into OVN and advertising the Pod subnet, both sides up.
     */
    private static Running start(Daemons daemons, String frrExtra, String peerExtra) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("ls-add", "node1", "--", "set", "logical_switch", "node1", "other_config:subnet=" + POD_SUBNET);
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd frr = daemons.frr("127.0.0.2", FreePorts.next(), torA(frrExtra, bridgePort));
        Path conf = daemons.newDir("conf").resolve("config.yaml");
        // next-hop self would be 127.0.0.1 here, which FRR drops as martian: the node's address is given instead
        Files.writeString(
                conf,
                BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort)
                        + """
                peers:
                  - {name: tor-a, address: 127.0.0.2, port: %d, asn: %d, holdTime: 9s, keepaliveTime: 3s,
                     connectRetryTime: 1s, families: [ipv4-unicast], receive: {mode: all},
                     advertise: {podNetwork: true, nextHop: 192.0.2.10}%s}
                """.formatted(frr.bgpPort(), FRR_AS, peerExtra));
        ManagedProcess bridge = BridgeFixture.startBridge(daemons, conf, httpPort);
        String learnedRow = LEARNED + " via 203.0.113.2";
        await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(frr.vtyshJson("show bgp ipv4 unicast " + POD_SUBNET + " json")
                            .path("paths")
                            .size())
                    .as("our prefix at FRR")
                    .isEqualTo(1);
            assertThat(BridgeFixture.ownedKeys(BridgeFixture.rows(ovn::nbctl))).containsExactly(learnedRow);
        });
        return new Running(ovn, frr, bridge, learnedRow);
    }

    /** SIGTERM by pid, as kubelet sends it; the milliseconds until the process is gone (bounded wait). */
    private static long sigterm(ManagedProcess bridge) {
        ProcessHandle handle = ProcessHandle.of(bridge.pid()).orElseThrow();
        long start = System.nanoTime();
        handle.destroy();
        await().atMost(STOP_BOUND.plusSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !bridge.isAlive());
        return (System.nanoTime() - start) / 1_000_000;
    }
}
