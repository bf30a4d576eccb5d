package io.ovnbgp.bridge.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.RibConfigFactory;
import io.ovnbgp.bridge.config.BridgeConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceCidrsTest {
    private final ServiceCidrs cidrs =
            ServiceCidrs.of(new BridgeConfig.Kubernetes(false, null, List.of("10.96.0.0/16", "fd00:10:96::/112")));

    @Test
    void eachDeclaredRangeIsOriginatedWithTheClusterIpsTag() {
        ServiceIpSourceTest.FakeSink sink = new ServiceIpSourceTest.FakeSink();
        cidrs.originate(sink);
        assertThat(sink.current)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Prefix.parse("10.96.0.0/16"), RibConfigFactory.CLUSTER_IPS,
                        Prefix.parse("fd00:10:96::/112"), RibConfigFactory.CLUSTER_IPS));
    }

    @Test
    void containsOnlyAddressesInsideARangeOfTheirFamily() {
        assertThat(cidrs.contains(IpAddress.parse("10.96.255.255"))).isTrue();
        assertThat(cidrs.contains(IpAddress.parse("fd00:10:96::ffff"))).isTrue();
        assertThat(cidrs.contains(IpAddress.parse("10.97.0.1"))).isFalse();
        assertThat(cidrs.contains(IpAddress.parse("fd00:10:96::1:0"))).isFalse();
        assertThat(ServiceCidrs.NONE.contains(IpAddress.parse("10.96.0.1"))).isFalse();
    }
}
