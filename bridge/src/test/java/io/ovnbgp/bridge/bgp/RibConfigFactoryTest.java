package io.ovnbgp.bridge.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.NodeFacts;
import org.junit.jupiter.api.Test;

class RibConfigFactoryTest {
    private static BridgeConfig.Peer peer(String advertise) throws Exception {
        return ConfigLoader.parse("""
                localASN: 64512
                kubernetes: {serviceCIDRs: [10.96.0.0/16]}
                peers:
                  - {name: p, address: 192.0.2.1, asn: 65001, advertise: %s}
                """.formatted(advertise), "test", new NodeFacts("node1", "192.0.2.10"))
                .peers()
                .get(0);
    }

    @Test
    void eachSwitchExportsItsTagAndOnlyIt() throws Exception {
        var clusterIps = RibConfigFactory.from(peer("{clusterIPs: true}")).advertise();
        assertThat(clusterIps.exportsTag(RibConfigFactory.CLUSTER_IPS)).isTrue();
        assertThat(clusterIps.tags()).containsExactly(RibConfigFactory.CLUSTER_IPS);

        var all = RibConfigFactory.from(peer(
                        "{podNetwork: true, loadBalancerIPs: true, externalIPs: true, nodeIP: true, clusterIPs: true}"))
                .advertise();
        assertThat(all.tags())
                .containsExactlyInAnyOrder("podNetwork", "loadBalancerIPs", "externalIPs", "nodeIP", "clusterIPs");

        // off unless said (RFC 8212): a peer with other switches does not get the Service CIDR
        var pods = RibConfigFactory.from(peer("{podNetwork: true}")).advertise();
        assertThat(pods.exportsTag(RibConfigFactory.CLUSTER_IPS)).isFalse();
    }

    @Test
    void turningClusterIpsOnIsAPolicyChangeOfTheRunningPeer() throws Exception {
        assertThat(RibConfigFactory.samePolicy(
                        peer("{podNetwork: true}"), peer("{podNetwork: true, clusterIPs: true}")))
                .isFalse();
        assertThat(RibConfigFactory.samePolicy(peer("{clusterIPs: true}"), peer("{clusterIPs: true}")))
                .isTrue();
    }
}
