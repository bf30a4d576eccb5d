package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalSwitch;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodNetworkSourceTest {
    private static LogicalSwitch ls(Map<String, String> otherConfig) {
        return new LogicalSwitch(Uuid.of("00000000-0000-0000-0000-000000000001"), "node1", otherConfig, Map.of());
    }

    @Test
    void readsOvnKubernetesSubnetsAndIpv6PrefixAndSkipsWhatDoesNotParse() {
        assertThat(PodNetworkSource.subnets(ls(Map.of("subnet", "10.244.1.0/24"))))
                .containsExactly(Prefix.parse("10.244.1.0/24"));
        assertThat(PodNetworkSource.subnets(
                        ls(Map.of("subnet", "10.244.1.0/24 10.245.1.0/24", "ipv6_prefix", "fd00:10:244:1::"))))
                .containsExactlyInAnyOrder(
                        Prefix.parse("10.244.1.0/24"),
                        Prefix.parse("10.245.1.0/24"),
                        Prefix.parse("fd00:10:244:1::/64"));
        assertThat(PodNetworkSource.subnets(ls(Map.of("subnet", "not-a-prefix, 10.244.2.0/24"))))
                .containsExactly(Prefix.parse("10.244.2.0/24"));
        assertThat(PodNetworkSource.subnets(ls(Map.of()))).isEmpty();
    }
}
