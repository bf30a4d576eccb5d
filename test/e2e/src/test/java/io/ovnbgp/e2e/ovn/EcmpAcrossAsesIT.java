package io.ovnbgp.e2e.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.e2e.BridgeYaml;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Files;
import java.nio.file.Path;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The first use case on defaults: a node peering with two upstream routers, each in its own AS, gets an ECMP row
 * per router for a prefix both announce (bestPath.multipathRelax is on by default, as in FRR's datacenter
 * profile); with multipathRelax off, the AS paths differ and one row is written.
 */
@ExtendWith(RealDaemons.class)
class EcmpAcrossAsesIT extends BridgeFixture {
    private static final String NET = "198.51.100.0/24";

    @Test
    void twoRoutersInTwoAsesGiveTwoEcmpRowsOnDefaultsAndOneWithoutRelax(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd a = frr(daemons, "127.0.0.2", "10.255.0.2", 65001, bridgePort, "203.0.113.2", NET);
        FrrBgpd b = frr(daemons, "127.0.0.3", "10.255.0.3", 65002, bridgePort, "203.0.113.3", NET);
        String peers = "peers:\n"
                + peerEntry("tor-a", a, ", receive: {mode: all}")
                + peerEntry("tor-b", b, ", receive: {mode: all}").replace("asn: 65001", "asn: 65002");
        Path conf = daemons.newDir("conf").resolve("config.yaml");
        Files.writeString(conf, BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort) + peers);
        ManagedProcess bridge = startBridge(daemons, conf, httpPort);
        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(owned(ovn))
                        .containsExactlyInAnyOrder(NET + " via 203.0.113.2", NET + " via 203.0.113.3"));
        assertThat(ovn.nbctl("lr-route-list", "GR_node1")).contains("ecmp");
        bridge.close();

        // bestPath is read at start: a restart with multipathRelax off keeps one path (the lower router ID's)
        int httpPort2 = FreePorts.next();
        Files.writeString(
                conf,
                BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort2) + "bestPath: {multipathRelax: false}\n"
                        + peers);
        startBridge(daemons, conf, httpPort2);
        Awaitility.await()
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(owned(ovn)).containsExactly(NET + " via 203.0.113.2"));
    }
}
