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
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The node's Pod subnet, from its Logical_Switch in NB, advertised to the upstream router and kept current. */
@ExtendWith(RealDaemons.class)
class PodNetworkIT {

    @Test
    void thePodSubnetInNorthboundIsAdvertisedAndFollowsItsChanges(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("ls-add", "node1", "--", "set", "logical_switch", "node1", "other_config:subnet=10.244.1.0/24");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd frr = BridgeFixture.frr(daemons, "127.0.0.2", "10.255.0.2", bridgePort, "203.0.113.2");
        Path conf = daemons.newDir("conf").resolve("config.yaml");
        // next-hop self would be 127.0.0.1 here, which FRR drops as martian: the node's address is given instead
        Files.writeString(
                conf,
                BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort) + """
                peers:
                  - {name: tor-a, address: 127.0.0.2, port: %d, asn: %d, holdTime: 9s, keepaliveTime: 3s,
                     connectRetryTime: 1s, families: [ipv4-unicast],
                     advertise: {podNetwork: true, nextHop: 192.0.2.10, communities: ["64512:300"]}}
                """.formatted(frr.bgpPort(), FRR_AS));
        BridgeFixture.startBridge(daemons, conf, httpPort);

        await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            JsonNode path = frr.vtyshJson("show bgp ipv4 unicast 10.244.1.0/24 json")
                    .path("paths")
                    .path(0);
            assertThat(path.path("nexthops").path(0).path("ip").asText()).isEqualTo("192.0.2.10");
            assertThat(path.path("aspath").path("string").asText()).isEqualTo("64512");
            assertThat(path.path("community").path("string").asText()).isEqualTo("64512:300");
        });

        // the node gets another subnet: the old one is withdrawn, the new one announced, without a restart
        ovn.nbctl("set", "logical_switch", "node1", "other_config:subnet=10.244.7.0/24");
        await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            JsonNode routes = frr.vtyshJson("show bgp ipv4 unicast json").path("routes");
            assertThat(routes.has("10.244.7.0/24"))
                    .as("new subnet at FRR: %s", routes)
                    .isTrue();
            assertThat(routes.has("10.244.1.0/24"))
                    .as("old subnet gone at FRR: %s", routes)
                    .isFalse();
        });
        // our own prefix is never written into OVN as a learned route
        assertThat(ovn.nbctl("lr-route-list", "GR_node1")).doesNotContain("10.244.");
    }
}
